#include "pkitool/der/time.hpp"

#include "pkitool/der/reader.hpp"

#include <algorithm>

namespace pkitool::der {

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

// Reads `count` digits at `pos`, advancing it; false when they are not there.
bool take_number(const std::string& s, std::size_t& pos, std::size_t count, int& out)
{
    if (pos + count > s.size()
        || !std::all_of(s.begin() + static_cast<std::ptrdiff_t>(pos),
            s.begin() + static_cast<std::ptrdiff_t>(pos + count), is_digit)) {
        return false;
    }
    out = 0;
    for (std::size_t i = 0; i < count; ++i) {
        out = out * 10 + (s[pos + i] - '0');
    }
    pos += count;
    return true;
}

void add(std::vector<TimeIssue>& issues, TimeIssue issue)
{
    if (std::find(issues.begin(), issues.end(), issue) == issues.end()) {
        issues.push_back(issue);
    }
}

} // namespace

std::string RawTime::tag_name() const
{
    return universal_tag_name(tag);
}

TimeCheck check_time(const RawTime& time)
{
    TimeCheck result;
    const bool utc = time.tag == tag::utc_time;
    if (!utc && time.tag != tag::generalized_time) {
        result.issues.push_back(TimeIssue::wrong_tag);
        return result;
    }
    const std::string& s = time.text;
    std::size_t pos = 0;
    util::CivilTime t;

    // Date and hour: both forms require them.
    if (utc) {
        if (!take_number(s, pos, 2, t.year)) {
            result.issues.push_back(TimeIssue::bad_characters);
            return result;
        }
        t.year += t.year >= 50 ? 1900 : 2000;
    } else if (!take_number(s, pos, 4, t.year)) {
        result.issues.push_back(TimeIssue::bad_characters);
        return result;
    }
    if (!take_number(s, pos, 2, t.month) || !take_number(s, pos, 2, t.day) || !take_number(s, pos, 2, t.hour)) {
        result.issues.push_back(TimeIssue::bad_characters);
        return result;
    }
    // Minutes are required in UTCTime and optional in GeneralizedTime; RFC
    // 5280 requires both minutes and seconds in either.
    if (!take_number(s, pos, 2, t.minute)) {
        if (utc) {
            result.issues.push_back(TimeIssue::bad_characters);
            return result;
        }
        add(result.issues, TimeIssue::no_seconds);
    } else if (!take_number(s, pos, 2, t.second)) {
        add(result.issues, TimeIssue::no_seconds);
    }
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        add(result.issues, TimeIssue::fractional_seconds);
        ++pos;
        const std::size_t digits_start = pos;
        while (pos < s.size() && is_digit(s[pos])) {
            ++pos;
        }
        if (pos == digits_start) {
            add(result.issues, TimeIssue::bad_characters);
        }
    }

    util::UnixTime offset = 0;
    if (pos == s.size()) {
        add(result.issues, TimeIssue::not_zulu);
    } else if (s[pos] == 'Z' && pos + 1 == s.size()) {
        ++pos;
    } else if ((s[pos] == '+' || s[pos] == '-') && pos + 5 == s.size()) {
        const int sign = s[pos] == '+' ? 1 : -1;
        ++pos;
        int hh = 0;
        int mm = 0;
        if (!take_number(s, pos, 2, hh) || !take_number(s, pos, 2, mm) || hh > 23 || mm > 59) {
            add(result.issues, TimeIssue::bad_characters);
            return result;
        }
        add(result.issues, TimeIssue::not_zulu);
        offset = util::UnixTime{sign} * (util::UnixTime{hh} * 3600 + util::UnixTime{mm} * 60);
    } else {
        add(result.issues, TimeIssue::bad_characters);
        return result;
    }

    if (!util::is_valid(t)) {
        add(result.issues, TimeIssue::invalid_value);
        return result;
    }
    if (!utc && t.year >= 1950 && t.year <= 2049) {
        add(result.issues, TimeIssue::generalized_before_2050);
    }
    result.value = util::to_unix(t) - offset;
    return result;
}

} // namespace pkitool::der
