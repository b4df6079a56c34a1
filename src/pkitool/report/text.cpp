#include "pkitool/report/text.hpp"

namespace pkitool::report {

namespace {

std::string paint(std::string_view text, const char* code, const TextStyle& style)
{
    if (!style.color) {
        return std::string(text);
    }
    return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
}

} // namespace

void row(std::ostream& out, std::string_view label, std::string_view value)
{
    constexpr std::size_t k_column = 19;
    out << "  " << label;
    for (std::size_t i = label.size(); i < k_column; ++i) {
        out << ' ';
    }
    out << value << '\n';
}

std::string severity_label(Severity severity, const TextStyle& style)
{
    switch (severity) {
    case Severity::error: return paint("error  ", "1;31", style);
    case Severity::warning: return paint("warning", "1;33", style);
    case Severity::note: return paint("note   ", "36", style);
    }
    return "?";
}

std::string bold(std::string_view text, const TextStyle& style)
{
    return paint(text, "1", style);
}

std::string verdict_word(bool ok, const TextStyle& style)
{
    return ok ? paint("OK", "1;32", style) : paint("FAIL", "1;31", style);
}

std::string counts_text(const Counts& counts)
{
    return plural(counts.errors, "error") + ", " + plural(counts.warnings, "warning") + ", "
        + plural(counts.notes, "note");
}

} // namespace pkitool::report
