#include "pkitool/util/password.hpp"

#include "pkitool/error.hpp"
#include "pkitool/util/file.hpp"

#include <cstdlib>

namespace pkitool::util {

std::vector<SecretString> read_password_file(const std::string& path)
{
    const auto data = read_input(path, std::size_t{1024} * 1024);
    std::vector<SecretString> lines;
    SecretString line;
    for (const auto byte : data) {
        if (byte == '\n') {
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            lines.push_back(line);
            line.clear();
        } else {
            line.push_back(static_cast<char>(byte));
        }
    }
    if (!line.empty()) {
        if (line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(line);
    }
    if (lines.empty()) {
        throw InputError(path + ": the password file is empty (write the password on its first line)");
    }
    return lines;
}

SecretString read_password_env(const std::string& name)
{
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        throw UsageError("environment variable " + name + " (from --pass-env) is not set");
    }
    return SecretString(value);
}

} // namespace pkitool::util
