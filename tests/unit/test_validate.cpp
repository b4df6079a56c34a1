// validate on responses assembled from the OpenSSL-made fixtures.
#include "forge.hpp"
#include "paths.hpp"
#include "pkitool/csr/plan.hpp"
#include "pkitool/lint/rules.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/x509/csr.hpp"

#include "pkitool/util/time.hpp"
#include "pkitool/validate/rfc5280.hpp"
#include "pkitool/validate/validate.hpp"
#include "process.hpp"
#include <botan/auto_rng.h>
#include <botan/version.h>

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
    // Without --trust the root of the response is the anchor: a note, with
    // its fingerprints to compare out of band.
    EXPECT_EQ(rules(r), std::set<std::string>{"chain.anchor-unverified"});
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
    const auto outlives = std::count_if(
        leaf.findings.begin(), leaf.findings.end(), [](const Finding& f) { return f.rule == "chain.outlives-issuer"; });
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
    EXPECT_EQ(
        forged_rules({forged(leaf_spec()), forged(root_spec())}), std::set<std::string>{"chain.anchor-unverified"});
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

TEST(ValidateForged, UnknownCriticalExtensionFailsThePath)
{
    // Alone, lint warns (ext.unknown-critical); in a path RFC 5280 6.1.4 (o)
    // makes it an error, reported once.
    auto leaf = leaf_spec();
    leaf.extra_extensions.push_back({"1.3.6.1.4.1.99999.7", test::Bytes{0xFF}, test::tlv(5, 0, {})});
    const auto found = forged_rules({forged(leaf), forged(root_spec())});
    EXPECT_TRUE(found.count("chain.unknown-critical"));
    EXPECT_FALSE(found.count("ext.unknown-critical"));
}

TEST(ValidateForged, BotanSecondOpinionIsAWarning)
{
    // A critical nameConstraints with an otherName subtree constrains a name
    // form the leaf does not use: harmless under RFC 5280. Botan 2 calls the
    // extension unknown and refuses the chain; pkitool reports Botan's view
    // as a warning and the verdict stays OK. (Botan 3 may agree with
    // pkitool; then there is nothing to report.)
    auto root = root_spec();
    const auto other_name = test::tlv(0, 0xA0,
        test::concat(
            {test::oid("1.3.6.1.4.1.311.20.2.3"), test::tlv(0, 0xA0, der::directory_string("x@example.com"))}));
    root.extra_extensions.push_back(
        {"2.5.29.30", test::Bytes{0xFF}, test::seq({test::tlv(0, 0xA0, test::seq({other_name}))})});
    const auto r = validate::validate({forged(leaf_spec()), forged(root)}, {}, registry(), [] {
        auto o = at();
        o.type = &registry().find("tomcat");
        o.botan_check = true;
        return o;
    }());
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rules(r));
    EXPECT_FALSE(rules(r).count("chain.name-not-permitted"));
#if BOTAN_VERSION_MAJOR == 2
    EXPECT_TRUE(rules(r).count("chain.botan")) << ::testing::PrintToString(rules(r));
#endif
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
    leaf.key_usage = test::Bytes{0x03, 0x28}; // keyEncipherment, keyAgreement
    // No --type: the CSR's usages fit tomcat, CallManager and TVS alike, so
    // the CSR alone is the measure.
    const auto found = rules(validate::validate({forged(leaf), forged(root_spec())}, {}, registry(), o));
    for (const char* rule : {"csr.subject-differs", "csr.ou-missing", "csr.san-missing", "csr.san-extra",
             "csr.ku-missing", "csr.ku-missing-accepted", "csr.ku-extra", "csr.eku-missing", "csr.eku-extra"}) {
        EXPECT_TRUE(found.count(rule)) << rule;
    }
    // With the type as well, each missing bit is one finding, the type's.
    auto typed = o;
    typed.type = &registry().find("tomcat");
    const auto once = validate::validate({forged(leaf), forged(root_spec())}, {}, registry(), typed);
    EXPECT_TRUE(rules(once).count("profile.ku-missing-accepted"));
    EXPECT_TRUE(rules(once).count("profile.ku-missing"));
    EXPECT_FALSE(rules(once).count("csr.ku-missing-accepted"));
    EXPECT_FALSE(rules(once).count("csr.ku-missing"));
    EXPECT_FALSE(rules(once).count("csr.eku-missing"));
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
    EXPECT_TRUE(rules(validate::validate({forged(capf_like), forged(root_spec())}, {}, registry(), o))
                    .count("csr.basic-constraints"));
}

validate::Result forged_result(
    std::vector<validate::Input> inputs, std::vector<validate::Input> trust = {}, validate::Options o = at())
{
    if (o.type == nullptr) {
        o.type = &registry().find("tomcat");
    }
    return validate::validate(std::move(inputs), std::move(trust), registry(), o);
}

