// Each scenario forges one certificate that breaks one rule (or none) and
// states the exact rule ids lint must report for it.
#include "forge.hpp"
#include "paths.hpp"
#include "pkitool/error.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/lint/rules.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/util/time.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

namespace pkitool {
namespace {

using test::Bytes;
using test::ForgeSpec;

const util::UnixTime k_at = util::to_unix({2026, 6, 1, 0, 0, 0});

std::vector<std::string> rule_ids(const std::vector<Finding>& findings)
{
    std::vector<std::string> out;
    for (const auto& f : findings) {
        out.push_back(f.rule);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Finding> lint_spec(const ForgeSpec& spec)
{
    const auto der = test::forge_certificate(spec);
    return lint::lint_certificate(x509::parse_certificate(der), lint::Options{k_at});
}

Bytes text_value(std::uint32_t tag, const std::string& text)
{
    return test::tlv(tag, 0, Bytes(text.begin(), text.end()));
}

Bytes cn_value(const std::string& cn)
{
    return text_value(12, cn);
}

// The forge key's SubjectPublicKeyInfo with its modulus and exponent INTEGER
// contents replaced: what a producer that mis-encodes INTEGERs writes.
Bytes rsa_spki(bool strip_modulus_zero, bool pad_exponent)
{
    const auto spki = test::forge_key().subject_public_key();
    der::Reader outer(Bytes(spki.begin(), spki.end()), "");
    auto fields = outer.next("spki").children();
    const auto alg = fields.next("algorithm").encoded();
    auto bits = fields.next("key").contents_as_der("").next("RSAPublicKey").children();
    Bytes n = bits.next("n").contents();
    Bytes e = bits.next("e").contents();
    if (strip_modulus_zero && n[0] == 0x00) {
        n.erase(n.begin());
    }
    if (pad_exponent) {
        e.insert(e.begin(), 0x00);
    }
    Bytes bit_string = {0x00};
    const Bytes rsa = test::seq({test::tlv(2, 0, n), test::tlv(2, 0, e)});
    bit_string.insert(bit_string.end(), rsa.begin(), rsa.end());
    return test::seq({alg, test::tlv(3, 0, bit_string)});
}

// An EC key with explicit curve parameters (ECParameters SEQUENCE) instead
// of a namedCurve OID; the contents need not be a real curve for lint.
Bytes explicit_ec_spki()
{
    const Bytes params = test::seq(
        {test::tlv(2, 0, {0x01}), test::seq({test::oid("1.2.840.10045.1.1"), test::tlv(2, 0, Bytes(33, 0x7F))})});
    Bytes point(65, 0x01);
    point[0] = 0x04;
    Bytes bits = {0x00};
    bits.insert(bits.end(), point.begin(), point.end());
    return test::seq({test::seq({test::oid("1.2.840.10045.2.1"), params}), test::tlv(3, 0, bits)});
}

struct Scenario {
    const char* name;
    std::function<void(ForgeSpec&)> change;
    std::vector<std::string> rules; // sorted
};

class LintScenario : public testing::TestWithParam<Scenario> { };

TEST_P(LintScenario, ReportsExactlyItsRules)
{
    ForgeSpec spec;
    GetParam().change(spec);
    if (!test::botan_has_hash(spec.hash)) {
        GTEST_SKIP() << "this build's Botan has no " << spec.hash << " to sign the forged certificate with";
    }
    EXPECT_EQ(rule_ids(lint_spec(spec)), GetParam().rules);
}

const std::vector<Scenario> k_scenarios = {
    {"good", [](ForgeSpec&) {}, {}},
    {"utc_no_seconds", [](ForgeSpec& s) { s.not_after = "2701010000Z"; }, {"time.utc-no-seconds"}},
    {"generalized_no_seconds",
        [](ForgeSpec& s) {
            s.not_after_tag = 24;
            s.not_after = "205101010000Z";
        },
        {"time.generalized-no-seconds"}},
    {"generalized_before_2050",
        [](ForgeSpec& s) {
            s.not_after_tag = 24;
            s.not_after = "20270101000000Z";
        },
        {"time.generalized-before-2050"}},
    {"fractional_seconds",
        [](ForgeSpec& s) {
            s.not_after_tag = 24;
            s.not_after = "20510101000000.5Z";
        },
        {"time.fractional-seconds"}},
    {"offset_not_zulu", [](ForgeSpec& s) { s.not_before = "250101000000+0100"; }, {"time.not-zulu"}},
    {"local_time_no_z", [](ForgeSpec& s) { s.not_before = "250101000000"; }, {"time.not-zulu"}},
    {"month_13", [](ForgeSpec& s) { s.not_before = "251301000000Z"; }, {"time.invalid-value"}},
    {"letters_in_time", [](ForgeSpec& s) { s.not_before = "25AB01000000Z"; }, {"time.bad-characters"}},
    {"time_wrong_tag", [](ForgeSpec& s) { s.not_before_tag = 19; }, {"time.wrong-tag"}},
    {"inverted_validity",
        [](ForgeSpec& s) {
            s.not_before = "270101000000Z";
            s.not_after = "250101000000Z";
        },
        {"validity.inverted"}},
    {"expired", [](ForgeSpec& s) { s.not_after = "260101000000Z"; }, {"validity.expired"}},
    {"not_yet_valid", [](ForgeSpec& s) { s.not_before = "261201000000Z"; }, {"validity.not-yet-valid"}},
    {"sha1_signature",
        [](ForgeSpec& s) {
            s.signature_oid = s.tbs_signature_oid = "1.2.840.113549.1.1.5";
            s.hash = "SHA-1";
        },
        {"sig.sha1"}},
    {"md5_signature",
        [](ForgeSpec& s) {
            s.signature_oid = s.tbs_signature_oid = "1.2.840.113549.1.1.4";
            s.hash = "MD5";
        },
        {"sig.md5"}},
    {"signature_algorithm_mismatch", [](ForgeSpec& s) { s.tbs_signature_oid = "1.2.840.113549.1.1.12"; },
        {"sig.algorithm-mismatch"}},
    {"wildcard_cn", [](ForgeSpec& s) { s.subject_cn = "*.example.com"; }, {"name.wildcard"}},
    {"wildcard_san", [](ForgeSpec& s) { s.dns_sans.push_back("*.example.com"); }, {"name.wildcard"}},
    {"keycertsign_without_ca",
        [](ForgeSpec& s) {
            s.key_usage = Bytes{0x01, 0x86};
        },
        {"ca.keycertsign-without-ca"}},
    {"ca_without_keycertsign", [](ForgeSpec& s) { s.ca = true; }, {"ca.ca-without-keycertsign"}},
    {"ca_without_key_usage",
        [](ForgeSpec& s) {
            s.ca = true;
            s.key_usage.reset();
        },
        {"ca.no-key-usage"}},
    {"good_ca",
        [](ForgeSpec& s) {
            s.ca = true;
            s.key_usage = Bytes{0x01, 0x06};
        },
        {}},
    {"ca_false_by_default", [](ForgeSpec& s) { s.ca = false; }, {}},
    {"ca_false_encoded",
        [](ForgeSpec& s) {
            s.extra_extensions.push_back({"2.5.29.19", Bytes{0xFF}, test::seq({test::tlv(1, 0, {0x00})})});
        },
        {"der.default-encoded"}},
    {"critical_false_encoded",
        [](ForgeSpec& s) {
            s.extra_extensions.push_back({"2.5.29.37", Bytes{0x00}, test::seq({test::oid("1.3.6.1.5.5.7.3.1")})});
        },
        {"der.default-encoded"}},
    {"critical_true_not_ff",
        [](ForgeSpec& s) {
            s.extra_extensions.push_back({"2.5.29.37", Bytes{0x01}, test::seq({test::oid("1.3.6.1.5.5.7.3.1")})});
        },
        {"der.boolean"}},
    {"version_1_encoded", [](ForgeSpec& s) { s.version = Bytes{0}; },
        {"cert.extensions-not-v3", "der.default-encoded"}},
    {"v1_without_extensions",
        [](ForgeSpec& s) {
            s.version.reset();
            s.no_extensions = true;
        },
        {}},
    {"v1_with_extensions", [](ForgeSpec& s) { s.version.reset(); }, {"cert.extensions-not-v3"}},
    {"unknown_version", [](ForgeSpec& s) { s.version = Bytes{5}; }, {"cert.version-unknown"}},
    {"unique_id_in_v3",
        [](ForgeSpec& s) {
            s.unique_ids = {test::tlv(2, 0x80, {0x00, 0x01, 0x02})};
        },
        {"cert.unique-id"}},
    {"unique_id_in_v1",
        [](ForgeSpec& s) {
            s.version.reset();
            s.no_extensions = true;
            s.unique_ids = {test::tlv(1, 0x80, {0x00, 0x01})};
        },
        {"cert.unique-id-in-v1"}},
    {"empty_serial", [](ForgeSpec& s) { s.serial = Bytes{}; }, {"der.serial-empty"}},
    {"empty_rdn_in_issuer",
        [](ForgeSpec& s) {
            s.issuer_der = test::raw_name(
                {{"2.5.4.6", text_value(19, "US")}, {"", {}}, {"2.5.4.3", cn_value("Example Issuing CA")}});
        },
        {"name.empty-rdn"}},
    {"x500_unique_identifier_bit_string",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name(
                {{"2.5.4.45", test::tlv(3, 0, {0x00, 0xAB, 0xCD})}, {"2.5.4.3", cn_value("cucm-pub.example.com")}});
        },
        {}},
    {"cn_as_bit_string",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name({{"2.5.4.3", test::tlv(3, 0, {0x00, 0x41})}});
        },
        {"name.value-type"}},
    {"country_as_utf8",
        [](ForgeSpec& s) {
            s.subject_der
                = test::raw_name({{"2.5.4.6", cn_value("US")}, {"2.5.4.3", cn_value("cucm-pub.example.com")}});
        },
        {"name.value-type"}},
    {"cn_invalid_utf8",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name({{"2.5.4.3", test::tlv(12, 0, {'a', 0xC3, 0x28, 'b'})}});
        },
        {"name.bad-string"}},
    {"cn_utf8_surrogate",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name({{"2.5.4.3", test::tlv(12, 0, {0xED, 0xA0, 0x80})}});
        },
        {"name.bad-string"}},
    {"cn_bmp_odd_length",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name({{"2.5.4.3", test::tlv(30, 0, {0x00, 0x41, 0x00})}});
        },
        {"name.bad-string"}},
    {"cn_bmp_surrogate",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name({{"2.5.4.3", test::tlv(30, 0, {0xD8, 0x00, 0xDC, 0x00})}});
        },
        {"name.bad-string"}},
    {"cn_printable_with_star_and_at",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name({{"2.5.4.3", text_value(19, "a@b")}});
        },
        {"name.bad-string"}},
    {"email_ia5_high_octet",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name({{"1.2.840.113549.1.9.1", test::tlv(22, 0, {'a', 0xE9})},
                {"2.5.4.3", cn_value("cucm-pub.example.com")}});
        },
        {"name.bad-string"}},
    {"cn_teletex_latin1",
        [](ForgeSpec& s) {
            s.subject_der = test::raw_name({{"2.5.4.3", test::tlv(20, 0, {'M', 0xFC, 'n'})}});
        },
        {}},
    {"cn_long_form_length",
        [](ForgeSpec& s) {
            // A UTF8String whose length is written 81 02 where DER writes 02.
            s.subject_der = test::raw_name({{"2.5.4.3", Bytes{0x0C, 0x81, 0x02, 'h', 'i'}}});
        },
        {"der.not-der"}},
    {"rsa_modulus_without_leading_zero", [](ForgeSpec& s) { s.spki_der = rsa_spki(true, false); },
        {"der.integer-negative"}},
    {"rsa_exponent_padded", [](ForgeSpec& s) { s.spki_der = rsa_spki(false, true); }, {"der.integer-padding"}},
    {"rsa_modulus_negative_and_utc_without_seconds",
        [](ForgeSpec& s) {
            s.spki_der = rsa_spki(true, false);
            s.not_after = "2701010000Z";
        },
        {"der.integer-negative", "time.utc-no-seconds"}},
    {"ec_explicit_parameters", [](ForgeSpec& s) { s.spki_der = explicit_ec_spki(); }, {"key.ec-explicit"}},
    {"oiw_sha1_with_rsa",
        [](ForgeSpec& s) {
            s.signature_oid = s.tbs_signature_oid = "1.3.14.3.2.29";
            s.hash = "SHA-1";
        },
        {"sig.sha1"}},
    {"dsa_with_sha1_oid", [](ForgeSpec& s) { s.signature_oid = s.tbs_signature_oid = "1.2.840.10040.4.3"; },
        {"sig.sha1"}},
    {"ecdsa_with_sha1_oid", [](ForgeSpec& s) { s.signature_oid = s.tbs_signature_oid = "1.2.840.10045.4.1"; },
        {"sig.sha1"}},
    {"md4_with_rsa_oid", [](ForgeSpec& s) { s.signature_oid = s.tbs_signature_oid = "1.2.840.113549.1.1.3"; },
        {"sig.md5"}},
    {"unknown_signature_oid", [](ForgeSpec& s) { s.signature_oid = s.tbs_signature_oid = "1.3.6.1.4.1.99999.7"; },
        {"sig.unknown"}},
    {"long_form_length", [](ForgeSpec& s) { s.long_form_outer_length = true; }, {"der.not-der"}},
    {"negative_serial",
        [](ForgeSpec& s) {
            s.serial = Bytes{0x81, 0x02};
        },
        {"der.serial-negative"}},
    {"padded_serial",
        [](ForgeSpec& s) {
            s.serial = Bytes{0x00, 0x12};
        },
        {"der.serial-padding"}},
    {"zero_serial", [](ForgeSpec& s) { s.serial = Bytes{0x00}; }, {"der.serial-zero"}},
    {"serial_21_octets", [](ForgeSpec& s) { s.serial = Bytes(21, 0x11); }, {"der.serial-too-long"}},
    {"serial_20_octets_with_sign_octet",
        [](ForgeSpec& s) {
            s.serial = Bytes(21, 0x91);
            s.serial[0] = 0x00;
        },
        {}},
    {"duplicate_extension",
        [](ForgeSpec& s) {
            s.extra_extensions.push_back({"2.5.29.15", std::nullopt, test::tlv(3, 0, {0x07, 0x80})});
        },
        {"ext.duplicate"}},
    {"malformed_key_usage", [](ForgeSpec& s) { s.key_usage = Bytes{}; }, {"ext.malformed"}},
    {"critical_authority_key_identifier",
        [](ForgeSpec& s) {
            s.extra_extensions.push_back(
                {"2.5.29.35", Bytes{0xFF}, test::seq({test::tlv(0, 0x80, {0x01, 0x02, 0x03})})});
        },
        {"ext.must-be-noncritical"}},
    {"unknown_critical_extension",
        [](ForgeSpec& s) {
            s.extra_extensions.push_back({"1.3.6.1.4.1.99999.1", Bytes{0xFF}, test::tlv(5, 0, {})});
        },
        {"ext.unknown-critical"}},
};

