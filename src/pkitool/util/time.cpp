#include "pkitool/util/time.hpp"

#include "pkitool/error.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace pkitool::util {

namespace {

bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month)
{
    static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : k_days[month - 1];
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parse_digits(std::string_view text, std::size_t pos, std::size_t count, int& out)
{
    if (pos + count > text.size()) {
        return false;
    }
    const auto* first = text.data() + pos;
    for (std::size_t i = 0; i < count; ++i) {
        if (first[i] < '0' || first[i] > '9') {
            return false;
        }
    }
    return std::from_chars(first, first + count, out).ec == std::errc{};
}

bool parse_iso(std::string_view text, CivilTime& t)
{
    // YYYY-MM-DD, optionally followed by T or space and HH:MM[:SS], optionally Z.
    if (!parse_digits(text, 0, 4, t.year) || text.size() < 10 || text[4] != '-' || !parse_digits(text, 5, 2, t.month)
        || text[7] != '-' || !parse_digits(text, 8, 2, t.day)) {
        return false;
    }
    std::string_view rest = text.substr(10);
    if (rest.empty()) {
        return true;
    }
    if (rest[0] != 'T' && rest[0] != ' ') {
        return false;
    }
    if (!parse_digits(rest, 1, 2, t.hour) || rest.size() < 6 || rest[3] != ':' || !parse_digits(rest, 4, 2, t.minute)) {
        return false;
    }
    rest = rest.substr(6);
    if (!rest.empty() && rest[0] == ':') {
        if (!parse_digits(rest, 1, 2, t.second)) {
            return false;
        }
        rest = rest.substr(3);
    }
    return rest.empty() || rest == "Z";
}

bool parse_compact(std::string_view text, CivilTime& t)
{
    return text.size() == 15 && text[14] == 'Z' && parse_digits(text, 0, 4, t.year) && parse_digits(text, 4, 2, t.month)
        && parse_digits(text, 6, 2, t.day) && parse_digits(text, 8, 2, t.hour) && parse_digits(text, 10, 2, t.minute)
        && parse_digits(text, 12, 2, t.second);
}

} // namespace

bool is_valid(const CivilTime& t)
{
    return t.year >= 0 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1
        && t.day <= days_in_month(t.year, t.month) && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59
        && t.second >= 0 && t.second <= 59;
}

UnixTime to_unix(const CivilTime& t)
{
    return days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)) * k_seconds_per_day
        + std::int64_t{t.hour} * 3600 + std::int64_t{t.minute} * 60 + t.second;
}

CivilTime to_civil(UnixTime t)
{
    std::int64_t days = t / k_seconds_per_day;
    std::int64_t secs = t % k_seconds_per_day;
    if (secs < 0) {
        secs += k_seconds_per_day;
        --days;
    }
    // civil_from_days, the inverse of days_from_civil above.
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    CivilTime c;
    c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (c.month <= 2 ? 1 : 0));
    c.hour = static_cast<int>(secs / 3600);
    c.minute = static_cast<int>(secs % 3600 / 60);
    c.second = static_cast<int>(secs % 60);
    return c;
}

std::string format_iso(UnixTime t)
{
    const CivilTime c = to_civil(t);
    char buf[32];
    std::snprintf(
        buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second);
    return buf;
}

UnixTime now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

UnixTime parse_time_argument(std::string_view text)
{
    if (text == "now") {
        return now();
    }
    CivilTime t;
    if ((parse_iso(text, t) || parse_compact(text, t)) && is_valid(t)) {
        return to_unix(t);
    }
    throw UsageError("cannot read time \"" + std::string(text)
        + "\": use now, 2026-11-24, 2026-11-24T10:00:00Z or 20261124100000Z (UTC)");
}

} // namespace pkitool::util
