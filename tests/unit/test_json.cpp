// util::parse_json: what pkitool's own manifests hold reads back exactly;
// anything else is an InputError with its byte offset, never a crash.
#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/util/json.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

namespace pkitool {
namespace {

TEST(Json, ReadsWhatTheManifestHolds)
{
    const auto doc = util::parse_json(
        R"({"schema": "pkitool-csr-manifest/1", "requests": [{"type": "tomcat", "encrypted": true, "n": -1.5e2,)"
        R"( "none": null, "text": "a\"b\\c\/d\u00e9\ud83d\ude00\n"}], "empty": {}, "list": []})",
        "m.json");
    EXPECT_EQ(doc.text("schema"), "pkitool-csr-manifest/1");
    const auto* requests = doc.find("requests");
    ASSERT_NE(requests, nullptr);
    ASSERT_EQ(requests->array.size(), 1U);
    const auto& r = requests->array.front();
    EXPECT_EQ(r.text("type"), "tomcat");
    EXPECT_TRUE(r.find("encrypted")->boolean);
    EXPECT_EQ(r.find("n")->number, -150.0);
    EXPECT_EQ(r.find("none")->kind, util::Json::Kind::null);
    EXPECT_EQ(r.text("text"), "a\"b\\c/d\xC3\xA9\xF0\x9F\x98\x80\n");
    EXPECT_EQ(doc.text("missing"), "");
}

TEST(Json, RefusesWithThePlace)
{
    for (const char* bad : {"", "{", "{\"a\" 1}", "[1,]", "01", "1.", "\"abc", "\"\\x\"", "\"\\ud800\"", "tru", "{} {}",
             "\"a\nb\"", "-", "1e"}) {
        const auto message = test::error_message([&] { (void)util::parse_json(bad, "m.json"); });
        EXPECT_TRUE(message.starts_with("m.json: byte ")) << bad << ": " << message;
    }
    const std::string deep(100, '[');
    EXPECT_TRUE(test::contains(test::error_message([&] { (void)util::parse_json(deep, "m.json"); }), "nested deeper"));
}

// Regression (libFuzzer, fuzz-toml): a whole number beyond int64's range
// was cast to int64 before the range was known, which is undefined.
TEST(Json, NumbersBeyondInt64StayFloatingInTheTable)
{
    const auto doc = util::parse_json(R"({"small": 36e3, "big": 6e33, "low": -1e19, "edge": -9223372036854775808,)"
                                      R"( "half": 6e-3})",
        "m.json");
    const auto table = to_table(doc);
    EXPECT_EQ(table["small"].value<std::int64_t>(), 36000);
    EXPECT_TRUE(table["big"].is_floating_point());
    EXPECT_DOUBLE_EQ(*table["big"].value<double>(), 6e33);
    EXPECT_TRUE(table["low"].is_floating_point());
    EXPECT_EQ(table["edge"].value<std::int64_t>(), INT64_MIN);
    EXPECT_TRUE(table["half"].is_floating_point());
}

} // namespace
} // namespace pkitool