INSTANTIATE_TEST_SUITE_P(Forged, LintScenario, testing::ValuesIn(k_scenarios),
    [](const testing::TestParamInfo<Scenario>& info) { return std::string(info.param.name); });

TEST(Lint, EveryRuleHasAScenarioOrAnOpensslFixture)
{
    // Rules covered by KeySizes below and by ProfileRules.EachRule in
    // test_profile.cpp rather than by forged certificates.
    std::set<std::string> covered = {"key.rsa-weak", "request.version-unknown", "key.rsa-small", "key.rsa-too-large",
        "key.ec-curve", "key.algorithm", "profile.key-algorithm", "profile.ku-missing", "profile.ku-missing-accepted",
        "profile.ku-extra", "profile.eku-missing", "profile.eku-extra", "profile.rfc5480-dropped",
        "profile.rfc5480-conflict", "profile.basic-constraints", "profile.multi-server", "profile.san-ip"};
    for (const auto& s : k_scenarios) {
        covered.insert(s.rules.begin(), s.rules.end());
    }
    for (const auto& r : lint::all_rules()) {
        const std::string id(r.id);
        // validate's rules are covered in test_validate.cpp, the report's
        // in tests/cli/test_report_cli.cpp (Report.ItsOwnFindings and
        // Report.EveryRowInOrderWithItsStatus).
        const bool validate_rule = id.starts_with("report.") || id.starts_with("chain.") || id.starts_with("dup.")
            || id.starts_with("csr.") || id.starts_with("type.") || id.starts_with("input.") || id.starts_with("names.")
            || id == "key.mismatch";
        EXPECT_TRUE(validate_rule || covered.count(id)) << id << " has no test";
    }
}

