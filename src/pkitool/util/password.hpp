// Passwords from a file or an environment variable. The terminal prompt is
// the CLI's business (the library never reads the terminal); it reaches the
// library through the same PasswordSource callback.
#pragma once

#include <botan/secmem.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pkitool::util {

// Characters that are wiped when freed.
using SecretString = std::basic_string<char, std::char_traits<char>, Botan::secure_allocator<char>>;

// Asked for a password when one is needed; `what` says for what (a file
// name). Returns nothing when no password can be had (no terminal, no
// --pass-file); the caller then reports that the input needs one.
using PasswordSource = std::function<std::optional<SecretString>(const std::string& what)>;

// A password file, read as text with one rule (the README's): each line is
// a password; the line ends at LF; a CR before the LF and a UTF-8 byte
// order mark at the start of the file are not part of any password. Peers
// differ: keytool's -storepass:file drops the CR and keeps the BOM,
// OpenSSL's -passin file: keeps both. An empty line is the empty password.
struct PasswordFile {
    std::vector<SecretString> lines;
    // The rule applied where peers differ: a CR dropped, a BOM dropped.
    // Said as warnings, because the same file then opens a key in pkitool
    // and not in OpenSSL.
    std::vector<std::string> warnings;
};

// Throws InputError (unreadable, empty).
PasswordFile read_password_file(const std::string& path);

// The value of environment variable `name`, given with `option`. Throws UsageError when `name`
// is not a variable's name (someone gave the password itself) or the
// variable is not set.
SecretString read_password_env(const std::string& name, const std::string& option = "--pass-env");

} // namespace pkitool::util
