// Profiles against the reference table, cluster files and their exact
// error messages, request planning and the CSRs pkitool builds.
#include "forge.hpp"
#include "paths.hpp"
#include "pkitool/csr/plan.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/x509/csr.hpp"
#include "process.hpp"

#include <botan/auto_rng.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

namespace pkitool {
namespace {

using profile::Product;

// shared/reference/cucm-certificates.md section 1, typed in again here so
// that a mistake in profiles/ cannot hide in the test.
struct Expected {
    std::set<std::string> ku;
    std::set<std::string> eku;
    bool multi_server;
    bool ca;
};

const std::map<std::string, Expected>& reference_table()
{
    static const std::set<std::string> ds_ke_de = {"digitalSignature", "keyEncipherment", "dataEncipherment"};
    static const std::set<std::string> ds_ke_de_ka
        = {"digitalSignature", "keyEncipherment", "dataEncipherment", "keyAgreement"};
    static const std::set<std::string> sa_ca = {"serverAuth", "clientAuth"};
    static const std::set<std::string> sa_ca_ip = {"serverAuth", "clientAuth", "ipsecEndSystem"};
    static const std::map<std::string, Expected> table = {
        {"cucm/CallManager", {ds_ke_de, sa_ca, true, false}},
        {"cucm/CallManager-ECDSA", {ds_ke_de, sa_ca, true, false}},
        {"cucm/CAPF", {{"digitalSignature", "keyEncipherment", "keyCertSign"}, {"serverAuth"}, false, true}},
        {"cucm/ipsec", {ds_ke_de, sa_ca_ip, false, false}},
        {"cucm/tomcat", {ds_ke_de, sa_ca, true, false}},
        {"cucm/tomcat-ECDSA", {ds_ke_de, sa_ca, true, false}},
        {"cucm/TVS", {ds_ke_de, sa_ca, false, false}},
        {"imp/cup", {ds_ke_de_ka, sa_ca_ip, false, false}},
        {"imp/cup-ECDSA", {ds_ke_de_ka, sa_ca_ip, false, false}},
        {"imp/cup-xmpp", {ds_ke_de_ka, sa_ca_ip, true, false}},
        {"imp/cup-xmpp-ECDSA", {ds_ke_de_ka, sa_ca_ip, true, false}},
        {"imp/cup-xmpp-s2s", {ds_ke_de_ka, sa_ca_ip, true, false}},
        {"imp/cup-xmpp-s2s-ECDSA", {ds_ke_de_ka, sa_ca_ip, true, false}},
        {"imp/ipsec", {ds_ke_de, sa_ca_ip, false, false}},
        {"imp/tomcat", {ds_ke_de, sa_ca, true, false}},
        {"imp/tomcat-ECDSA", {ds_ke_de, sa_ca, true, false}},
    };
    return table;
}

const profile::Registry& registry()
{
    static const profile::Registry r = profile::Registry::load({});
    return r;
}

std::set<std::string> names(const std::vector<std::string>& v)
{
    return {v.begin(), v.end()};
}

TEST(Profiles, BuiltInSetIsComplete)
{
    EXPECT_EQ(registry().all().size(), 17U);
    const auto& itl = registry().find("ITLRecovery");
    EXPECT_FALSE(itl.csr_allowed);
    for (const auto& [id, expected] : reference_table()) {
        const auto& p = registry().find(id);
        EXPECT_EQ(p.id(), id);
        EXPECT_TRUE(p.csr_allowed) << id;
        EXPECT_EQ(p.multi_server, expected.multi_server) << id;
        EXPECT_EQ(p.multi_server_suffix, !expected.multi_server ? "" : id.ends_with("-ECDSA") ? "-EC-ms" : "-ms") << id;
        EXPECT_EQ(p.key_algorithm, id.ends_with("-ECDSA") ? profile::KeyAlgorithm::ec : profile::KeyAlgorithm::rsa);
    }
}

TEST(Profiles, FindResolvesSharedTypesAndSuggests)
{
    EXPECT_EQ(registry().find("tomcat").id(), "cucm/tomcat");
    EXPECT_EQ(registry().find("tomcat", Product::imp).id(), "imp/tomcat");
    EXPECT_EQ(registry().find("IMP/Tomcat").id(), "imp/tomcat");
    EXPECT_EQ(registry().find("callmanager").id(), "cucm/CallManager");
    EXPECT_EQ(test::error_message([] { registry().find("tomcatt"); }),
        "unknown certificate type \"tomcatt\" (did you mean \"tomcat\"?); pkitool profiles list shows every type");
}

// Every CSR pkitool makes carries exactly the reference table's extensions.
class ProfileCsr : public testing::TestWithParam<std::string> { };

TEST_P(ProfileCsr, CarriesExactlyTheReferenceExtensions)
{
    const auto& p = registry().find(GetParam());
    const Expected& expected = reference_table().at(GetParam());
    csr::RequestSpec spec = csr::plan_standalone(
        registry(), {GetParam(), "node1.example.com", {"node2.example.com"}, "O=Example,L=Austin,ST=Texas,C=US", {}});
    ASSERT_EQ(spec.profile, &p);
    csr::check(spec, false);
    Botan::AutoSeeded_RNG rng;
    const auto request = csr::generate(spec, nullptr, rng);
    const auto parsed = x509::parse_csr(request.csr_der);

    EXPECT_EQ(x509::check_signature(parsed).status, x509::SignatureCheck::Status::valid);
    EXPECT_FALSE(parsed.non_der_offset);
    EXPECT_TRUE(parsed.other_attributes.empty());
    std::set<std::string> oids;
    for (const auto& e : parsed.requested.all) {
        oids.insert(e.oid);
    }
    std::set<std::string> want_oids = {"2.5.29.15", "2.5.29.37", "2.5.29.17"};
    if (expected.ca) {
        want_oids.insert("2.5.29.19");
    }
    EXPECT_EQ(oids, want_oids) << "nothing more, nothing less";
    ASSERT_TRUE(parsed.requested.key_usage);
    EXPECT_EQ(names(parsed.requested.key_usage->names()), expected.ku);
    ASSERT_TRUE(parsed.requested.extended_key_usage);
    std::vector<std::string> eku;
    for (const auto& oid : *parsed.requested.extended_key_usage) {
        eku.push_back(der::oid_name(oid));
    }
    EXPECT_EQ(names(eku), expected.eku);
    if (expected.ca) {
        ASSERT_TRUE(parsed.requested.basic_constraints);
        EXPECT_TRUE(parsed.requested.basic_constraints->ca);
        EXPECT_EQ(parsed.requested.basic_constraints->path_length, 0U);
    }
    ASSERT_TRUE(parsed.requested.subject_alt_names);
    ASSERT_EQ(parsed.requested.subject_alt_names->size(), 2U);
    EXPECT_EQ((*parsed.requested.subject_alt_names)[0].value, "node1.example.com");
    EXPECT_EQ(parsed.subject.to_string(), "C=US, ST=Texas, L=Austin, O=Example, CN=node1.example.com");
    EXPECT_EQ(parsed.public_key.algorithm, p.key_algorithm == profile::KeyAlgorithm::ec ? "EC" : "RSA");
    // The request passes its own profile's lint (EC requests get the RFC 5480 notes only).
    for (const auto& f : lint::lint_against_profile(parsed.requested, parsed.public_key, "node1.example.com", p)) {
        EXPECT_EQ(f.rule, "profile.rfc5480-conflict") << GetParam();
    }
}

std::vector<std::string> reference_ids()
{
    std::vector<std::string> out;
    for (const auto& [id, e] : reference_table()) {
        out.push_back(id);
    }
    return out;
}

INSTANTIATE_TEST_SUITE_P(
    AllTypes, ProfileCsr, testing::ValuesIn(reference_ids()), [](const testing::TestParamInfo<std::string>& info) {
        std::string name = info.param;
        std::replace_if(
            name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
        return name;
    });

TEST(Profiles, FileErrorsNameLineAndKey)
{
    const auto parse
        = [](const std::string& text) { return test::error_message([&] { profile::parse_profile(text, "p.toml"); }); };
    const std::string base = "type = \"x\"\nproduct = \"cucm\"\nkey_algorithm = \"RSA\"\n"
                             "key_usage = [\"digitalSignature\"]\nextended_key_usage = [\"serverAuth\"]\n";
    EXPECT_EQ(parse(base), "no error");
    EXPECT_EQ(parse(base + "key_usages = []\n"), "p.toml:6: unknown key \"key_usages\" (did you mean \"key_usage\"?)");
    EXPECT_EQ(parse("type = \"x\"\nproduct = \"cucm\"\nkey_algorithm = \"RSA\"\nkey_usage = [\"digitalSignatur\"]\n"),
        "p.toml:4: key_usage: unknown key usage \"digitalSignatur\" (did you mean \"digitalSignature\"?)");
    EXPECT_EQ(parse("type = \"x\"\nproduct = \"ucm\"\n"), "p.toml:2: product: \"ucm\" is not a product (cucm or imp)");
    EXPECT_EQ(parse("product = \"cucm\"\n"), "p.toml:1: missing key \"type\"");
    EXPECT_EQ(parse(base + "extended_key_usage = [\"webServer\"]\n").substr(0, 8), "p.toml:6");
    EXPECT_EQ(parse("type = \"x\"\nproduct = \"cucm\"\nkey_algorithm = \"DSA\"\n"),
        "p.toml:3: key_algorithm: \"DSA\" is not RSA or EC");
    EXPECT_EQ(parse("type = \n"), "p.toml:1: Error while parsing key-value pair: expected value, saw '\\n'");
}

TEST(Profiles, DirectoryOverridesAndAdds)
{
    test::TempDir dir;
    std::filesystem::create_directories(dir / "cucm");
    dir.write("cucm/tomcat.toml",
        "type = \"tomcat\"\nproduct = \"cucm\"\nkey_algorithm = \"RSA\"\n"
        "key_usage = [\"digitalSignature\"]\nextended_key_usage = [\"serverAuth\"]\n");
    dir.write("site.toml",
        "type = \"expressway\"\nproduct = \"cucm\"\nkey_algorithm = \"RSA\"\n"
        "key_usage = [\"digitalSignature\"]\nextended_key_usage = [\"serverAuth\", \"1.2.3.4\"]\n");
    const auto r = profile::Registry::load({{dir.path().string()}, true});
    EXPECT_EQ(r.all().size(), 18U);
    EXPECT_EQ(r.find("tomcat").key_usage->names(), std::vector<std::string>{"digitalSignature"});
    EXPECT_EQ(r.find("tomcat").source, (dir / "cucm" / "tomcat.toml").string());
    EXPECT_EQ(r.find("expressway").extended_key_usage->back(), "1.2.3.4");
    EXPECT_EQ(r.find("imp/tomcat").source, "built-in");
}

constexpr const char* k_cluster = R"(name = "lab"
domain = "example.com"

[subject]
O = "Example"
L = "Austin"
ST = "Texas"
C = "US"

[[node]]
host = "cucm-pub"
role = "cucm-publisher"

[[node]]
host = "cucm-sub1"
role = "cucm-subscriber"

[[node]]
host = "imp-pub"
role = "imp-publisher"
)";

profile::Cluster cluster(const std::string& text = k_cluster)
{
    return profile::parse_cluster(text, "c.toml");
}

std::string cluster_error(const std::string& text)
{
    return test::error_message([&] { cluster(text); });
}

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    text.replace(text.find(from), from.size(), to);
    return text;
}

TEST(Cluster, Reads)
{
    const auto c = cluster();
    EXPECT_EQ(c.name, "lab");
    EXPECT_EQ(c.nodes.size(), 3U);
    EXPECT_EQ(c.fqdn(c.node("cucm-sub1")), "cucm-sub1.example.com");
    EXPECT_EQ(c.publisher(Product::imp)->host, "imp-pub");
    EXPECT_FALSE(c.subject.ou);
    EXPECT_EQ(c.key.rsa_bits, 2048U);
}

TEST(Cluster, NonAsciiOnlyInStringsAndComments)
{
    const auto c
        = cluster(replaced(k_cluster, "O = \"Example\"", "O = \"Soci\u00e9t\u00e9 G\u00e9n\u00e9rale\" # caf\u00e9"));
    EXPECT_EQ(c.subject.o, "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "name = \"lab\"", "n\u00e4me = \"lab\"")),
        "c.toml:1: non-ASCII character outside a string or comment (TOML allows them only in strings and comments)");
    // toml++ only ever sees ASCII: a basic string's non-ASCII characters go
    // as escapes, a literal string holding one as the equivalent basic
    // string; the values stay the same.
    EXPECT_EQ(cluster(replaced(k_cluster, "O = \"Example\"", "O = \"\"\"Soci\u00e9t\u00e9\"\"\"")).subject.o,
        "Soci\u00e9t\u00e9");
    EXPECT_EQ(cluster(replaced(k_cluster, "O = \"Example\"", "O = 'C:\\S\u00f8\"n \U0001F600'")).subject.o,
        "C:\\S\u00f8\"n \U0001F600");
    EXPECT_EQ(cluster(replaced(k_cluster, "O = \"Example\"", "O = '''\u00c5 b'''")).subject.o, "\u00c5 b");
    EXPECT_NE(
        cluster_error(replaced(k_cluster, "O = \"Example\"", "O = \"a\xC3\"")).find("not UTF-8"), std::string::npos);
}