// X.690 8.1.2.2 forbids the long form for tag numbers up to 30 even in BER.
// Botan 2 decodes such a tag (the canonical-DER check then reports it);
// Botan 3 refuses it, and pkitool leaves TLV decoding to Botan, so there the
// certificate is refused with the place named.
TEST(Lint, ALongFormTagIsNotDerOrRefusedWithItsPlace)
{
    ForgeSpec spec;
    spec.subject_der = test::raw_name({{"2.5.4.3", Bytes{0x1F, 0x0C, 0x02, 'h', 'i'}}});
    const auto der = test::forge_certificate(spec);
    try {
        EXPECT_EQ(rule_ids(lint::lint_certificate(x509::parse_certificate(der), lint::Options{k_at})),
            std::vector<std::string>{"der.not-der"});
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("Certificate.tbsCertificate.subject.rdn[0].attribute.value: ", 0), 0U)
            << e.what();
    }
}

TEST(Lint, DeviationsNameTheirPlace)
{
    ForgeSpec spec;
    spec.issuer_der
        = test::raw_name({{"2.5.4.6", text_value(19, "US")}, {"", {}}, {"2.5.4.3", cn_value("Example Issuing CA")}});
    const auto der = test::forge_certificate(spec);
    const auto cert = x509::parse_certificate(der);
    ASSERT_EQ(cert.deviations.size(), 1U);
    const auto& d = cert.deviations[0];
    EXPECT_EQ(d.path, "Certificate.tbsCertificate.issuer.rdn[1]");
    // The offset points at the empty SET itself: 31 00.
    ASSERT_LT(d.offset + 1, der.size());
    EXPECT_EQ(der[d.offset], 0x31);
    EXPECT_EQ(der[d.offset + 1], 0x00);
    // The rest of the name is still read.
    EXPECT_EQ(cert.issuer.to_string(), "C=US, CN=Example Issuing CA");
}

