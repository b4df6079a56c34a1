// The terminal: is a stream a terminal, may we colour it, and a password
// prompt without echo.
#pragma once

#include "pkitool/util/password.hpp"

#include <chrono>
#include <cstddef>
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

// A one-line progress bar on stderr for long batch work. It draws nothing
// unless `enabled` (stderr is a terminal and not --quiet), nothing during
// the first half second, and at most ten times a second; the destructor
// clears the line.
class ProgressBar final {
public:
    ProgressBar(std::string label, bool enabled);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    void update(std::size_t done, std::size_t total);

private:
    std::string m_label;
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
};

} // namespace pkitool::cli
