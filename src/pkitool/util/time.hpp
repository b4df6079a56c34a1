// Civil time in UTC as plain numbers. pkitool never trusts Botan's parsed
// certificate times (they accept encodings CUCM rejects), so it converts
// between calendar fields and Unix seconds here, proleptic Gregorian, UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pkitool::util {

using UnixTime = std::int64_t;

inline constexpr std::int64_t k_seconds_per_day = 86400;

struct CivilTime {
    int year = 1970;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

// True when every field is in range for its month and year (no leap
// seconds: X.509 has none).
bool is_valid(const CivilTime& t);

UnixTime to_unix(const CivilTime& t);
CivilTime to_civil(UnixTime t);

// "2026-11-24T22:42:21Z"
std::string format_iso(UnixTime t);

UnixTime now();

// Parses a --at argument: "now", "2026-11-24", "2026-11-24T10:00:00Z",
// "2026-11-24 10:00:00", or the compact "20261124100000Z".
// Throws UsageError with the accepted forms when it cannot.
UnixTime parse_time_argument(std::string_view text);

} // namespace pkitool::util