TEST(Lint, MultiValuedRdnOutOfDerOrder)
{
    // OU=z+CN=a: DER sorts a SET OF by encoding, so CN (2.5.4.3) comes
    // before OU (2.5.4.11).
    const auto atv = [](const std::string& oid, const std::string& text) {
        return test::seq({test::oid(oid), der::directory_string(text)});
    };
    ForgeSpec spec;
    // Written by hand: a SET tag (17, constructed) around the wrong order.
    spec.subject_der = test::seq({test::tlv(17, 0x20, test::concat({atv("2.5.4.11", "z"), atv("2.5.4.3", "a")}))});
    const auto cert = x509::parse_certificate(test::forge_certificate(spec));
    ASSERT_EQ(cert.deviations.size(), 1U);
    EXPECT_EQ(cert.deviations[0].rule, "der.not-der");
    EXPECT_EQ(cert.deviations[0].path, "Certificate.tbsCertificate.subject.rdn[0].attribute[1]");
    EXPECT_EQ(cert.subject.to_string(), "OU=z + CN=a");
    spec.subject_der = test::seq({test::tlv(17, 0x20, test::concat({atv("2.5.4.3", "a"), atv("2.5.4.11", "z")}))});
    EXPECT_TRUE(x509::parse_certificate(test::forge_certificate(spec)).deviations.empty());
}

