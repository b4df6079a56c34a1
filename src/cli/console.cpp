#include "console.hpp"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace pkitool::cli {

bool stdout_is_terminal()
{
    return ::isatty(STDOUT_FILENO) == 1;
}

bool stderr_is_terminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

bool stdin_is_terminal()
{
    return ::isatty(STDIN_FILENO) == 1;
}

bool color_allowed(bool no_color_flag, bool is_terminal)
{
    const char* no_color = std::getenv("NO_COLOR");
    return is_terminal && !no_color_flag && (no_color == nullptr || *no_color == '\0');
}

std::optional<util::SecretString> prompt_password(const std::string& prompt)
{
    if (!stdin_is_terminal()) {
        return std::nullopt;
    }
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    termios saved{};
    const bool have_termios = ::tcgetattr(fd, &saved) == 0;
    if (have_termios) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    (void)!::write(fd, prompt.data(), prompt.size());

    util::SecretString password;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r') {
        password.push_back(c);
    }
    c = 0;
    (void)!::write(fd, "\n", 1);
    if (have_termios) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
    }
    ::close(fd);
    return password;
}

ProgressBar::ProgressBar(std::string label, bool enabled)
    : m_label(std::move(label)), m_enabled(enabled), m_start(std::chrono::steady_clock::now())
{
}

ProgressBar::~ProgressBar()
{
    if (m_drawn) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
}

void ProgressBar::update(std::size_t done, std::size_t total)
{
    using namespace std::chrono_literals;
    const auto now = std::chrono::steady_clock::now();
    if (!m_enabled || total == 0 || now - m_start < 500ms || (now - m_last < 100ms && done < total)) {
        return;
    }
    m_last = now;
    constexpr std::size_t width = 30;
    const std::size_t filled = done * width / total;
    const std::string bar = std::string(filled, '#') + std::string(width - filled, '.');
    std::fprintf(stderr, "\r%s [%s] %zu/%zu", m_label.c_str(), bar.c_str(), done, total);
    std::fflush(stderr);
    m_drawn = true;
}

} // namespace pkitool::cli
