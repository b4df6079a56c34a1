#include "pkitool/der/reader.hpp"
#include "pkitool/der/time.hpp"
#include "pkitool/error.hpp"
#include "pkitool/util/time.hpp"

#include <gtest/gtest.h>

namespace pkitool {
namespace {

using der::TimeIssue;

TEST(CivilTime, RoundTripsAcrossCenturiesAndLeapDays)
{
    for (const util::CivilTime t : {util::CivilTime{1950, 1, 1, 0, 0, 0}, util::CivilTime{1970, 1, 1, 0, 0, 0},
             util::CivilTime{2000, 2, 29, 23, 59, 59}, util::CivilTime{2049, 12, 31, 23, 59, 59},
             util::CivilTime{2050, 1, 1, 0, 0, 0}, util::CivilTime{9999, 12, 31, 23, 59, 59}}) {
        const auto back = util::to_civil(util::to_unix(t));
        EXPECT_EQ(back.year, t.year);
        EXPECT_EQ(back.month, t.month);
        EXPECT_EQ(back.day, t.day);
        EXPECT_EQ(back.hour, t.hour);
        EXPECT_EQ(back.second, t.second);
    }
    EXPECT_EQ(util::to_unix({1970, 1, 1, 0, 0, 0}), 0);
    EXPECT_EQ(util::to_unix({2026, 11, 24, 0, 0, 0}), 1795478400);
}

TEST(CivilTime, Validity)
{
    EXPECT_TRUE(util::is_valid({2024, 2, 29, 0, 0, 0}));
    EXPECT_FALSE(util::is_valid({2023, 2, 29, 0, 0, 0}));
    EXPECT_FALSE(util::is_valid({2100, 2, 29, 0, 0, 0}));
    EXPECT_TRUE(util::is_valid({2000, 2, 29, 0, 0, 0}));
    EXPECT_FALSE(util::is_valid({2024, 13, 1, 0, 0, 0}));
    EXPECT_FALSE(util::is_valid({2024, 4, 31, 0, 0, 0}));
    EXPECT_FALSE(util::is_valid({2024, 1, 1, 24, 0, 0}));
    EXPECT_FALSE(util::is_valid({2024, 1, 1, 0, 0, 60}));
}

TEST(TimeArgument, AcceptsTheDocumentedForms)
{
    const auto expected = util::to_unix({2026, 11, 24, 10, 0, 0});
    EXPECT_EQ(util::parse_time_argument("2026-11-24T10:00:00Z"), expected);
    EXPECT_EQ(util::parse_time_argument("2026-11-24 10:00:00"), expected);
    EXPECT_EQ(util::parse_time_argument("2026-11-24T10:00"), expected);
    EXPECT_EQ(util::parse_time_argument("20261124100000Z"), expected);
    EXPECT_EQ(util::parse_time_argument("2026-11-24"), util::to_unix({2026, 11, 24, 0, 0, 0}));
    EXPECT_EQ(util::format_iso(expected), "2026-11-24T10:00:00Z");
}

TEST(TimeArgument, RefusesOthersWithTheAcceptedForms)
{
    for (const char* bad :
        {"", "yesterday", "2026-02-30", "2026-11-24T25:00:00Z", "26-11-24", "2026-11-24T10:00:00+01:00"}) {
        try {
            util::parse_time_argument(bad);
            ADD_FAILURE() << "accepted " << bad;
        } catch (const UsageError& e) {
            EXPECT_NE(std::string(e.what()).find("2026-11-24T10:00:00Z"), std::string::npos);
        }
    }
}

struct TimeCase {
    std::uint32_t tag;
    const char* text;
    std::vector<TimeIssue> issues;
    const char* value; // ISO form, or nullptr when unreadable
};

class RawTimeCheck : public testing::TestWithParam<TimeCase> { };

TEST_P(RawTimeCheck, FindsExactlyTheIssues)
{
    const auto& c = GetParam();
    const auto check = der::check_time({c.tag, c.text});
    EXPECT_EQ(check.issues, c.issues) << c.text;
    if (c.value == nullptr) {
        EXPECT_FALSE(check.value.has_value()) << c.text;
    } else {
        ASSERT_TRUE(check.value.has_value()) << c.text;
        EXPECT_EQ(util::format_iso(*check.value), c.value) << c.text;
    }
}

constexpr std::uint32_t utc = der::tag::utc_time;
constexpr std::uint32_t gen = der::tag::generalized_time;

INSTANTIATE_TEST_SUITE_P(Rfc5280, RawTimeCheck,
    testing::Values(TimeCase{utc, "250101000000Z", {}, "2025-01-01T00:00:00Z"},
        TimeCase{utc, "500101000000Z", {}, "1950-01-01T00:00:00Z"},
        TimeCase{utc, "491231235959Z", {}, "2049-12-31T23:59:59Z"},
        TimeCase{gen, "20500101000000Z", {}, "2050-01-01T00:00:00Z"},
        TimeCase{gen, "20491231235959Z", {TimeIssue::generalized_before_2050}, "2049-12-31T23:59:59Z"},
        TimeCase{utc, "2501010000Z", {TimeIssue::no_seconds}, "2025-01-01T00:00:00Z"},
        TimeCase{gen, "205101010000Z", {TimeIssue::no_seconds}, "2051-01-01T00:00:00Z"},
        TimeCase{gen, "2051010100Z", {TimeIssue::no_seconds}, "2051-01-01T00:00:00Z"},
        TimeCase{gen, "20510101000000.123Z", {TimeIssue::fractional_seconds}, "2051-01-01T00:00:00Z"},
        TimeCase{utc, "250101000000+0100", {TimeIssue::not_zulu}, "2024-12-31T23:00:00Z"},
        TimeCase{utc, "250101000000-0230", {TimeIssue::not_zulu}, "2025-01-01T02:30:00Z"},
        TimeCase{utc, "250101000000", {TimeIssue::not_zulu}, "2025-01-01T00:00:00Z"},
        TimeCase{utc, "251301000000Z", {TimeIssue::invalid_value}, nullptr},
        TimeCase{utc, "250230000000Z", {TimeIssue::invalid_value}, nullptr},
        TimeCase{utc, "250101240000Z", {TimeIssue::invalid_value}, nullptr},
        TimeCase{utc, "25O101000000Z", {TimeIssue::bad_characters}, nullptr},
        TimeCase{utc, "250101000000Zjunk", {TimeIssue::bad_characters}, nullptr},
        TimeCase{utc, "", {TimeIssue::bad_characters}, nullptr},
        TimeCase{der::tag::integer, "250101000000Z", {TimeIssue::wrong_tag}, nullptr}));

} // namespace
} // namespace pkitool
