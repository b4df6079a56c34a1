// What pkitool decides about a command line before CLI11 parses it, and
// what it says when CLI11 refuses one: the command word (with "did you
// mean"), `pkitool help [COMMAND]`, `--version` only before the command,
// and unknown options named without ever repeating a value (a value typed
// after --password is a secret).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::cli {

// The candidate nearest to `word` (edit distance at most a third of its
// length, at least 1; or a prefix), else "".
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

struct Prescan {
    enum class Action {
        parse, // hand `args` to CLI11
        version, // `pkitool --version` (before any command)
        refuse, // a usage error: `message`
    };
    Action action = Action::parse;
    std::vector<std::string> args; // argv[1..], with `help X` rewritten to `X --help`
    std::string message;
    bool json = false; // --json was on the line (errors then go out as JSON too)
};

// Looks at the global options and the command word only; everything after
// the command is CLI11's.
Prescan prescan(const CLI::App& app, const std::vector<std::string>& args);

// The message for CLI11's "arguments were not expected": the first option
// the chosen command does not know, by name, with a suggestion; a hint on
// --pass-file/--pass-env for anything that looks like a password option;
// positional extras counted, never shown.
std::string unexpected_arguments_message(const CLI::App& app, const std::vector<std::string>& args);

// "pkitool p12 show": the deepest command CLI11 got to.
std::string command_path(const CLI::App& app);

} // namespace pkitool::cli
