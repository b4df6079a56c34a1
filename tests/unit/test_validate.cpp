// validate on responses assembled from the OpenSSL-made fixtures.
#include "forge.hpp"
#include "paths.hpp"
#include "pkitool/csr/plan.hpp"
#include "pkitool/lint/rules.hpp"
#include "pkitool/x509/csr.hpp"

#include "pkitool/util/time.hpp"
#include "pkitool/validate/validate.hpp"
#include "process.hpp"
#include <botan/auto_rng.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace pkitool {
namespace {

const util::UnixTime k_at = util::to_unix({2026, 6, 1, 0, 0, 0});

const profile::Registry& registry()
{
    static const profile::Registry r = profile::Registry::load({});
    return r;
}

std::vector<validate::Input> certs(const std::vector<std::string>& files)
{
    std::vector<validate::Input> out;
    for (const auto& name : files) {
        const auto result = load::load_file(test::data_path(name), {});
        for (const auto& item : result.items) {
            if (const auto* c = std::get_if<x509::Certificate>(&item.content)) {
                out.push_back({item.origin, *c, false});
            }
        }
    }
    return out;
}

std::set<std::string> rules(const validate::Result& r)
{
    std::set<std::string> out;
    for (const auto& f : r.general) {
        out.insert(f.rule);
    }
    for (const auto& c : r.certificates) {
        for (const auto& f : c.findings) {
            out.insert(f.rule);
        }
    }
    return out;
}

validate::Options at(util::UnixTime when = k_at)
{
    validate::Options o;
    o.at = when;
    return o;
}

x509::Csr tomcat_csr()
{
    const auto result = load::load_file(test::data_path("csr/tomcat.csr"), {});
    return std::get<x509::Csr>(result.items.front().content);
}

TEST(Validate, GoodResponseWithCsrAndPlan)
{
    const auto csr = tomcat_csr();
    auto o = at();
    o.csr = &csr;
    o.type = &registry().find("tomcat");
    const auto r = validate::validate(certs({"certs/chain.p7b"}), {}, registry(), o);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(rules(r), std::set<std::string>{});
    ASSERT_EQ(r.chain.size(), 3U);
    EXPECT_EQ(r.certificates[0].role, validate::Role::leaf);
    EXPECT_EQ(r.certificates[2].role, validate::Role::root);
    ASSERT_EQ(r.plan.size(), 3U);
    EXPECT_EQ(r.plan[0].purpose, "tomcat-trust");
    EXPECT_EQ(r.plan[0].file_name, "1-root-example-root-ca.pem");
    EXPECT_EQ(r.plan[1].file_name, "2-intermediate-example-issuing-ca.pem");
    EXPECT_EQ(r.plan[2].purpose, "tomcat");
    EXPECT_EQ(r.plan[2].file_name, "3-tomcat-cucm-pub.pem");
}

TEST(Validate, OrderOfTheResponseDoesNotMatter)
{
    auto reversed = certs({"certs/chain.pem"});
    std::reverse(reversed.begin(), reversed.end());
    const auto r = validate::validate(reversed, {}, registry(), at());
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.inputs[r.chain.front()].certificate.subject.common_name(), "cucm-pub.example.com");
    EXPECT_EQ(r.plan.front().role, validate::Role::root);
}

TEST(Validate, MissingIntermediateAndTrust)
{
    const auto missing = validate::validate(certs({"certs/tomcat-leaf.pem", "pki/root-ca.pem"}), {}, registry(), at());
    EXPECT_FALSE(missing.ok());
    EXPECT_TRUE(rules(missing).count("chain.missing-issuer"));
    EXPECT_TRUE(rules(missing).count("chain.unused")) << "the root is not reachable from the leaf";
    const auto trusted = validate::validate(
        certs({"certs/tomcat-leaf.pem"}), certs({"pki/intermediate-ca.pem", "pki/root-ca.pem"}), registry(), at());
    EXPECT_TRUE(trusted.ok());
    EXPECT_EQ(trusted.chain.size(), 3U);
}

TEST(Validate, Duplicates)
{
    const auto r = validate::validate(certs({"certs/chain.pem", "certs/tomcat-leaf.der"}), {}, registry(), at());
    EXPECT_TRUE(rules(r).count("dup.same-certificate"));
    EXPECT_TRUE(r.ok()) << "a repeated certificate is a warning";
}