test::ForgeSpec middle_spec(const std::string& name, const std::string& issuer)
{
    auto s = root_spec();
    s.subject_cn = name;
    s.issuer_cn = issuer;
    s.serial = {0x02};
    return s;
}

TEST(ValidatePath, BacktracksFromADeadEnd)
{
    // Two intermediates of one name and key: the first met has an issuer
    // nobody holds, the second leads to the root. The builder comes back
    // from the first and takes the second; the first is a dead end.
    auto orphan = middle_spec("Forge Middle", "Nowhere CA");
    auto good = middle_spec("Forge Middle", "Forge Root");
    good.serial = {0x03};
    const auto r
        = forged_result({forged(leaf_spec("Forge Middle")), forged(orphan), forged(good), forged(root_spec())});
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rules(r));
    ASSERT_EQ(r.chain.size(), 3U);
    EXPECT_EQ(r.inputs[r.chain[1]].certificate.issuer.common_name(), "Forge Root");
    EXPECT_TRUE(rules(r).count("chain.dead-end"));
    EXPECT_GE(r.paths_tried, 2U);
}

TEST(ValidatePath, ExpiredCandidateBesideAValidOne)
{
    // The expired intermediate comes first in the response; the valid one wins.
    auto expired = middle_spec("Forge Middle", "Forge Root");
    expired.not_after = "250601000000Z";
    auto valid = middle_spec("Forge Middle", "Forge Root");
    valid.serial = {0x04};
    const auto r
        = forged_result({forged(leaf_spec("Forge Middle")), forged(expired), forged(valid), forged(root_spec())});
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rules(r));
    EXPECT_EQ(r.inputs[r.chain[1]].certificate.serial, test::Bytes{0x04});
}

TEST(ValidatePath, WithTrustAResponseRootIsNoAnchor)
{
    auto other = root_spec();
    other.subject_cn = other.issuer_cn = "Other Root";
    const auto r = forged_result({forged(leaf_spec()), forged(root_spec())}, {forged(other)});
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(rules(r).count("chain.untrusted-root"));
    EXPECT_FALSE(r.anchored);
    // The same root given with --trust is the anchor, whether or not the
    // response carries it too.
    const auto trusted = forged_result({forged(leaf_spec()), forged(root_spec())}, {forged(root_spec())});
    EXPECT_TRUE(trusted.ok()) << ::testing::PrintToString(rules(trusted));
    EXPECT_TRUE(trusted.anchored);
    EXPECT_FALSE(rules(trusted).count("chain.anchor-unverified"));
}

TEST(ValidatePath, MaxDepth)
{
    auto o = at();
    o.max_depth = 2;
    const auto r = forged_result(
        {forged(leaf_spec("Forge Middle")), forged(middle_spec("Forge Middle", "Forge Root")), forged(root_spec())}, {},
        o);
    EXPECT_TRUE(rules(r).count("chain.too-deep"));
    EXPECT_FALSE(r.ok());
}

TEST(ValidatePath, UnrelatedCertificatesAreUnusedAndDoNotCount)
{
    // An unrelated expired root travels along: it is no leaf candidate,
    // and its own error does not fail the verdict.
    auto stray = root_spec();
    stray.subject_cn = stray.issuer_cn = "Stray Root";
    stray.not_after = "250601000000Z";
    const auto r = forged_result({forged(leaf_spec()), forged(stray), forged(root_spec())});
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rules(r));
    EXPECT_TRUE(rules(r).count("chain.unused"));
    EXPECT_FALSE(rules(r).count("chain.leaf-ambiguous"));
}

test::Bytes name_constraints(const std::vector<test::Bytes>& permitted, const std::vector<test::Bytes>& excluded)
{
    std::vector<test::Bytes> parts;
    if (!permitted.empty()) {
        parts.push_back(test::tlv(0, 0xA0, test::concat(permitted)));
    }
    if (!excluded.empty()) {
        parts.push_back(test::tlv(1, 0xA0, test::concat(excluded)));
    }
    return test::seq(parts);
}

test::Bytes dns_subtree(const std::string& name)
{
    return test::seq({test::tlv(2, 0x80, test::Bytes(name.begin(), name.end()))});
}

