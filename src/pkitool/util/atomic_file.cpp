#include "pkitool/util/atomic_file.hpp"

#include "pkitool/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace pkitool::util {

namespace {

[[noreturn]] void fail(const std::filesystem::path& target, const std::string& what, int err)
{
    throw OutputError(target.string() + ": " + what + ": " + std::strerror(err));
}

[[noreturn]] void refuse_existing(const std::filesystem::path& target)
{
    throw OutputError(target.string() + ": already exists (use --force to overwrite)");
}

// Writes all of `bytes` to `fd`; errors name `target`.
void write_all(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& target)
{
    const std::uint8_t* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fail(target, "cannot write", errno);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

} // namespace

void refuse_if_exists(const std::filesystem::path& target, Overwrite overwrite)
{
    std::error_code ec;
    if (overwrite == Overwrite::refuse && std::filesystem::exists(target, ec)) {
        refuse_existing(target);
    }
}

void create_folder(const std::filesystem::path& folder)
{
    std::error_code ec;
    if (folder.empty() || std::filesystem::is_directory(folder, ec)) {
        return;
    }
    std::filesystem::create_directories(folder, ec);
    if (ec) {
        throw OutputError(folder.string() + ": cannot create the folder: " + ec.message());
    }
}

AtomicFile::AtomicFile(std::filesystem::path target, Overwrite overwrite, mode_t mode)
    : m_target(std::move(target)), m_overwrite(overwrite)
{
    refuse_if_exists(m_target, overwrite);
    const auto folder = m_target.has_parent_path() ? m_target.parent_path() : std::filesystem::path(".");
    create_folder(folder);
    std::string pattern = (folder / ("." + m_target.filename().string() + ".XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    m_fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (m_fd < 0) {
        fail(m_target, "cannot create a temporary file in " + folder.string(), errno);
    }
    m_temp = name.data();
    if (::fchmod(m_fd, mode) != 0) {
        const int err = errno;
        ::close(m_fd);
        ::unlink(m_temp.c_str());
        m_fd = -1;
        fail(m_target, "cannot set permissions", err);
    }
}

AtomicFile::~AtomicFile()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    if (!m_committed && !m_temp.empty()) {
        ::unlink(m_temp.c_str());
    }
}

void AtomicFile::write(std::span<const std::uint8_t> bytes)
{
    if (m_fd < 0 || m_committed) {
        throw InternalError("AtomicFile::write after commit");
    }
    write_all(m_fd, bytes, m_target);
}

void AtomicFile::write(std::string_view text)
{
    write(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

void AtomicFile::commit()
{
    if (m_fd < 0 || m_committed) {
        throw InternalError("AtomicFile::commit twice");
    }
    if (::fsync(m_fd) != 0) {
        fail(m_target, "cannot flush", errno);
    }
    if (::close(m_fd) != 0) {
        m_fd = -1;
        fail(m_target, "cannot close", errno);
    }
    m_fd = -1;
    if (m_overwrite == Overwrite::replace) {
        if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
            fail(m_target, "cannot move into place", errno);
        }
    } else {
        // link() fails with EEXIST instead of replacing: the check and the
        // move are one step, so a file created meanwhile is never lost.
        if (::link(m_temp.c_str(), m_target.c_str()) != 0) {
            if (errno == EEXIST) {
                refuse_existing(m_target);
            }
            fail(m_target, "cannot move into place", errno);
        }
        ::unlink(m_temp.c_str());
    }
    m_committed = true;
}

void AtomicFileSet::add(const std::filesystem::path& target, std::span<const std::uint8_t> bytes, mode_t mode)
{
    auto file = std::make_unique<AtomicFile>(target, m_overwrite, mode);
    file->write(bytes);
    m_files.push_back(std::move(file));
}

void AtomicFileSet::add(const std::filesystem::path& target, std::string_view text, mode_t mode)
{
    add(target, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), mode);
}

void AtomicFileSet::add_replacing(const std::filesystem::path& target, std::string_view text, mode_t mode)
{
    auto file = std::make_unique<AtomicFile>(target, Overwrite::replace, mode);
    file->write(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    m_files.push_back(std::move(file));
}

void AtomicFileSet::commit()
{
    std::size_t done = 0;
    try {
        for (; done < m_files.size(); ++done) {
            m_files[done]->commit();
        }
    } catch (const OutputError&) {
        // With Overwrite::replace an earlier file is already gone; what was
        // written here is removed so no half set is left behind.
        for (std::size_t i = 0; i < done; ++i) {
            ::unlink(m_files[i]->target().c_str());
        }
        throw;
    }
}

void write_file_atomically(
    const std::filesystem::path& target, std::span<const std::uint8_t> bytes, Overwrite overwrite, mode_t mode)
{
    AtomicFile file(target, overwrite, mode);
    file.write(bytes);
    file.commit();
}

bool is_non_empty_directory(const std::filesystem::path& folder)
{
    std::error_code ec;
    return std::filesystem::is_directory(folder, ec) && !std::filesystem::is_empty(folder, ec);
}

AtomicDirectory::AtomicDirectory(std::filesystem::path target, Overwrite overwrite)
    : m_target(std::move(target)), m_overwrite(overwrite)
{
    while (m_target.has_filename() == false && m_target.has_parent_path()) {
        m_target = m_target.parent_path(); // "out/" names "out"
    }
    std::error_code ec;
    if (std::filesystem::exists(m_target, ec) && !std::filesystem::is_directory(m_target, ec)) {
        throw OutputError(m_target.string() + ": exists and is not a folder");
    }
    if (overwrite == Overwrite::refuse && is_non_empty_directory(m_target)) {
        refuse_existing(m_target);
    }
    const auto parent = m_target.has_parent_path() ? m_target.parent_path() : std::filesystem::path(".");
    create_folder(parent);
    std::string pattern = (parent / ("." + m_target.filename().string() + ".XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    if (::mkdtemp(name.data()) == nullptr) {
        fail(m_target, "cannot create a staging folder in " + parent.string(), errno);
    }
    m_staging = name.data();
    // mkdtemp makes it 0700; the set is meant to be shared like any folder.
    ::chmod(m_staging.c_str(), 0755);
}

AtomicDirectory::~AtomicDirectory()
{
    if (!m_committed && !m_staging.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_staging, ec);
    }
}

void AtomicDirectory::add(const std::filesystem::path& relative, std::span<const std::uint8_t> bytes, mode_t mode)
{
    if (relative.is_absolute() || relative.empty()) {
        throw InternalError("AtomicDirectory::add: " + relative.string() + " is not a relative path");
    }
    const auto path = m_staging / relative;
    std::error_code ec;
    {
        const std::lock_guard lock(m_mutex);
        std::filesystem::create_directories(path.parent_path(), ec);
    }
    if (ec) {
        throw OutputError((m_target / relative.parent_path()).string() + ": cannot create: " + ec.message());
    }
    // The staging folder is this process's own: each file is written in
    // place and flushed before add() returns.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        fail(m_target / relative, "cannot create", errno);
    }
    try {
        if (::fchmod(fd, mode) != 0) {
            fail(m_target / relative, "cannot set permissions", errno);
        }
        write_all(fd, bytes, m_target / relative);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        fail(m_target / relative, "cannot flush", err);
    }
    if (::close(fd) != 0) {
        fail(m_target / relative, "cannot close", errno);
    }
}

void AtomicDirectory::commit()
{
    std::error_code ec;
    std::filesystem::path aside;
    if (std::filesystem::exists(m_target, ec)) {
        if (std::filesystem::is_empty(m_target, ec)) {
            std::filesystem::remove(m_target, ec);
        } else if (m_overwrite == Overwrite::replace) {
            aside = m_staging.string() + ".old";
            if (::rename(m_target.c_str(), aside.c_str()) != 0) {
                fail(m_target, "cannot move the earlier folder aside", errno);
            }
        } else {
            refuse_existing(m_target);
        }
    }
    if (::rename(m_staging.c_str(), m_target.c_str()) != 0) {
        const int err = errno;
        if (!aside.empty()) {
            ::rename(aside.c_str(), m_target.c_str());
        }
        fail(m_target, "cannot move the new folder into place", err);
    }
    m_committed = true;
    if (!aside.empty()) {
        std::filesystem::remove_all(aside, ec);
    }
}

} // namespace pkitool::util