TEST(Validate, TwoCandidateLeavesUnlessTheCsrPicks)
{
    const auto both
        = certs({"certs/tomcat-leaf.pem", "certs/leaf-2051.pem", "pki/intermediate-ca.pem", "pki/root-ca.pem"});
    const auto r = validate::validate(both, {}, registry(), at());
    EXPECT_TRUE(rules(r).count("chain.leaf-ambiguous"));
    EXPECT_FALSE(r.ok());
    const auto csr = tomcat_csr();
    auto o = at();
    o.csr = &csr;
    const auto picked = validate::validate(both, {}, registry(), o);
    EXPECT_EQ(picked.inputs[picked.chain.front()].certificate.subject.common_name(), "cucm-pub.example.com");
    EXPECT_FALSE(rules(picked).count("chain.leaf-ambiguous"));
    EXPECT_TRUE(rules(picked).count("chain.unused"));
}

TEST(Validate, ResponseToAnotherRequest)
{
    const auto csr = tomcat_csr();
    auto o = at();
    o.csr = &csr;
    const auto r = validate::validate(
        certs({"certs/leaf-2051.pem", "pki/intermediate-ca.pem", "pki/root-ca.pem"}), {}, registry(), o);
    EXPECT_TRUE(rules(r).count("csr.key-mismatch"));
    EXPECT_FALSE(r.ok());
}

TEST(Validate, ACertificateThatOutlivesItsIssuerIsAWarning)
{
    // leaf-2051 runs to 2051; its issuing CA (OpenSSL-made) ends in 2034.
    const auto r = validate::validate(
        certs({"certs/leaf-2051.pem", "pki/intermediate-ca.pem", "pki/root-ca.pem"}), {}, registry(), at());
    ASSERT_FALSE(r.certificates.empty());
    const auto& leaf = r.certificates.front();
    ASSERT_EQ(leaf.role, validate::Role::leaf);
    const auto outlives = std::count_if(leaf.findings.begin(), leaf.findings.end(),
        [](const report::Finding& f) { return f.rule == "chain.outlives-issuer"; });
    EXPECT_EQ(outlives, 1);
    // The intermediate ends before the root: no warning there.
    EXPECT_FALSE(
        rules(validate::validate(certs({"certs/chain.pem"}), {}, registry(), at())).count("chain.outlives-issuer"));
}

TEST(Validate, TypeRulesTimesAndAmbiguity)
{
    auto o = at();
    o.type = &registry().find("ipsec");
    EXPECT_TRUE(rules(validate::validate(certs({"certs/chain.pem"}), {}, registry(), o)).count("profile.eku-missing"));
    const auto ambiguous = validate::validate(certs({"certs/chain.pem"}), {}, registry(), at());
    EXPECT_TRUE(rules(ambiguous).count("type.ambiguous"));
    EXPECT_EQ(ambiguous.type_candidates.size(), 3U);
    EXPECT_TRUE(
        rules(validate::validate(certs({"certs/chain.pem"}), {}, registry(), at(util::to_unix({2027, 6, 1, 0, 0, 0}))))
            .count("validity.expired"));
    EXPECT_TRUE(rules(
        validate::validate(certs({"certs/chain.pem"}), {}, registry(), at(util::to_unix({2026, 12, 15, 0, 0, 0}))))
                    .count("chain.expiring"));
}

TEST(Validate, TamperedSignature)
{
    auto chain = certs({"certs/chain.pem"});
    auto der = chain[0].certificate.der;
    der.back() ^= 0x01;
    chain[0].certificate = x509::parse_certificate(der);
    const auto r = validate::validate(chain, {}, registry(), at());
    EXPECT_TRUE(rules(r).count("chain.signature"));
    EXPECT_FALSE(r.ok());
}

// Forged chains: every forged certificate carries and is signed with the
// same key, so a forged "root" really issues forged leaves.
validate::Input forged(test::ForgeSpec spec)
{
    const auto der = test::forge_certificate(spec);
    return {
        load::Origin{spec.subject_cn + ".pem", std::nullopt, {}, std::nullopt}, x509::parse_certificate(der), false};
}

