#include "pkitool/error.hpp"
#include "pkitool/load/pem.hpp"
#include "pkitool/util/base64.hpp"

#include <botan/base64.h>
#include <botan/exceptn.h>
#include <botan/version.h>
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string_view>
#include <vector>

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

// What Botan's decoder (the one every other block meets) makes of `text`:
// the octets, or nothing where it throws.
std::optional<std::vector<std::uint8_t>> botan_decoded(const std::string& text)
{
    try {
        std::vector<std::uint8_t> out(Botan::base64_decode_max_output(text.size()));
        out.resize(Botan::base64_decode(out.data(), text.data(), text.size(), false));
        return out;
    } catch (const Botan::Exception&) {
        return std::nullopt;
    }
}

std::optional<std::vector<std::uint8_t>> public_decoded(const std::string& text)
{
    std::vector<std::uint8_t> out(util::base64_max_decoded(text.size()));
    const auto size = util::decode_public_base64(text, out);
    if (!size) {
        return std::nullopt;
    }
    out.resize(*size);
    return out;
}

// Botan 3.13 refuses three irregularities that Botan 2.19 reads past: a
// character after '=', a lone last character, and non-zero bits padding the
// last octet (RFC 4648 3.5 lets a decoder do either). The decoder for
// certificates reads past them as Botan 2 does: lenient decoding.
bool only_botan3_refuses(const std::string& text)
{
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::size_t symbols = 0;
    std::size_t last = 0;
    bool padded = false;
    bool after_padding = false;
    for (const char c : text) {
        if (c == '=') {
            padded = true;
            continue;
        }
        const auto value = alphabet.find(c);
        if (value == std::string_view::npos) {
            return false; // not base64: every version refuses it
        }
        after_padding = after_padding || padded;
        ++symbols;
        last = value;
    }
    const auto tail = symbols % 4;
    const bool pad_bits = (tail == 2 && (last & 0x0FU) != 0) || (tail == 3 && (last & 0x03U) != 0);
    return after_padding || tail == 1 || pad_bits;
}

// The decoder for certificates reads as Botan's does (as Botan 2's, where
// Botan 3 is stricter): every string of up to seven characters over letters
// standing for each kind of character (the decoder treats all 64 values
// alike, '=' and the bits a last character pads with apart, and one that is
// not base64), and long strings over the whole alphabet with '=' and a stray
// character strewn in.
TEST(Pem, PublicBase64ReadsAsBotansDecoder)
{
    const bool botan3 = Botan::version_major() >= 3;
    std::size_t checked = 0;
    std::size_t stricter = 0;
    const auto check = [&](const std::string& text) {
        const auto botan = botan_decoded(text);
        ++checked;
        if (botan3 && !botan && only_botan3_refuses(text)) {
            ++stricter;
            return;
        }
        ASSERT_EQ(public_decoded(text), botan) << "\"" << text << "\"";
    };
    // 'A' pads with zero bits, '/', 'z' and '9' with others.
    const std::string kinds = "A/z9=\n";
    std::string text;
    const auto all_of_length = [&](auto&& self, std::size_t length) -> void {
        if (text.size() == length) {
            check(text);
            return;
        }
        for (const char c : kinds) {
            text.push_back(c);
            self(self, length);
            text.pop_back();
        }
    };
    for (std::size_t length = 0; length <= 7; ++length) {
        all_of_length(all_of_length, length);
    }
    EXPECT_EQ(checked, 335923U); // 6^0 + ... + 6^7

    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::mt19937 random(20261206); // fixed: the same strings every run
    for (int i = 0; i < 20000; ++i) {
        text.clear();
        const std::size_t length = random() % 200;
        for (std::size_t j = 0; j < length; ++j) {
            const auto pick = random() % 100;
            text.push_back(pick < 3 ? '=' : pick < 4 ? "\n!"[random() % 2] : alphabet[random() % 64]);
        }
        check(text);
    }
    // Only Botan 3 is stricter, and only in those three ways.
    EXPECT_EQ(stricter == 0, !botan3) << stricter;
}

TEST(Pem, ACertificateBlockMeetsTheSameBase64Rules)
{
    for (const char* label : {"CERTIFICATE", "THING"}) {
        const std::string begin = std::string("-----BEGIN ") + label + "-----\n";
        const std::string end = std::string("-----END ") + label + "-----\n";
        const auto blocks = parse(begin + "aGVs\nbG8=\n" + end + begin + "aGVsbG8h\n=\n" + end + begin + end);
        ASSERT_EQ(blocks.size(), 3U) << label;
        EXPECT_EQ(std::string(blocks[0].der.begin(), blocks[0].der.end()), "hello") << label;
        EXPECT_EQ(blocks[1].error,
            std::string("f.pem:5: bad base64 in the ") + label
                + " block (a length or padding that base64 does not allow)");
        EXPECT_EQ(blocks[2].error, std::string("f.pem:9: the ") + label + " block is empty");
    }
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