TEST(Cluster, NonAsciiAfterAMalformedValueIsAnInputError)
{
    // Found by fuzz_toml (scripts/fuzz-campaign toml): `key_usage =-["..."`
    // with a non-ASCII character in the string made toml++ 3.3 reach
    // __builtin_unreachable; the UBSan build of this test says so if it
    // ever comes back.
    const auto text = test::read_text(test::data_path("broken-toml/toml-non-ascii-after-malformed-value.toml"));
    EXPECT_TRUE(test::error_message([&] { (void)profile::parse_profile(text, "p.toml"); }).starts_with("p.toml:"));
    EXPECT_TRUE(test::error_message([&] { (void)profile::parse_cluster(text, "c.toml"); }).starts_with("c.toml:"));
}

TEST(Cluster, EveryMistakeNamesItsLine)
{
    EXPECT_EQ(cluster_error(replaced(k_cluster, "domain", "domian")),
        "c.toml:2: unknown key \"domian\" (did you mean \"domain\"?)");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "domain = \"example.com\"\n", "")), "c.toml:1: missing key \"domain\"");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "\"example.com\"", "\"example\"")),
        "c.toml:2: domain: \"example\" is not a DNS domain such as example.com");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "C = \"US\"", "C = \"USA\"")),
        "c.toml:8: subject.C: \"USA\" is not a two-letter ISO 3166 country code such as US or DE");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "C = \"US\"", "CN = \"x\"")),
        "c.toml:8: unknown key \"subject.CN\" (did you mean \"subject.C\"?)");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "host = \"cucm-sub1\"", "host = \"cucm-pub\"")),
        "c.toml:15: node.host: \"cucm-pub\" appears twice");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "host = \"cucm-sub1\"", "host = \"cucm-sub1.example.com\"")),
        "c.toml:15: node.host: \"cucm-sub1.example.com\" is not a host name (one DNS label: letters, digits, hyphens; "
        "the domain is added from \"domain\")");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "role = \"cucm-publisher\"", "role = \"cucm-subscriber\"")),
        "c.toml:11: no node has role = \"cucm-publisher\"");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "role = \"cucm-subscriber\"", "role = \"cucm-publisher\"")),
        "c.toml:16: node.role: a second cucm-publisher; a cluster has one");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "role = \"imp-publisher\"", "role = \"imp-subscriber\"")),
        "c.toml:11: IM and Presence nodes but none has role = \"imp-publisher\"");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "role = \"imp-publisher\"", "role = \"presence\"")),
        "c.toml:20: node.role: \"presence\" is not cucm-publisher, cucm-subscriber, imp-publisher or imp-subscriber");
    EXPECT_EQ(cluster_error(std::string(k_cluster) + "[key]\nrsa_bits = 8192\n"),
        "c.toml:22: key.rsa_bits: 8192 is not 2048, 3072 or 4096 (or 1024 with --allow-weak)");
    EXPECT_EQ(cluster_error(replaced(k_cluster, "[subject]\n", "[subject]\nOU = \"\"\n")),
        "c.toml:5: subject.OU: must be 1 to 64 characters (leave it out to omit OU)");
    EXPECT_EQ(
        cluster_error("name = \"lab\"\ndomain = \"example.com\"\n[subject]\nO=\"a\"\nL=\"b\"\nST=\"c\"\nC=\"US\"\n"),
        "c.toml:1: no [[node]] tables: a cluster needs at least its publisher");
}

