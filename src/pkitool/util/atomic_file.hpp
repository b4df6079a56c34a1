// Output files that appear whole or not at all. The data goes to a
// temporary file in the target's folder; only commit() moves it into place.
// The destructor never commits: an exception midway leaves nothing behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace pkitool::util {

enum class Overwrite { refuse, replace };

// Throws OutputError "TARGET: already exists (use --force to overwrite)"
// when `target` exists and `overwrite` is refuse: what every writer checks
// before it starts, and again when it writes.
void refuse_if_exists(const std::filesystem::path& target, Overwrite overwrite);

// Creates `folder` and its missing parents, as every writer does for its
// output's folder. Throws OutputError "FOLDER: cannot create the folder:
// REASON".
void create_folder(const std::filesystem::path& folder);

class AtomicFile final {
public:
    // Creates the temporary file. With Overwrite::refuse an existing target
    // is refused here, before any work is done, and again at commit() (a
    // file that appeared in between is not replaced).
    // Throws OutputError.
    AtomicFile(std::filesystem::path target, Overwrite overwrite, mode_t mode = 0644);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Throws OutputError.
    void write(std::span<const std::uint8_t> bytes);
    void write(std::string_view text);

    // Flushes to disk and moves the file into place. Throws OutputError.
    void commit();

    const std::filesystem::path& target() const { return m_target; }

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    Overwrite m_overwrite;
    int m_fd = -1;
    bool m_committed = false;
};

// Several outputs that appear together or not at all: each is written to
// its temporary file first; commit() moves them all into place, and if one
// move fails, the ones already moved are removed again.
class AtomicFileSet final {
public:
    explicit AtomicFileSet(Overwrite overwrite) : m_overwrite(overwrite) { }

    // Creates the temporary file for `target` and writes `bytes` to it.
    // Throws OutputError (an existing target is refused here, early).
    void add(const std::filesystem::path& target, std::span<const std::uint8_t> bytes, mode_t mode = 0644);
    void add(const std::filesystem::path& target, std::string_view text, mode_t mode = 0644);
    // A file of the set that always replaces its target (an index the set
    // updates), whatever the set's own rule.
    void add_replacing(const std::filesystem::path& target, std::string_view text, mode_t mode = 0644);

    // Throws OutputError after undoing what it had moved.
    void commit();

private:
    Overwrite m_overwrite;
    std::vector<std::unique_ptr<AtomicFile>> m_files;
};

// A folder whose whole content appears at once: files are written (and
// flushed) into a staging folder next to the target, and commit() renames
// it into place. add() may be called from several threads at once.
// An existing target must be empty, unless Overwrite::replace: then it is
// moved aside, the new folder renamed in, and the old one removed. The
// destructor removes an uncommitted staging folder.
class AtomicDirectory final {
public:
    // Throws OutputError (an existing non-empty target is refused here,
    // before any work, with Overwrite::refuse).
    AtomicDirectory(std::filesystem::path target, Overwrite overwrite);
    ~AtomicDirectory();
    AtomicDirectory(const AtomicDirectory&) = delete;
    AtomicDirectory& operator=(const AtomicDirectory&) = delete;

    // Writes `relative` (folders created as needed). Throws OutputError.
    void add(const std::filesystem::path& relative, std::span<const std::uint8_t> bytes, mode_t mode = 0644);
    // Throws OutputError; the target is then as it was.
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    Overwrite m_overwrite;
    std::mutex m_mutex; // folders are created one thread at a time
    bool m_committed = false;
};

// True when `folder` exists and holds anything.
bool is_non_empty_directory(const std::filesystem::path& folder);

// Writes `bytes` to `target` through an AtomicFile. Throws OutputError.
void write_file_atomically(
    const std::filesystem::path& target, std::span<const std::uint8_t> bytes, Overwrite overwrite, mode_t mode = 0644);

} // namespace pkitool::util
