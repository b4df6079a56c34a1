// Output files that appear whole or not at all. The data goes to a
// temporary file in the target's folder; only commit() moves it into place.
// The destructor never commits: an exception midway leaves nothing behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace pkitool::util {

enum class Overwrite { refuse, replace };

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

// Writes `bytes` to `target` through an AtomicFile. Throws OutputError.
void write_file_atomically(
    const std::filesystem::path& target, std::span<const std::uint8_t> bytes, Overwrite overwrite, mode_t mode = 0644);

} // namespace pkitool::util