csr::ClusterPlanOptions type_on(const std::string& type, const std::string& node)
{
    csr::ClusterPlanOptions o;
    o.type = type;
    o.node = node;
    return o;
}

TEST(Plan, SingleNode)
{
    const auto c = cluster();
    const auto specs = csr::plan_cluster(c, registry(), type_on("tomcat", "imp-pub"));
    ASSERT_EQ(specs.size(), 1U);
    EXPECT_EQ(specs[0].profile->id(), "imp/tomcat");
    EXPECT_EQ(specs[0].common_name(), "imp-pub.example.com");
    EXPECT_EQ(specs[0].dns_names, std::vector<std::string>{"imp-pub.example.com"});
    EXPECT_EQ(specs[0].basename, "imp-pub-tomcat");
    EXPECT_EQ(test::error_message([&] { csr::plan_cluster(c, registry(), type_on("CAPF", "cucm-sub1")); }),
        "CAPF runs on the publisher only; cucm-sub1 is a cucm-subscriber");
    EXPECT_EQ(test::error_message([&] { csr::plan_cluster(c, registry(), type_on("cup", "cucm-pub")); }),
        "imp/cup is a IM and Presence type; cucm-pub is an cucm-publisher");
    EXPECT_EQ(test::error_message([&] { csr::plan_cluster(c, registry(), type_on("tomcat", "nope")); }),
        "no node \"nope\" in c.toml (nodes: cucm-pub, cucm-sub1, imp-pub)");
}