test::ForgeSpec root_spec()
{
    test::ForgeSpec s;
    s.subject_cn = s.issuer_cn = "Forge Root";
    s.ca = true;
    s.key_usage = test::Bytes{0x01, 0x06}; // keyCertSign, cRLSign
    s.dns_sans.clear();
    s.serial = {0x01};
    return s;
}

test::ForgeSpec leaf_spec(const std::string& issuer = "Forge Root")
{
    test::ForgeSpec s;
    s.issuer_cn = issuer;
    s.key_usage = test::Bytes{0x04, 0xB0}; // digitalSignature, keyEncipherment, dataEncipherment
    s.extra_extensions.push_back(
        {"2.5.29.37", std::nullopt, test::seq({test::oid("1.3.6.1.5.5.7.3.1"), test::oid("1.3.6.1.5.5.7.3.2")})});
    return s;
}

std::set<std::string> forged_rules(std::vector<validate::Input> inputs, validate::Options o = at())
{
    if (o.type == nullptr) {
        o.type = &registry().find("tomcat");
    }
    return rules(validate::validate(std::move(inputs), {}, registry(), o));
}

TEST(ValidateForged, GoodChain)
{
    EXPECT_EQ(forged_rules({forged(leaf_spec()), forged(root_spec())}), std::set<std::string>{});
}

TEST(ValidateForged, IssuerNotCa)
{
    auto root = root_spec();
    root.ca.reset();
    root.key_usage = test::Bytes{0x07, 0x80};
    EXPECT_TRUE(forged_rules({forged(leaf_spec()), forged(root)}).count("chain.issuer-not-ca"));
}

TEST(ValidateForged, PathLength)
{
    auto root = root_spec();
    root.ca.reset();
    root.extra_extensions.push_back(
        {"2.5.29.19", test::Bytes{0xFF}, test::seq({der::boolean(true), der::small_integer(0)})});
    auto middle = root_spec();
    middle.subject_cn = "Forge Middle";
    middle.issuer_cn = "Forge Root";
    middle.serial = {0x02};
    EXPECT_TRUE(
        forged_rules({forged(leaf_spec("Forge Middle")), forged(middle), forged(root)}).count("chain.path-length"));
}

TEST(ValidateForged, KeyIdentifierMismatch)
{
    auto root = root_spec();
    root.extra_extensions.push_back({"2.5.29.14", std::nullopt, der::octet_string({0x03, 0x04})});
    auto leaf = leaf_spec();
    leaf.extra_extensions.push_back({"2.5.29.35", std::nullopt, test::seq({test::tlv(0, 0x80, {0x01, 0x02})})});
    EXPECT_TRUE(forged_rules({forged(leaf), forged(root)}).count("chain.key-identifier"));
}

TEST(ValidateForged, Loop)
{
    auto a = root_spec();
    a.subject_cn = "Loop A";
    a.issuer_cn = "Loop B";
    auto b = root_spec();
    b.subject_cn = "Loop B";
    b.issuer_cn = "Loop A";
    b.serial = {0x02};
    EXPECT_TRUE(forged_rules({forged(leaf_spec("Loop A")), forged(a), forged(b)}).count("chain.loop"));
}

TEST(ValidateForged, SameSubjectTwice)
{
    auto older = leaf_spec();
    older.serial = {0x33};
    older.not_before = "240101000000Z";
    const auto found = forged_rules({forged(leaf_spec()), forged(older), forged(root_spec())});
    EXPECT_TRUE(found.count("dup.same-subject"));
}

TEST(ValidateForged, UncheckableSignature)
{
    auto leaf = leaf_spec();
    leaf.signature_oid = leaf.tbs_signature_oid = "1.2.3.4.5";
    const auto found = forged_rules({forged(leaf), forged(root_spec())});
    EXPECT_TRUE(found.count("chain.signature-unchecked")) << ::testing::PrintToString(found);
}

TEST(ValidateForged, BotanSecondOpinion)
{
    // An unknown critical extension is only a lint warning, but Botan's
    // path validation refuses it: pkitool says so.
    auto leaf = leaf_spec();
    leaf.extra_extensions.push_back({"1.3.6.1.4.1.99999.7", test::Bytes{0xFF}, test::tlv(5, 0, {})});
    const auto found = forged_rules({forged(leaf), forged(root_spec())});
    EXPECT_TRUE(found.count("chain.botan"));
    EXPECT_TRUE(found.count("ext.unknown-critical"));
}

