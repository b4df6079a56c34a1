// The one error hierarchy of libpkitool. Every error the library throws is
// one of these; the CLI maps each kind to an exit code in one place
// (src/cli/app.cpp) and never looks at the message to decide.
#pragma once

#include <stdexcept>
#include <string>

namespace pkitool {

enum class ErrorKind {
    usage, // the caller asked for something that cannot be done as asked
    input, // input unreadable, malformed or unsupported
    password, // wrong password, MAC or decryption failure
    output, // output refused (exists) or failed (permissions, disk)
    internal, // a bug: an invariant of pkitool itself does not hold
};

// "usage", "input", "password", "output" or "internal": the names JSON
// documents use.
constexpr const char* error_kind_name(ErrorKind kind) noexcept
{
    switch (kind) {
    case ErrorKind::usage: return "usage";
    case ErrorKind::input: return "input";
    case ErrorKind::password: return "password";
    case ErrorKind::output: return "output";
    case ErrorKind::internal: return "internal";
    }
    return "internal";
}

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), m_kind(kind) { }
    ErrorKind kind() const noexcept { return m_kind; }

private:
    ErrorKind m_kind;
};

class UsageError final : public Error {
public:
    explicit UsageError(const std::string& message) : Error(ErrorKind::usage, message) { }
};

class InputError final : public Error {
public:
    explicit InputError(const std::string& message) : Error(ErrorKind::input, message) { }
};

class PasswordError final : public Error {
public:
    explicit PasswordError(const std::string& message) : Error(ErrorKind::password, message) { }
};

// An input needs a password and none was given: a usage error (exit 2),
// told apart from other usage errors so that a reader of many files can
// still ask for one on a terminal.
class MissingPasswordError final : public Error {
public:
    explicit MissingPasswordError(const std::string& message) : Error(ErrorKind::usage, message) { }
};

class OutputError final : public Error {
public:
    explicit OutputError(const std::string& message) : Error(ErrorKind::output, message) { }
};

class InternalError final : public Error {
public:
    explicit InternalError(const std::string& message) : Error(ErrorKind::internal, message) { }
};

// Throws the error class of `kind` with `message`.
[[noreturn]] inline void throw_error(ErrorKind kind, const std::string& message)
{
    switch (kind) {
    case ErrorKind::usage: throw UsageError(message);
    case ErrorKind::input: throw InputError(message);
    case ErrorKind::password: throw PasswordError(message);
    case ErrorKind::output: throw OutputError(message);
    case ErrorKind::internal: throw InternalError(message);
    }
    throw InternalError(message);
}

// Throws an error of the same kind as `e` with `prefix` (a file name)
// before its message.
[[noreturn]] inline void rethrow_with_prefix(const Error& e, const std::string& prefix)
{
    throw_error(e.kind(), prefix + e.what());
}

} // namespace pkitool