TEST(Plan, MultiServer)
{
    const auto c = cluster();
    csr::ClusterPlanOptions o;
    o.type = "tomcat-ECDSA";
    o.multi_server = true;
    o.extra_sans = {"uc.example.com"};
    auto specs = csr::plan_cluster(c, registry(), o);
    ASSERT_EQ(specs.size(), 1U);
    EXPECT_EQ(specs[0].common_name(), "cucm-pub-EC-ms.example.com");
    EXPECT_EQ(specs[0].dns_names,
        (std::vector<std::string>{
            "cucm-pub.example.com", "cucm-sub1.example.com", "imp-pub.example.com", "example.com", "uc.example.com"}));
    EXPECT_EQ(specs[0].key.hash, "SHA-256");
    o.type = "cup-xmpp";
    o.parent_domain = false;
    o.extra_sans.clear();
    specs = csr::plan_cluster(c, registry(), o);
    EXPECT_EQ(specs[0].common_name(), "imp-pub-ms.example.com");
    EXPECT_EQ(specs[0].dns_names, std::vector<std::string>{"imp-pub.example.com"});
    o.type = "ipsec";
    EXPECT_NE(
        test::error_message([&] { csr::plan_cluster(c, registry(), o); }).find("cannot be a multi-server certificate"),
        std::string::npos);
}