TEST(ValidateForged, TypeUnknown)
{
    auto leaf = leaf_spec();
    leaf.extra_extensions.back().value = test::seq({test::oid("1.3.6.1.5.5.7.3.3")}); // codeSigning
    EXPECT_TRUE(
        rules(validate::validate({forged(leaf), forged(root_spec())}, {}, registry(), at())).count("type.unknown"));
}

TEST(ValidateForged, AgainstTheCsr)
{
    // A CSR for the forge key, so that a forged certificate answers it.
    csr::RequestSpec spec = csr::plan_standalone(
        registry(), {"tomcat", "cucm-pub.example.com", {"cucm-sub1.example.com"}, "O=Example,OU=UC,C=US", {}});
    Botan::AutoSeeded_RNG rng;
    const auto request = x509::parse_csr(csr::build_csr(spec, test::forge_key(), rng));
    auto o = at();
    o.csr = &request;

    // The forged leaf has O=Example, CN=cucm-pub.example.com: C and OU missing,
    // one of the two SANs, and clientAuth only.
    auto leaf = leaf_spec();
    leaf.extra_extensions.back().value = test::seq({test::oid("1.3.6.1.5.5.7.3.2"), test::oid("1.3.6.1.5.5.7.3.5")});
    leaf.dns_sans = {"cucm-pub.example.com", "extra.example.com"};
    leaf.key_usage = test::Bytes{0x03, 0xA8}; // digitalSignature, keyEncipherment, keyAgreement
    const auto found = forged_rules({forged(leaf), forged(root_spec())}, o);
    for (const char* rule : {"csr.subject-differs", "csr.ou-missing", "csr.san-missing", "csr.san-extra",
             "csr.ku-missing", "csr.ku-extra", "csr.eku-missing", "csr.eku-extra"}) {
        EXPECT_TRUE(found.count(rule)) << rule;
    }
    EXPECT_FALSE(found.count("csr.key-mismatch"));

    auto extra_rdn = leaf_spec();
    extra_rdn.subject_cn = "cucm-pub.example.com";
    auto request_no_o = x509::parse_csr(csr::build_csr(
        csr::plan_standalone(registry(), {"tomcat", "cucm-pub.example.com", {}, "C=US", {}}), test::forge_key(), rng));
    o.csr = &request_no_o;
    const auto extra = forged_rules({forged(extra_rdn), forged(root_spec())}, o);
    EXPECT_TRUE(extra.count("csr.subject-extra"));

    auto capf_like = leaf_spec();
    capf_like.ca = true;
    o.csr = &request;
    EXPECT_TRUE(forged_rules({forged(capf_like), forged(root_spec())}, o).count("csr.basic-constraints"));
}

TEST(ValidateForged, EveryValidateRuleHasAScenario)
{
    // csr.rfc5480-dropped is profile.rfc5480-dropped renamed (compare_usages
    // maps profile.* to csr.*; ProfileRules.EachRule tests the rule itself);
    // key.mismatch is exercised by ValidateCli.KeyMustMatch.
    const std::set<std::string> covered = {"chain.leaf-ambiguous", "chain.missing-issuer", "chain.signature",
        "chain.signature-unchecked", "chain.key-identifier", "chain.issuer-not-ca", "chain.path-length", "chain.loop",
        "chain.unused", "chain.expiring", "chain.outlives-issuer", "chain.botan", "dup.same-certificate",
        "dup.same-subject", "csr.key-mismatch", "csr.subject-differs", "csr.ou-missing", "csr.subject-extra",
        "csr.san-missing", "csr.san-extra", "csr.ku-missing", "csr.ku-extra", "csr.eku-missing", "csr.eku-extra",
        "csr.rfc5480-dropped", "csr.basic-constraints", "key.mismatch", "type.unknown", "type.ambiguous",
        "input.unreadable"};
    for (const auto& r : lint::all_rules()) {
        const std::string id(r.id);
        const bool validate_rule = id.starts_with("chain.") || id.starts_with("dup.") || id.starts_with("csr.")
            || id.starts_with("type.") || id.starts_with("input.") || id == "key.mismatch";
        if (validate_rule) {
            EXPECT_TRUE(covered.count(id)) << id << " has no scenario";
        }
    }
}

} // namespace
} // namespace pkitool
