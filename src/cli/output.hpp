// What a command writes: files, or standard output for an output option
// given as "-", and the lines (or the JSON document) that say so.
#pragma once

#include "app.hpp"

#include "pkitool/util/atomic_file.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::cli {

// Checks an output option before any work is done: "-" (standard output)
// is refused with --json (stdout holds the document) and, for `binary`
// data, on a terminal; an existing file is refused unless `overwrite`
// replaces it. Throws UsageError or OutputError.
void check_output(const Context& context, const std::string& path, bool binary, util::Overwrite overwrite);

// The outputs of one command, written all or nothing: the files through
// util::AtomicFileSet (missing folders created), then what goes to standard
// output. commit() says "Wrote PATH (WHAT)" for each file on stderr, or
// with --json prints one document:
//   {"schema": "pkitool-written/1", "command": "pkitool p12 export",
//    "files": [{"path": ..., "what": ..., "mode": "0600"}]}
class Outputs final {
public:
    Outputs(const Context& context, std::string command, util::Overwrite overwrite);

    // Throws UsageError or OutputError as check_output() does (a file that
    // exists is refused by util::AtomicFileSet::add).
    void add(const std::string& path, std::span<const std::uint8_t> bytes, std::string what, bool binary,
        mode_t mode = 0644);
    void add(const std::string& path, std::string_view text, std::string what, mode_t mode = 0644);
    // Throws OutputError; nothing is in place when it does.
    void commit();

private:
    struct Entry {
        std::string path;
        std::string what;
        mode_t mode;
    };

    const Context& m_context;
    std::string m_command;
    util::Overwrite m_overwrite;
    util::AtomicFileSet m_files;
    std::vector<std::uint8_t> m_stdout;
    std::vector<Entry> m_written;
};

} // namespace pkitool::cli
