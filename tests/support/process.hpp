// Runs a program with arguments, optional standard input and extra
// environment, and captures what it prints and how it exits.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace pkitool::test {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

RunResult run(const std::vector<std::string>& argv, const std::string& input = {},
    const std::vector<std::pair<std::string, std::string>>& env = {});

// `pkitool ARGS...`
RunResult pkitool(const std::vector<std::string>& args, const std::string& input = {},
    const std::vector<std::pair<std::string, std::string>>& env = {});

// A fresh temporary directory, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }
    // Writes `content` to NAME and returns its path.
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path m_path;
};

std::string read_text(const std::string& path);

bool contains(const std::string& haystack, const std::string& needle);

// One row of a broken-input table (tests/data/broken/*expected.txt):
// "file  exit  message fragment"; blank lines and # comments are skipped.
struct Expectation {
    std::string file;
    int exit_code = 0;
    std::string fragment;
};
std::vector<Expectation> read_expectations(const std::string& path);

// The message of the pkitool::Error that `f` throws, or "no error".
std::string error_message(const std::function<void()>& f);

// Evaluates a jq filter on `json` and returns its raw output without the
// final newline; a failure (jq refuses anything that is not JSON) is a test
// failure.
std::string jq(const std::string& json, const std::string& filter);

// OpenSSL's "AB:CD:..." (after the '=' of its -fingerprint line, newline
// included) as pkitool's JSON gives fingerprints: lowercase hex, no colons.
std::string plain_hex(const std::string& openssl_hex);

} // namespace pkitool::test
