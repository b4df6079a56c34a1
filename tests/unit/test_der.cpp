#include "forge.hpp"
#include "pkitool/botan_compat.hpp"
#include "pkitool/der/botan_message.hpp"
#include "pkitool/der/header.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/der/reader.hpp"
#include "pkitool/der/strict.hpp"
#include "pkitool/error.hpp"
#include "pkitool/x509/certificate.hpp"
#include "process.hpp"

#include <botan/der_enc.h>
#include <botan/exceptn.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace pkitool {
namespace {

using test::Bytes;

TEST(Der, CanonicalEncodingPasses)
{
    const Bytes der = test::seq({test::tlv(2, 0, {0x05}), test::tlv(4, 0, {'a', 'b'})});
    EXPECT_FALSE(der::first_non_der_byte(der));
}

TEST(Der, LongFormLengthIsFoundAtItsOffset)
{
    // SEQUENCE { INTEGER 5 } with the INTEGER's length in long form.
    const Bytes ber = {0x30, 0x04, 0x02, 0x81, 0x01, 0x05};
    EXPECT_EQ(der::first_non_der_byte(ber), 1U);
    const Bytes indefinite = {0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00};
    EXPECT_EQ(der::first_non_der_byte(indefinite), 1U);
}

// The one header rule agrees with Botan's DER encoder: low and high tag
// numbers of every class, short and long lengths.
TEST(Der, HeaderIsWhatBotansEncoderWrites)
{
    for (const std::uint32_t number : {0U, 2U, 16U, 30U, 31U, 127U, 128U, 16383U, 16384U, 0x1FFFFFU}) {
        for (const std::uint32_t class_bits : {0x00U, 0x20U, 0x40U, 0x80U, 0xA0U, 0xC0U}) {
            for (const std::size_t length : {0UL, 1UL, 127UL, 128UL, 255UL, 256UL, 65535UL, 65536UL}) {
                const Bytes contents(length, 0x5A);
                Botan::DER_Encoder enc;
                compat::add_object(enc, number, class_bits, contents);
                const auto expected = enc.get_contents();
                const auto header = der::der_header(number, class_bits, length);
                const Bytes got(header.bytes().begin(), header.bytes().end());
                EXPECT_EQ(got, Bytes(expected.begin(), expected.end() - static_cast<std::ptrdiff_t>(length)))
                    << "tag " << number << " class " << class_bits << " length " << length;
            }
        }
    }
}

TEST(Der, TruncationAndDeepNestingAreInputErrors)
{
    // The INTEGER at byte 2 says 1 octet, and the data ends before it.
    EXPECT_EQ(test::error_message([] {
        der::first_non_der_byte(Bytes{0x30, 0x02, 0x02, 0x01});
    }),
        "malformed DER at byte 2: the data ends inside a value (truncated)");
    Bytes deep;
    for (int i = 0; i < 40; ++i) {
        deep = test::seq({deep});
    }
    EXPECT_EQ(test::error_message([&] { der::first_non_der_byte(deep); }), "DER nests deeper than 32 levels");
}

// Botan's texts reach users without its source files or prefixes.
TEST(Der, BotanMessagesInPkitoolsWords)
{
    EXPECT_EQ(
        der::botan_message(Botan::Decoding_Error("BER: Value truncated")), "the data ends inside a value (truncated)");
    EXPECT_EQ(der::botan_message(Botan::Invalid_Argument(
                  "Invalid time specification 2026-13-45", "set_to:./src/lib/asn1/asn1_time.cpp")),
        "Invalid time specification 2026-13-45");
    EXPECT_EQ(der::botan_message(std::runtime_error("something else")), "something else");
}

TEST(Der, MessagesNameTheField)
{
    // A certificate whose validity holds an INTEGER where notAfter belongs.
    const Bytes name = test::seq({});
    const Bytes tbs = test::seq({test::tlv(2, 0, {1}), test::seq({test::oid("1.2.840.113549.1.1.11")}), name,
        test::seq({test::tlv(23, 0, {'1'})})});
    const Bytes cert = test::seq({tbs, test::seq({test::oid("1.2.840.113549.1.1.11")}), test::tlv(3, 0, {0})});
    EXPECT_EQ(test::error_message([&] { x509::parse_certificate(cert); }),
        "Certificate.tbsCertificate.validity: ends where notAfter was expected");
}

TEST(Der, ReaderTypedViews)
{
    der::Reader r(
        test::concat({test::oid("2.5.4.3"), test::tlv(1, 0, {0xFF}), test::tlv(30, 0, {0x00, 'h', 0x00, 'i'})}), "x");
    EXPECT_EQ(r.next("a").oid(), "2.5.4.3");
    EXPECT_TRUE(r.next("b").boolean());
    EXPECT_EQ(r.next("c").text(), "hi");
    r.end();
    der::Reader wrong(test::tlv(2, 0, {1}), "x");
    EXPECT_EQ(test::error_message([&] { wrong.next("f").oid(); }), "x.f: expected OBJECT IDENTIFIER, found INTEGER");
}

TEST(Der, OidNames)
{
    EXPECT_EQ(der::oid_name("1.3.6.1.5.5.7.3.1"), "serverAuth");
    EXPECT_EQ(der::oid_name("1.2.3.4"), "1.2.3.4");
    EXPECT_EQ(der::oid_from_name("clientAuth"), "1.3.6.1.5.5.7.3.2");
}

} // namespace
} // namespace pkitool

namespace pkitool {
namespace {

TEST(Der, SerialNumberDropsOnlyTheSignOctet)
{
    test::ForgeSpec spec;
    spec.serial = {0x00, 0x92, 0x01};
    EXPECT_EQ(x509::parse_certificate(test::forge_certificate(spec)).serial_number(), (test::Bytes{0x92, 0x01}));
    spec.serial = {0x12, 0x34};
    EXPECT_EQ(x509::parse_certificate(test::forge_certificate(spec)).serial_number(), (test::Bytes{0x12, 0x34}));
}

} // namespace
} // namespace pkitool