TEST(Plan, AllCoversEveryTypeOncePerNode)
{
    auto c = cluster();
    csr::ClusterPlanOptions o;
    o.all = true;
    // CUCM: 7 types on the publisher (CAPF too), 6 on the subscriber; IM and Presence: 9.
    EXPECT_EQ(csr::plan_cluster(c, registry(), o).size(), 22U);
    c.multi_server_types = {"tomcat"};
    const auto specs = csr::plan_cluster(c, registry(), o);
    EXPECT_EQ(specs.size(), 20U); // three per-node tomcats become one multi-server request
    EXPECT_EQ(specs.back().basename, "cucm-pub-ms-tomcat");
    o.type = "CAPF";
    EXPECT_EQ(csr::plan_cluster(c, registry(), o).size(), 1U);
}

TEST(Check, RefusesBeforeAnyKeyIsMade)
{
    const auto c = cluster();
    auto spec = csr::plan_cluster(c, registry(), type_on("tomcat", "cucm-pub"))[0];
    const auto check = [&](const csr::RequestSpec& s, bool weak = false) {
        return test::error_message([&] { csr::check(s, weak); });
    };
    EXPECT_EQ(check(spec), "no error");
    auto wild = spec;
    wild.dns_names.push_back("*.example.com");
    EXPECT_EQ(check(wild), "SAN \"*.example.com\" is a wildcard; CUCM supports no wildcard certificates");
    auto bad = spec;
    bad.dns_names.push_back("bad_name.example.com");
    EXPECT_NE(check(bad).find("is not a valid DNS name"), std::string::npos);
    auto empty = spec;
    empty.dns_names.push_back("");
    EXPECT_NE(check(empty).find("is not a valid DNS name"), std::string::npos);
    auto long_o = spec;
    long_o.subject[3].value = std::string(65, 'x');
    EXPECT_NE(check(long_o).find("must be 1 to 64 characters"), std::string::npos);
    auto weak = spec;
    weak.key.rsa_bits = 1024;
    EXPECT_EQ(check(weak), "RSA 1024 is breakable; it needs --allow-weak");
    EXPECT_EQ(check(weak, true), "no error");
    EXPECT_EQ(csr::warnings(weak).size(), 1U);
    auto sha1 = spec;
    sha1.key.hash = "SHA-1";
    EXPECT_EQ(check(sha1), "SHA-1 signatures are deprecated; SHA-1 needs --allow-weak");
    auto odd = spec;
    odd.key.rsa_bits = 8192;
    EXPECT_EQ(check(odd), "RSA 8192 is not offered by CUCM: use 2048, 3072 or 4096");

    auto ec = csr::plan_cluster(c, registry(), type_on("tomcat-ECDSA", "cucm-pub"))[0];
    ec.key.curve = "P-384";
    ec.key.hash = "SHA-256";
    EXPECT_EQ(check(ec), "an EC P-384 key needs a hash at least as strong: SHA-384 or SHA-512");
    ec.key.hash = "SHA-384";
    EXPECT_EQ(check(ec), "no error");

    auto itl = spec;
    itl.profile = &registry().find("ITLRecovery");
    EXPECT_EQ(check(itl), "ITLRecovery certificates are made by CUCM itself; there is no CSR for them");

    auto big = csr::plan_cluster(c, registry(), type_on("CallManager", "cucm-pub"))[0];
    big.key.rsa_bits = 4096;
    ASSERT_EQ(csr::warnings(big).size(), 1U);
    EXPECT_NE(csr::warnings(big)[0].find("some phones fail to register"), std::string::npos);
}