TEST(Lint, NonStringValuesAreShownAsRfc4514Hex)
{
    ForgeSpec spec;
    spec.subject_der = test::raw_name({{"2.5.4.45", test::tlv(3, 0, {0x00, 0xAB})}, {"2.5.4.3", cn_value("x")}});
    const auto cert = x509::parse_certificate(test::forge_certificate(spec));
    EXPECT_EQ(cert.subject.to_string(), "x500UniqueIdentifier=#030200ab, CN=x");
}

TEST(Lint, OldKeyAlgorithmOidsAreTheirAlgorithms)
{
    // The forge key's SPKI with X.509's old rsa OID (2.5.8.1.1) in place of rsaEncryption.
    const auto spki = test::forge_key().subject_public_key();
    der::Reader outer(Bytes(spki.begin(), spki.end()), "");
    auto fields = outer.next("spki").children();
    fields.next("algorithm");
    const auto bits = fields.next("key").encoded();
    ForgeSpec spec;
    spec.spki_der = test::seq({test::seq({test::oid("2.5.8.1.1"), test::tlv(5, 0, {})}), bits});
    const auto cert = x509::parse_certificate(test::forge_certificate(spec));
    EXPECT_EQ(cert.public_key.description(), "RSA 2048");
}

TEST(Lint, AMisencodedModulusStillDescribesTheKey)
{
    ForgeSpec spec;
    spec.spki_der = rsa_spki(true, false);
    const auto cert = x509::parse_certificate(test::forge_certificate(spec));
    EXPECT_EQ(cert.public_key.description(), "RSA 2048");
}