TEST(ValidatePath, NameConstraints)
{
    auto permit = root_spec();
    permit.extra_extensions.push_back(
        {"2.5.29.30", test::Bytes{0xFF}, name_constraints({dns_subtree("example.com")}, {})});
    EXPECT_TRUE(forged_result({forged(leaf_spec()), forged(permit)}).ok());
    auto outside = leaf_spec();
    outside.dns_sans = {"cucm-pub.example.net"};
    EXPECT_TRUE(rules(forged_result({forged(outside), forged(permit)})).count("chain.name-not-permitted"));

    auto exclude = root_spec();
    exclude.extra_extensions.push_back(
        {"2.5.29.30", test::Bytes{0xFF}, name_constraints({}, {dns_subtree("pub.example.com")})});
    EXPECT_TRUE(forged_result({forged(leaf_spec()), forged(exclude)}).ok()) << "a label boundary, not a suffix";
    auto inside = leaf_spec();
    inside.dns_sans = {"a.pub.example.com"};
    EXPECT_TRUE(rules(forged_result({forged(inside), forged(exclude)})).count("chain.name-excluded"));

    auto in_leaf = leaf_spec();
    in_leaf.extra_extensions.push_back(
        {"2.5.29.30", test::Bytes{0xFF}, name_constraints({dns_subtree("example.com")}, {})});
    EXPECT_TRUE(rules(forged_result({forged(in_leaf), forged(root_spec())})).count("chain.name-constraints-invalid"));
}

TEST(ValidatePath, EkuOfTheIssuerRestrictsTheLeaf)
{
    auto root = root_spec();
    root.extra_extensions.push_back({"2.5.29.37", std::nullopt, test::seq({test::oid("1.3.6.1.5.5.7.3.2")})});
    const auto r = forged_result({forged(leaf_spec()), forged(root)});
    EXPECT_TRUE(rules(r).count("chain.eku-restricted"));
    EXPECT_TRUE(r.ok()) << "a warning";
}

TEST(Rfc5280Names, Forms)
{
    const auto gn = [](int tag, const std::string& text) {
        x509::GeneralName n;
        n.tag = tag;
        n.kind = tag == 1 ? x509::GeneralName::Kind::email
                          : (tag == 2 ? x509::GeneralName::Kind::dns : x509::GeneralName::Kind::uri);
        n.raw.assign(text.begin(), text.end());
        return n;
    };
    const auto within = [&](int tag, const std::string& name, const std::string& base) {
        return validate::name_within(gn(tag, name), gn(tag, base));
    };
    EXPECT_EQ(within(2, "HOST.Example.COM", "example.com"), true);
    EXPECT_EQ(within(2, "example.com", ".example.com"), false);
    EXPECT_EQ(within(2, "badexample.com", "example.com"), false);
    EXPECT_EQ(within(2, "anything.test", ""), true);
    EXPECT_EQ(within(2, "host..example.com", "example.com"), std::nullopt);
    EXPECT_EQ(within(1, "User@Mail.Example.com", "mail.example.com"), true);
    EXPECT_EQ(within(1, "user@sub.mail.example.com", "mail.example.com"), false);
    EXPECT_EQ(within(1, "user@sub.mail.example.com", ".mail.example.com"), true);
    EXPECT_EQ(within(1, "User@example.com", "user@example.com"), false); // the local part is exact
    EXPECT_EQ(within(1, "a@b@example.com", "example.com"), std::nullopt);
    EXPECT_EQ(within(6, "https://user@Host.example.com:8443/path", "host.example.com"), true);
    EXPECT_EQ(within(6, "https://a.host.example.com/", "host.example.com"), false);
    EXPECT_EQ(within(6, "https://a.host.example.com/", ".host.example.com"), true);
    EXPECT_EQ(within(6, "urn:example:thing", "example.com"), std::nullopt);

    x509::GeneralName ip;
    ip.tag = 7;
    ip.kind = x509::GeneralName::Kind::ip;
    ip.raw = {10, 1, 2, 3};
    x509::GeneralName net = ip;
    net.raw = {10, 0, 0, 0, 255, 0, 0, 0};
    EXPECT_EQ(validate::name_within(ip, net), true);
    net.raw = {10, 0, 0, 0, 255, 0, 255, 0}; // not a prefix mask
    EXPECT_EQ(validate::name_within(ip, net), std::nullopt);
    ip.raw.assign(16, 0);
    ip.raw[15] = 1; // ::1 against an IPv4 range: another family
    net.raw = {10, 0, 0, 0, 255, 0, 0, 0};
    EXPECT_EQ(validate::name_within(ip, net), false);
}

profile::Cluster example_cluster()
{
    const auto text = test::read_text(std::string(PKITOOL_SOURCE_ROOT) + "/profiles/examples/cluster.toml");
    return profile::parse_cluster(text, "cluster.toml");
}

