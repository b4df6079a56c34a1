#include "pkitool/util/file.hpp"

#include "pkitool/error.hpp"

#include <botan/mem_ops.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pkitool::util {

namespace {

std::string display_name(const std::string& path)
{
    return path == "-" ? std::string("<stdin>") : path;
}

} // namespace

Botan::secure_vector<std::uint8_t> read_input(const std::string& path, std::size_t max_size)
{
    const bool is_stdin = path == "-";
    const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw InputError(display_name(path) + ": cannot open: " + std::strerror(errno));
    }
    struct stat st { };
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!is_stdin) {
            ::close(fd);
        }
        throw InputError(display_name(path) + ": is a directory");
    }

    Botan::secure_vector<std::uint8_t> data;
    std::uint8_t buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int err = errno;
            if (!is_stdin) {
                ::close(fd);
            }
            throw InputError(display_name(path) + ": cannot read: " + std::strerror(err));
        }
        if (n == 0) {
            break;
        }
        if (data.size() + static_cast<std::size_t>(n) > max_size) {
            if (!is_stdin) {
                ::close(fd);
            }
            throw InputError(display_name(path) + ": larger than " + std::to_string(max_size)
                + " bytes; this is not a certificate, key or bundle");
        }
        data.insert(data.end(), buf, buf + n);
    }
    Botan::secure_scrub_memory(buf, sizeof buf);
    if (!is_stdin) {
        ::close(fd);
    }
    return data;
}

} // namespace pkitool::util
