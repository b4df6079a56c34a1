#include "pkitool/util/password.hpp"

#include "pkitool/error.hpp"
#include "pkitool/util/file.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace pkitool::util {

PasswordFile read_password_file(const std::string& path)
{
    const auto data = read_input(path, std::size_t{1024} * 1024);
    PasswordFile out;
    std::size_t begin = 0;
    if (data.size() >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        begin = 3;
        out.warnings.push_back(path
            + " starts with a UTF-8 byte order mark: it is not part of the password "
              "(OpenSSL's -passin file: and keytool's -storepass:file would keep it)");
    }
    std::size_t crs = 0;
    std::size_t first_cr_line = 0;
    SecretString line;
    const auto end_line = [&] {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
            if (crs++ == 0) {
                first_cr_line = out.lines.size() + 1;
            }
        }
        out.lines.push_back(line);
        line.clear();
    };
    for (std::size_t i = begin; i < data.size(); ++i) {
        if (data[i] == '\n') {
            end_line();
        } else {
            line.push_back(static_cast<char>(data[i]));
        }
    }
    if (!line.empty()) {
        end_line();
    }
    if (out.lines.empty()) {
        throw InputError(path + ": the password file is empty (write the password on its first line)");
    }
    if (crs > 0) {
        out.warnings.push_back(path + ": line " + std::to_string(first_cr_line)
            + (crs > 1 ? " (and " + std::to_string(crs - 1) + " more)" : std::string())
            + " ends in CR LF (a Windows line ending): the CR is not part of the password (as for keytool; "
              "OpenSSL's -passin file: would keep it)");
    }
    return out;
}

SecretString read_password_env(const std::string& name, const std::string& option)
{
    const bool is_name = !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) == 0
        && std::all_of(name.begin(), name.end(),
            [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
    if (!is_name) {
        // Never repeat it: it may be the password itself.
        throw UsageError(option + " takes the name of an environment variable (letters, digits and _), not the "
            + "password: export P12PW=... then give " + option + " P12PW");
    }
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        throw UsageError("environment variable " + name + " (from " + option + ") is not set");
    }
    return SecretString(value);
}

} // namespace pkitool::util