TEST(Lint, FindingsCarryTheOffendingValue)
{
    ForgeSpec spec;
    spec.not_after = "2701010000Z";
    const auto findings = lint_spec(spec);
    ASSERT_EQ(findings.size(), 1U);
    EXPECT_EQ(findings[0].value, "2701010000Z");
    EXPECT_EQ(findings[0].severity, Severity::error);
    EXPECT_EQ(
        findings[0].message, "notAfter UTCTime \"2701010000Z\": a UTCTime has no seconds (RFC 5280: YYMMDDHHMMSSZ)");
}

TEST(Lint, KeySizes)
{
    const auto ids = [](const char* algorithm, std::size_t bits, const char* curve) {
        x509::PublicKey key;
        key.algorithm = algorithm;
        key.bits = bits;
        key.curve = curve;
        auto der = test::forge_certificate({});
        auto cert = x509::parse_certificate(der);
        cert.public_key = key;
        return rule_ids(lint::lint_certificate(cert, lint::Options{k_at}));
    };
    EXPECT_EQ(ids("RSA", 512, ""), std::vector<std::string>{"key.rsa-weak"});
    EXPECT_EQ(ids("RSA", 1024, ""), std::vector<std::string>{"key.rsa-small"});
    EXPECT_EQ(ids("RSA", 2048, ""), std::vector<std::string>{});
    EXPECT_EQ(ids("RSA", 4096, ""), std::vector<std::string>{});
    EXPECT_EQ(ids("RSA", 8192, ""), std::vector<std::string>{"key.rsa-too-large"});
    EXPECT_EQ(ids("EC", 256, "P-256"), std::vector<std::string>{});
    EXPECT_EQ(ids("EC", 384, "P-384"), std::vector<std::string>{});
    EXPECT_EQ(ids("EC", 521, "P-521"), std::vector<std::string>{"key.ec-curve"});
    EXPECT_EQ(ids("Ed25519", 256, ""), std::vector<std::string>{"key.algorithm"});
}

std::vector<std::string> lint_fixture(const char* file)
{
    const auto files = load::load_files({test::data_path(file)}, {});
    const auto report = lint::lint_files(files, lint::Options{k_at});
    EXPECT_TRUE(report.failures.empty());
    std::vector<std::string> out;
    for (const auto& c : report.certificates) {
        for (const auto& id : rule_ids(c.findings)) {
            out.push_back(id);
        }
    }
    return out;
}

TEST(Lint, OpensslFixtures)
{
    EXPECT_EQ(lint_fixture("certs/chain.pem"), std::vector<std::string>{});
    EXPECT_EQ(lint_fixture("certs/chain.p7b"), std::vector<std::string>{});
    EXPECT_EQ(lint_fixture("certs/leaf-2051.pem"), std::vector<std::string>{});
    EXPECT_EQ(lint_fixture("certs/ec-leaf.pem"), std::vector<std::string>{});
    EXPECT_EQ(lint_fixture("certs/wildcard-leaf.pem"), (std::vector<std::string>{"name.wildcard", "name.wildcard"}));
    EXPECT_EQ(lint_fixture("certs/sha1-leaf.pem"), std::vector<std::string>{"sig.sha1"});
}

TEST(Lint, ValidityIsJudgedAtTheGivenInstant)
{
    const auto files = load::load_files({test::data_path("certs/tomcat-leaf.pem")}, {});
    const auto at = [&](const util::CivilTime& t) {
        return rule_ids(lint::lint_files(files, lint::Options{util::to_unix(t)}).certificates[0].findings);
    };
    EXPECT_EQ(at({2024, 12, 31, 23, 59, 59}), std::vector<std::string>{"validity.not-yet-valid"});
    EXPECT_EQ(at({2025, 1, 1, 0, 0, 0}), std::vector<std::string>{});
    EXPECT_EQ(at({2027, 1, 1, 0, 0, 0}), std::vector<std::string>{});
    EXPECT_EQ(at({2027, 1, 1, 0, 0, 1}), std::vector<std::string>{"validity.expired"});
}

} // namespace
} // namespace pkitool
