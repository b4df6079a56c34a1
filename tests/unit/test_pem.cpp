#include "pkitool/error.hpp"
#include "pkitool/load/pem.hpp"

#include <gtest/gtest.h>

namespace pkitool {
namespace {

std::vector<load::PemBlock> parse(const std::string& text)
{
    return load::parse_pem(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), "f.pem");
}

// The error of the first bad block.
std::string error_of(const std::string& text)
{
    for (const auto& block : parse(text)) {
        if (!block.error.empty()) {
            EXPECT_TRUE(block.der.empty());
            return block.error;
        }
    }
    return "no error";
}

// "hello" in base64.
constexpr const char* k_block = "-----BEGIN THING-----\naGVsbG8=\n-----END THING-----\n";

TEST(Pem, ReadsEveryBlockWithItsLine)
{
    const auto blocks = parse(std::string("intro text\n") + k_block + "between\n" + k_block);
    ASSERT_EQ(blocks.size(), 2U);
    EXPECT_EQ(blocks[0].label, "THING");
    EXPECT_EQ(blocks[0].line, 2U);
    EXPECT_EQ(blocks[1].line, 6U);
    EXPECT_EQ(std::string(blocks[1].der.begin(), blocks[1].der.end()), "hello");
}

TEST(Pem, ToleratesCrlfBomIndentationAndMissingFinalNewline)
{
    const auto blocks = parse("\xEF\xBB\xBF  -----BEGIN THING-----\r\n  aGVs\r\nbG8=  \r\n-----END THING-----");
    ASSERT_EQ(blocks.size(), 1U);
    EXPECT_EQ(std::string(blocks[0].der.begin(), blocks[0].der.end()), "hello");
}

TEST(Pem, KeepsRfc1421Headers)
{
    const auto blocks = parse("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00FF\n\n"
                              "aGVsbG8=\n-----END RSA PRIVATE KEY-----\n");
    ASSERT_EQ(blocks.size(), 1U);
    ASSERT_EQ(blocks[0].headers.size(), 2U);
    EXPECT_EQ(blocks[0].headers[0].first, "Proc-Type");
    EXPECT_EQ(blocks[0].headers[1].second, "AES-256-CBC,00FF");
}

TEST(Pem, NamesTheLineOfEachMistake)
{
    EXPECT_EQ(error_of("x\n-----BEGIN THING-----\naGVsbG8=\n"), "f.pem:2: BEGIN THING has no END line (truncated?)");
    EXPECT_EQ(error_of("-----BEGIN THING-----\naGVs!G8=\n-----END THING-----\n"),
        "f.pem:2: not base64 inside the THING block of line 1");
    EXPECT_EQ(error_of("-----BEGIN THING-----\naGVsbG8=\n-----END OTHER-----\n"),
        "f.pem:3: END OTHER closes the BEGIN THING block of line 1");
    EXPECT_EQ(error_of("-----BEGIN THING-----\n-----END THING-----\n"), "f.pem:1: the THING block is empty");
    EXPECT_EQ(error_of("-----BEGIN THING-----\n====\n-----END THING-----\n"),
        "f.pem:1: bad base64 in the THING block (a length or padding that base64 does not allow)");
}

TEST(Pem, ABeginInsideABlockEndsItAndTheNextBlockIsRead)
{
    const auto blocks = parse(std::string("-----BEGIN THING-----\naGVsbG8=\n") + k_block);
    ASSERT_EQ(blocks.size(), 2U);
    EXPECT_EQ(blocks[0].error, "f.pem:1: BEGIN THING has no END line before the BEGIN THING of line 3");
    EXPECT_EQ(blocks[1].error, "");
    EXPECT_EQ(std::string(blocks[1].der.begin(), blocks[1].der.end()), "hello");
}

TEST(Pem, ABadBlockBetweenGoodOnesHidesNeither)
{
    const auto blocks = parse(
        std::string(k_block) + "-----BEGIN CERTIFICATE-----\nnot base64!\nmore\n-----END CERTIFICATE-----\n" + k_block);
    ASSERT_EQ(blocks.size(), 3U);
    EXPECT_EQ(blocks[0].error, "");
    EXPECT_EQ(blocks[1].error, "f.pem:5: not base64 inside the CERTIFICATE block of line 4");
    EXPECT_EQ(blocks[1].label, "CERTIFICATE");
    EXPECT_EQ(blocks[2].error, "");
    EXPECT_EQ(blocks[2].line, 8U);
}

TEST(Pem, Detection)
{
    const std::string pem = k_block;
    const std::string text = "no pem here -----BEGIN";
    EXPECT_TRUE(load::looks_like_pem(std::span(reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size())));
    EXPECT_FALSE(load::looks_like_pem(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())));
}

} // namespace
} // namespace pkitool
