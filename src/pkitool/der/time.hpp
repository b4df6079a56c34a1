// Certificate validity times read from their raw encoding. RFC 5280
// 4.1.2.5 allows exactly two forms: UTCTime "YYMMDDHHMMSSZ" for 1950-2049
// and GeneralizedTime "YYYYMMDDHHMMSSZ" from 2050 on. CUCM rejects anything
// else, while lenient parsers (Botan's among them) accept much more, so the
// check works on the exact characters.
#pragma once

#include "pkitool/util/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pkitool::der {

struct RawTime {
    std::uint32_t tag = 0; // der::tag::utc_time, der::tag::generalized_time, or whatever was there
    std::string text; // the contents octets, exactly

    // "UTCTime", "GeneralizedTime" or the tag's name.
    std::string tag_name() const;
};

enum class TimeIssue {
    wrong_tag, // neither UTCTime nor GeneralizedTime
    bad_characters, // something other than the digits and the terminator
    no_seconds, // minutes (or hours) given, seconds missing
    fractional_seconds, // ".123"
    not_zulu, // an offset such as +0100, or no terminator at all (local time)
    invalid_value, // month 13, 30 February, hour 24, ...
    generalized_before_2050, // GeneralizedTime for a year UTCTime must carry
};

struct TimeCheck {
    // The instant, when the text can be read at all, even if it breaks
    // RFC 5280 (an offset is applied, a missing seconds field taken as 0).
    std::optional<util::UnixTime> value;
    std::vector<TimeIssue> issues;
};

TimeCheck check_time(const RawTime& time);

} // namespace pkitool::der
