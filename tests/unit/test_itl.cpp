// The ITL/CTL model on the third-party vector: parsed field by field,
// serialized back byte for byte, its signature checked, unknown tags kept.
#include "paths.hpp"
#include "process.hpp"

#include "pkitool/itl/check.hpp"
#include "pkitool/itl/itl.hpp"
#include "pkitool/itl/verify.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/time.hpp"
#include "pkitool/x509/certificate.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace pkitool {
namespace {

itl::Bytes vector_bytes()
{
    std::ifstream in(test::data_path("itl/usecallmanager-ITLFile.tlv"), std::ios::binary);
    return itl::Bytes(std::istreambuf_iterator<char>(in), {});
}

TEST(Itl, ParsesTheVectorFieldByField)
{
    const auto file = itl::parse(vector_bytes());
    EXPECT_EQ(file.bytes.size(), 10370U);
    EXPECT_EQ(file.version(), "1.2");
    EXPECT_EQ(file.header_length(), 388U);
    EXPECT_EQ(file.signer_name(), "CN=SAST,O=SAST,OU=SAST");
    EXPECT_EQ(file.filename(), "ITLFile.tlv");
    EXPECT_EQ(file.digest(), std::uint8_t{1});
    EXPECT_EQ(file.signature()->offset, 107U);
    EXPECT_EQ(file.signature()->value.size(), 256U);
    ASSERT_EQ(file.records.size(), 5U);
    const std::vector<std::uint16_t> functions = {0, 1, 1, 7, 7};
    for (std::size_t i = 0; i < functions.size(); ++i) {
        EXPECT_EQ(file.records[i].function(), functions[i]) << i;
        EXPECT_NE(file.records[i].certificate(), nullptr) << i;
    }
    EXPECT_EQ(file.records[0].offset, 388U);
    EXPECT_EQ(file.records[4].subject(), "C=US,O=Google Trust Services LLC,CN=GTS Root R1");
    EXPECT_TRUE(file.findings.empty());
}

TEST(Itl, SerializesBackByteForByte)
{
    const auto bytes = vector_bytes();
    EXPECT_EQ(itl::serialize(itl::parse(bytes)), bytes);
}

TEST(Itl, SignedBytesLeaveOutTheWholeSignatureField)
{
    const auto bytes = vector_bytes();
    const auto signed_part = itl::signed_bytes(itl::parse(bytes));
    ASSERT_EQ(signed_part.size(), bytes.size() - 3 - 256);
    EXPECT_TRUE(std::equal(bytes.begin(), bytes.begin() + 107, signed_part.begin()));
    EXPECT_TRUE(std::equal(bytes.begin() + 107 + 259, bytes.end(), signed_part.begin() + 107));
}

TEST(Itl, VerifiesTheVectorAndNamesItsSigner)
{
    const auto file = itl::parse(vector_bytes());
    itl::VerifyOptions options;
    options.at = util::parse_time_argument("2026-06-01");
    const auto v = itl::verify(file, options);
    EXPECT_TRUE(v.signature_valid);
    EXPECT_EQ(v.signer, 0U);
    EXPECT_FALSE(v.failed());
    EXPECT_TRUE(test::contains(v.generation, "third-party")) << v.generation;
    // Every record agrees with the certificate it carries.
    for (const auto& f : v.findings) {
        EXPECT_FALSE(f.rule.starts_with("itl.record-")) << f.rule << ": " << f.message;
    }
    // In 2046 every certificate has expired.
    options.at = util::parse_time_argument("2046-01-01");
    EXPECT_TRUE(itl::verify(file, options).failed());
}

TEST(Itl, UnknownTagsAreKeptAndReported)
{
    auto bytes = vector_bytes();
    // A field of tag 40 at the end of the last record, its length raised to match.
    bytes.insert(bytes.end(), {40, 0, 2, 0xAB, 0xCD});
    const std::size_t last = 7824;
    const std::size_t length = ((std::size_t{bytes[last + 3]} << 8U) | bytes[last + 4]) + 5;
    bytes[last + 3] = static_cast<std::uint8_t>(length >> 8U);
    bytes[last + 4] = static_cast<std::uint8_t>(length & 0xFFU);
    const auto file = itl::parse(bytes);
    ASSERT_EQ(file.findings.size(), 1U);
    EXPECT_EQ(file.findings[0].rule, "itl.unknown-tag");
    EXPECT_EQ(file.findings[0].offset, bytes.size() - 5);
    EXPECT_EQ(itl::serialize(file), bytes);
    EXPECT_FALSE(itl::check_signature(file).valid); // the signed bytes changed
}

// SIGNATUREMODULUS is an index (0 = 512 ... 3 = 4096 bits); a hostile one
// is a finding, never a shift past the width of the type (found by fuzz-itl).
TEST(Itl, AnOutOfRangeModulusIndexIsAFinding)
{
    auto bytes = vector_bytes();
    const auto offset = itl::parse(bytes).header_field(itl::tag::signature_modulus)->offset;
    bytes[offset + 3] = 138;
    const auto v = itl::verify(itl::parse(bytes), {});
    const auto it = std::find_if(
        v.findings.begin(), v.findings.end(), [](const Finding& f) { return f.rule == "itl.modulus-mismatch"; });
    ASSERT_NE(it, v.findings.end());
    EXPECT_EQ(it->value, "138");
}

// Record #2 of the vector as CUCM writes TVS and CAPF records: no
// CERTIFICATE, a CERTHASH (SHA-1) of it instead.
TEST(Itl, CertHashRecordsAreComparedWithGivenCertificates)
{
    auto file = itl::parse(vector_bytes());
    auto& record = file.records[1];
    const auto cert = x509::parse_certificate(*record.certificate());
    const auto other = x509::parse_certificate(*file.records[2].certificate());
    std::erase_if(record.fields, [](const itl::Field& f) { return f.tag == itl::rtag::certificate; });
    itl::Field hash;
    hash.tag = itl::rtag::cert_hash;
    hash.value = util::sha1(cert.der);
    itl::Field algorithm;
    algorithm.tag = itl::rtag::hash_algorithm;
    algorithm.value = {1};
    record.fields.push_back(hash);
    record.fields.push_back(algorithm);
    std::size_t length = 0;
    for (const auto& f : record.fields) {
        length += f.size();
    }
    record.fields[0].value = {static_cast<std::uint8_t>(length >> 8U), static_cast<std::uint8_t>(length & 0xFFU)};
    const auto reparsed = itl::parse(itl::serialize(file));
    ASSERT_EQ(reparsed.records[1].certificate(), nullptr);
    const auto rules = [&](const std::vector<x509::Certificate>& certs) {
        itl::VerifyOptions options;
        options.at = util::parse_time_argument("2026-06-01");
        options.certs = certs;
        std::string out;
        for (const auto& f : itl::verify(reparsed, options).findings) {
            if (f.rule.starts_with("itl.certhash")) {
                out += f.rule + " ";
            }
        }
        return out;
    };
    EXPECT_EQ(rules({cert}), "itl.certhash-matched ");
    EXPECT_EQ(rules({other}), "itl.certhash-unchecked ");
    // Another certificate for the same subject: the node presents another one.
    auto renewed = other;
    renewed.subject = cert.subject;
    EXPECT_EQ(rules({renewed}), "itl.certhash-mismatch ");
    EXPECT_EQ(rules({}), "");
}

TEST(Itl, HostileCountsAreRefusedEarly)
{
    const auto bytes = vector_bytes();
    const itl::Bytes header(bytes.begin(), bytes.begin() + 388);
    // 5,000 empty records: each only its RECORDLENGTH.
    auto records = header;
    for (int i = 0; i < 5000; ++i) {
        records.insert(records.end(), {1, 0, 2, 0, 5});
    }
    EXPECT_TRUE(test::contains(test::error_message([&] { itl::parse(records); }), "more than 4096 records"));
    // 70,000 fields in records of 64 KB.
    auto fields = header;
    for (int r = 0; r < 4; ++r) {
        const std::size_t count = 17000;
        const std::size_t length = 5 + count * 3;
        fields.insert(fields.end(),
            {1, 0, 2, static_cast<std::uint8_t>(length >> 8U), static_cast<std::uint8_t>(length & 0xFFU)});
        for (std::size_t i = 0; i < count; ++i) {
            fields.insert(fields.end(), {2, 0, 0});
        }
    }
    EXPECT_TRUE(test::contains(test::error_message([&] { itl::parse(fields); }), "more than 65536 fields"));
}

TEST(Itl, RegenerationPlans)
{
    const auto plan = itl::parse_regeneration("CallManager,tvs@cucm-pub");
    ASSERT_EQ(plan.size(), 2U);
    EXPECT_EQ(plan[0].type, "CallManager");
    EXPECT_EQ(plan[1].type, "TVS");
    EXPECT_EQ(plan[1].node, "cucm-pub");
    EXPECT_TRUE(test::contains(
        test::error_message([] { itl::parse_regeneration("Tomcat2@x"); }), "unknown certificate type \"Tomcat2\""));
}

TEST(Itl, ListNamesCompareAttributeByAttribute)
{
    EXPECT_TRUE(itl::same_list_names("CN=a;OU=b;O=c", "O=c,OU=b,CN=a"));
    EXPECT_TRUE(itl::same_list_names("cn=\"SAST-ADN0054f509 \";ou=IPCBU", "CN=SAST-ADN0054f509;OU=IPCBU"));
    EXPECT_FALSE(itl::same_list_names("CN=a;OU=b", "CN=a;OU=c"));
    EXPECT_EQ(itl::list_common_name("L=Krakow; ST=Malopolska;CN=cucm-1051-a-pub"), "cucm-1051-a-pub");
    EXPECT_EQ(itl::parse_function("CCM+TFTP"), 2);
    EXPECT_EQ(itl::parse_function("21"), 21);
    EXPECT_TRUE(test::contains(test::error_message([] { itl::parse_function("https"); }), "app-server"));
}

} // namespace
} // namespace pkitool