// The profile rules on hand-made extension sets.
std::vector<std::string> profile_rules(const x509::Extensions& ext, const std::string& key_algorithm,
    const std::string& type, const std::string& cn = "node.example.com")
{
    x509::PublicKey key;
    key.algorithm = key_algorithm;
    key.bits = 2048;
    key.curve = key_algorithm == "EC" ? "P-256" : "";
    std::vector<std::string> out;
    for (const auto& f : lint::lint_against_profile(ext, key, cn, registry().find(type))) {
        out.push_back(f.rule + ":" + f.value);
    }
    return out;
}

x509::Extensions tomcat_like(std::uint16_t ku_bits, std::vector<std::string> eku)
{
    x509::Extensions ext;
    ext.key_usage = x509::KeyUsage{ku_bits};
    ext.extended_key_usage = std::move(eku);
    return ext;
}

constexpr std::uint16_t k_ds_ke_de = 0b1101;
const std::vector<std::string> k_sa_ca = {"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"};

TEST(ProfileRules, EachRule)
{
    using V = std::vector<std::string>;
    EXPECT_EQ(profile_rules(tomcat_like(k_ds_ke_de, k_sa_ca), "RSA", "tomcat"), V{});
    EXPECT_EQ(profile_rules(tomcat_like(0b0101, k_sa_ca), "RSA", "tomcat"),
        V{"profile.ku-missing-accepted:dataEncipherment"});
    EXPECT_EQ(
        profile_rules(tomcat_like(k_ds_ke_de | 0b10, k_sa_ca), "RSA", "tomcat"), V{"profile.ku-extra:nonRepudiation"});
    EXPECT_EQ(profile_rules(tomcat_like(k_ds_ke_de, {"1.3.6.1.5.5.7.3.1"}), "RSA", "tomcat"),
        V{"profile.eku-missing:clientAuth"});
    EXPECT_EQ(profile_rules(tomcat_like(k_ds_ke_de, {k_sa_ca[0], k_sa_ca[1], "1.3.6.1.5.5.7.3.5"}), "RSA", "tomcat"),
        V{"profile.eku-extra:ipsecEndSystem"});
    EXPECT_EQ(profile_rules(tomcat_like(k_ds_ke_de, k_sa_ca), "EC", "tomcat"), V{"profile.key-algorithm:EC"});
    EXPECT_EQ(profile_rules(tomcat_like(0b0001, k_sa_ca), "EC", "tomcat-ECDSA"),
        (V{"profile.rfc5480-dropped:keyEncipherment", "profile.rfc5480-dropped:dataEncipherment"}));
    EXPECT_EQ(profile_rules(tomcat_like(k_ds_ke_de, k_sa_ca), "EC", "tomcat-ECDSA"),
        (V{"profile.rfc5480-conflict:keyEncipherment", "profile.rfc5480-conflict:dataEncipherment"}));
    EXPECT_EQ(profile_rules(tomcat_like(0b100101, {"1.3.6.1.5.5.7.3.1"}), "RSA", "CAPF"),
        V{"profile.basic-constraints:cA=FALSE"});
    EXPECT_EQ(profile_rules(tomcat_like(k_ds_ke_de, k_sa_ca), "RSA", "TVS", "cucm-pub-ms.example.com"),
        V{"profile.multi-server:cucm-pub-ms.example.com"});
    EXPECT_EQ(profile_rules(tomcat_like(k_ds_ke_de, k_sa_ca), "RSA", "tomcat", "cucm-pub-ms.example.com"), V{});
    auto with_ip = tomcat_like(k_ds_ke_de, k_sa_ca);
    x509::GeneralName dns;
    dns.kind = x509::GeneralName::Kind::dns;
    dns.value = "node.example.com";
    x509::GeneralName ip;
    ip.kind = x509::GeneralName::Kind::ip;
    ip.value = "192.0.2.7";
    with_ip.subject_alt_names = std::vector<x509::GeneralName>{dns, ip};
    EXPECT_EQ(profile_rules(with_ip, "RSA", "tomcat"), V{"profile.san-ip:192.0.2.7"});
    EXPECT_EQ(profile_rules(x509::Extensions{}, "RSA", "tomcat"),
        (V{"profile.ku-missing:digitalSignature", "profile.ku-missing:keyEncipherment",
            "profile.ku-missing-accepted:dataEncipherment", "profile.eku-missing:serverAuth",
            "profile.eku-missing:clientAuth"}));
}

} // namespace
} // namespace pkitool
