#include "forge.hpp"
#include "paths.hpp"
#include "pkitool/botan_compat.hpp"
#include "pkitool/der/botan_message.hpp"
#include "pkitool/der/header.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/der/reader.hpp"
#include "pkitool/der/strict.hpp"
#include "pkitool/error.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/x509/certificate.hpp"
#include "pkitool/x509/csr.hpp"
#include "process.hpp"

#include <botan/der_enc.h>
#include <botan/exceptn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <variant>

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

// Reads every element under `reader`, descending into the constructed
// ones except those `skip` names by tag number; `twice` is read twice.
void read_all(der::Reader& reader, const std::vector<std::uint32_t>& skip, std::uint32_t twice)
{
    while (reader.more()) {
        const auto e = reader.next("e");
        if (e.constructed() && std::find(skip.begin(), skip.end(), e.number()) == skip.end()) {
            auto children = e.children();
            read_all(children, skip, twice);
            if (e.number() == twice) {
                auto again = e.children();
                read_all(again, skip, twice);
            }
        }
    }
}

struct Covered {
    bool proven = false;
    std::optional<std::size_t> first_non_der;
};

Covered cover(const Bytes& data, const std::vector<std::uint32_t>& skip, std::uint32_t twice = 0xFFFF)
{
    const auto coverage = std::make_shared<der::DerCoverage>(data);
    der::Reader reader(data, "", 0, der::Contents::public_data, coverage);
    read_all(reader, skip, twice);
    return {coverage->proves_der(), coverage->first_non_der_byte()};
}

// A parse that read every value of a DER input with DER headers proves it
// DER, and the walk is spared; anything less leaves the verdict to the walk,
// which gives what it gives on its own.
TEST(Der, CoverageProvesDerOnlyWhenEveryHeaderWasReadAndIsDer)
{
    // SEQUENCE { INTEGER 5, SET { OCTET STRING "ab" }, [APPLICATION 1] { INTEGER 1 }, [0] { NULL } }
    const Bytes der = test::seq({test::tlv(2, 0, {0x05}), test::tlv(17, 0x20, test::tlv(4, 0, {'a', 'b'})),
        test::tlv(1, 0x60, test::tlv(2, 0, {0x01})), test::tlv(0, 0xA0, test::tlv(5, 0, {}))});
    const auto whole = cover(der, {1});
    EXPECT_TRUE(whole.proven);
    EXPECT_FALSE(whole.first_non_der);

    // A SET not descended into, an application value descended into (the
    // walk treats it as opaque) and a value read twice prove nothing.
    for (const auto& partial : {cover(der, {1, 17}), cover(der, {}), cover(der, {1}, 17)}) {
        EXPECT_FALSE(partial.proven);
        EXPECT_EQ(partial.first_non_der, der::first_non_der_byte(der));
    }

    // Trailing bytes after the last value are not read either.
    Bytes trailing = der;
    trailing.push_back(0x00);
    trailing.push_back(0x00);
    const auto coverage = std::make_shared<der::DerCoverage>(trailing);
    der::Reader reader(
        std::span<const std::uint8_t>(trailing).first(der.size()), "", 0, der::Contents::public_data, coverage);
    read_all(reader, {1}, 0xFFFF);
    EXPECT_FALSE(coverage->proves_der());

    // A long-form length, and an indefinite one whose header is as long as
    // the DER one: the walk finds each where it is.
    for (const Bytes& ber : {Bytes{0x30, 0x04, 0x02, 0x81, 0x01, 0x05}, Bytes{0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00},
             Bytes{0x30, 0x05, 0x04, 0x83, 0x00, 0x00, 0x00}}) {
        const auto covered = cover(ber, {});
        EXPECT_FALSE(covered.proven);
        EXPECT_EQ(covered.first_non_der, der::first_non_der_byte(ber));
        EXPECT_TRUE(covered.first_non_der);
    }
}

// What parse_certificate and parse_csr say of DER conformance, through the
// coverage of their own parse, is what the walk alone says, on every
// certificate and request in the test data: third-party corpora (Botan,
// zlint, NIST PKITS, x509test), CUCM exports and OpenSSL's output.
TEST(Der, ParsersAgreeWithTheWalkOnEveryCertificateInTheTestData)
{
    std::size_t certificates = 0;
    std::size_t not_der = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(test::data_path(""))) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".pem" && ext != ".der" && ext != ".crt" && ext != ".csr")) {
            continue;
        }
        const auto bytes = util::read_input(entry.path().string());
        for (const auto& item : load::load(bytes, entry.path().string(), {}).items) {
            if (const auto* cert = std::get_if<x509::Certificate>(&item.content)) {
                ++certificates;
                not_der += cert->non_der_offset ? 1 : 0;
                EXPECT_EQ(cert->non_der_offset, der::first_non_der_byte(cert->der)) << entry.path();
            } else if (const auto* csr = std::get_if<x509::Csr>(&item.content)) {
                EXPECT_EQ(csr->non_der_offset, der::first_non_der_byte(csr->der)) << entry.path();
            }
        }
    }
    EXPECT_GT(certificates, 500U);
    std::cout << certificates << " certificates, " << not_der << " not DER\n";
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
