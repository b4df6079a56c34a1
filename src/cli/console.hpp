// The terminal: is a stream a terminal, may we colour it, and a password
// prompt without echo.
#pragma once

#include "pkitool/util/password.hpp"

#include <optional>
#include <string>

namespace pkitool::cli {

bool stdout_is_terminal();
bool stderr_is_terminal();
bool stdin_is_terminal();

// NO_COLOR (https://no-color.org) or --no-color turn colour off.
bool color_allowed(bool no_color_flag, bool is_terminal);

// Reads a password from /dev/tty with echo off. Nothing when standard
// input is not a terminal (never prompt a pipe).
std::optional<util::SecretString> prompt_password(const std::string& prompt);

} // namespace pkitool::cli
