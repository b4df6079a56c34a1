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

// Every line of `path`, in order, without its line ending ("\n" or "\r\n").
// An empty line is the empty password. Throws InputError.
std::vector<SecretString> read_password_file(const std::string& path);

// The value of environment variable `name`. Throws UsageError when unset.
SecretString read_password_env(const std::string& name);

} // namespace pkitool::util