TEST(ValidateNames, AgainstTheClusterAndHosts)
{
    const auto cluster = example_cluster();
    auto o = at();
    o.names.cluster = &cluster;
    // A single-node tomcat for cucm-pub with its FQDN as SAN: covered.
    EXPECT_TRUE(forged_result({forged(leaf_spec()), forged(root_spec())}, {}, o).ok());
    // One SAN too many.
    auto extra = leaf_spec();
    extra.dns_sans.push_back("cucm-sub9.example.com");
    EXPECT_TRUE(rules(forged_result({forged(extra), forged(root_spec())}, {}, o)).count("names.extra"));
    // A CN that is no node.
    auto stranger = leaf_spec();
    stranger.subject_cn = "cucm-other.example.net";
    stranger.dns_sans = {"cucm-other.example.net"};
    EXPECT_TRUE(rules(forged_result({forged(stranger), forged(root_spec())}, {}, o)).count("names.not-in-cluster"));
    // Multi-server: every CUCM and IM&P node, and the domain.
    auto ms = leaf_spec();
    ms.subject_cn = "cucm-pub-ms.example.com";
    ms.dns_sans = {"cucm-pub.example.com"};
    const auto found = rules(forged_result({forged(ms), forged(root_spec())}, {}, o));
    EXPECT_TRUE(found.count("names.not-covered"));
    EXPECT_TRUE(found.count("names.domain-missing"));
    // Without a type the cluster cannot say.
    auto untyped = at();
    untyped.names.cluster = &cluster;
    const auto r = validate::validate({forged(leaf_spec()), forged(root_spec())}, {}, registry(), untyped);
    EXPECT_TRUE(rules(r).count("names.no-type"));
    // --host: SAN, not CN.
    auto hosts = at();
    hosts.names.hosts = {"cucm-pub.example.com", "CUCM-PUB.example.com."};
    EXPECT_TRUE(forged_result({forged(leaf_spec()), forged(root_spec())}, {}, hosts).ok())
        << "RFC 6125: no case, no dot";
    auto cn_only = leaf_spec();
    cn_only.dns_sans = {"other.example.com"};
    EXPECT_TRUE(rules(forged_result({forged(cn_only), forged(root_spec())}, {}, hosts)).count("names.cn-only"));
}

TEST(ValidateNames, TypeFromTheCsrFileName)
{
    const auto csr = tomcat_csr();
    const auto pkitool_name
        = validate::type_from_csr_file("/nowhere/cucm-pub-ms-CallManager-ECDSA.csr", csr, registry());
    ASSERT_NE(pkitool_name.type, nullptr);
    EXPECT_EQ(pkitool_name.type->type, "CallManager-ECDSA");
    const auto cucm_name = validate::type_from_csr_file("/nowhere/tomcat.csr", csr, registry());
    ASSERT_NE(cucm_name.type, nullptr);
    EXPECT_EQ(cucm_name.type->type, "tomcat");
    EXPECT_TRUE(cucm_name.evidence.find("CUCM's download name") != std::string::npos);
    EXPECT_EQ(validate::type_from_csr_file("/nowhere/request.csr", csr, registry()).type, nullptr);
}

TEST(ValidateForged, EveryValidateRuleHasAScenario)
{
    // csr.rfc5480-dropped is profile.rfc5480-dropped renamed (compare_usages
    // maps profile.* to csr.*; ProfileRules.EachRule tests the rule itself);
    // key.mismatch is exercised by ValidateCli.KeyMustMatch.
    const std::set<std::string> covered = {"chain.leaf-ambiguous", "chain.missing-issuer", "chain.signature",
        "chain.signature-unchecked", "chain.key-identifier", "chain.issuer-not-ca", "chain.path-length", "chain.loop",
        "chain.unused", "chain.expiring", "chain.outlives-issuer", "chain.botan", "chain.untrusted-root",
        "chain.too-deep", "chain.anchor-unverified", "chain.dead-end", "chain.name-not-permitted",
        "chain.name-excluded", "chain.name-constraints-invalid", "chain.unknown-critical", "chain.eku-restricted",
        "names.not-covered", "names.cn-only", "names.domain-missing", "names.extra", "names.not-in-cluster",
        "names.no-type", "dup.same-certificate", "dup.same-subject", "csr.key-mismatch", "csr.subject-differs",
        "csr.ou-missing", "csr.subject-extra", "csr.san-missing", "csr.san-extra", "csr.ku-missing",
        "csr.ku-missing-accepted", "csr.ku-extra", "csr.eku-missing", "csr.eku-extra", "csr.rfc5480-dropped",
        "csr.basic-constraints", "key.mismatch", "type.unknown", "type.ambiguous", "input.unreadable"};
    for (const auto& r : lint::all_rules()) {
        const std::string id(r.id);
        const bool validate_rule = id.starts_with("chain.") || id.starts_with("dup.") || id.starts_with("csr.")
            || id.starts_with("type.") || id.starts_with("input.") || id.starts_with("names.") || id == "key.mismatch";
        if (validate_rule) {
            EXPECT_TRUE(covered.count(id)) << id << " has no scenario";
        }
    }
}

} // namespace
} // namespace pkitool
