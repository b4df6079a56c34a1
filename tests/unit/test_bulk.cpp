// The pieces of `consolidate`: tar.gz, type names in file names,
// classification from content, cluster rules, and the rules of CUCM's
// import applied to forged certificates.
#include "forge.hpp"
#include "paths.hpp"
#include "process.hpp"

#include "pkitool/bulk/consolidate.hpp"
#include "pkitool/error.hpp"
#include "pkitool/util/archive.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/sort.hpp"
#include "pkitool/x509/certificate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <random>

namespace pkitool {
namespace {

using test::error_message;

const profile::Registry& registry()
{
    static const profile::Registry r = profile::Registry::load({});
    return r;
}

util::ArchiveMember member(const std::string& path, const std::string& text)
{
    return {path, false, 0644, 1'700'000'000, {text.begin(), text.end()}};
}

TEST(Archive, RoundTripKeepsPathsModesTimesAndBytes)
{
    const std::string deep = std::string(120, 'd') + "/" + std::string(90, 'f') + ".pem";
    const std::vector<util::ArchiveMember> members
        = {member("manifest.json", "{}\n"), {"import", true, 0755, 1'700'000'000, {}},
            member("import/east/tomcat-trust.pem", std::string(1000, 'x')), member(deep, "deep"), member("empty", "")};
    const auto gz = util::write_tar_gz(members);
    ASSERT_TRUE(util::is_gzip(gz));
    const auto back = util::read_tar(gz, "set.tar.gz");
    ASSERT_EQ(back.size(), members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
        EXPECT_EQ(back[i].path, members[i].directory ? members[i].path + "/" : members[i].path);
        EXPECT_EQ(back[i].directory, members[i].directory);
        EXPECT_EQ(back[i].mode, members[i].mode);
        EXPECT_EQ(back[i].mtime, members[i].mtime);
        EXPECT_EQ(back[i].data, members[i].data);
    }
    // The plain tar inside is whole records of 10240 bytes.
    const auto tar = util::gunzip(gz, "set.tar.gz", 1 << 20);
    EXPECT_EQ(tar.size() % 10240, 0U);
    EXPECT_TRUE(util::is_tar(tar));
}

TEST(Archive, PathsUstarCannotHoldAreRefused)
{
    EXPECT_EQ(error_message([] { util::write_tar_gz({member(std::string(101, 'a'), "x")}); }),
        "\"" + std::string(101, 'a') + "\" is too long for a POSIX tar archive");
}

TEST(Archive, BrokenArchivesAreInputErrors)
{
    const auto gz = util::write_tar_gz({member("a.pem", std::string(3000, 'a'))});
    const std::vector<std::uint8_t> truncated(gz.begin(), gz.begin() + static_cast<std::ptrdiff_t>(gz.size() / 2));
    EXPECT_EQ(error_message([&] { util::read_tar(truncated, "t.tgz"); }), "t.tgz: the gzip stream is truncated");

    auto tar = util::gunzip(gz, "x", 1 << 20);
    tar[0] ^= 1; // the checksum no longer fits
    EXPECT_EQ(error_message([&] { util::read_tar(tar, "x.tar"); }),
        "x.tar: not a tar archive (bad header checksum) (tar header at byte 0)");

    auto cut = util::gunzip(gz, "x", 1 << 20);
    cut.resize(1024);
    EXPECT_EQ(error_message([&] { util::read_tar(cut, "cut.tar"); }),
        "cut.tar: truncated: a member's size goes past the end of the archive (tar header at byte 0)");
}

TEST(Archive, CompressionBombsAreRefused)
{
    const std::vector<std::uint8_t> zeros(4 << 20, 0);
    const auto gz = util::gzip(zeros);
    EXPECT_LT(gz.size(), 20'000U);
    util::ArchiveLimits limits;
    limits.max_total = 1 << 20;
    EXPECT_EQ(error_message([&] { util::read_tar(gz, "bomb.tar.gz", limits); }),
        "bomb.tar.gz: expands to more than 1 MiB; refused as a possible compression bomb");
}

TEST(Archive, ReadsWhatGnuTarWritesInEveryFormat)
{
    std::vector<std::string> reference;
    for (const auto* name : {"ustar.tar", "pax.tar", "gnu.tar", "ustar.tar.gz"}) {
        const auto data = util::read_input(test::data_path(std::string("archive/") + name));
        std::vector<std::string> listed;
        for (const auto& m : util::read_tar(data, name)) {
            listed.push_back(m.path + " " + std::to_string(m.data.size()) + " " + std::to_string(m.mtime));
        }
        if (reference.empty()) {
            reference = listed;
        }
        EXPECT_EQ(listed, reference) << name;
    }
    ASSERT_EQ(reference.size(), 9U);
    // Over 100 bytes: ustar's prefix field, pax's path record, GNU's long name.
    EXPECT_TRUE(reference[3].ends_with("/ec-leaf.pem 969 1767225600")) << reference[3];
    EXPECT_GT(reference[3].size(), 120U);
}

TEST(Bulk, TypesNamedInFileNames)
{
    using V = std::vector<std::string>;
    EXPECT_EQ(bulk::types_named_in("east_pub_tomcat.p12", registry()), V{"tomcat"});
    EXPECT_EQ(bulk::types_named_in("east_pub_tomcat-ECDSA.p12", registry()), V{"tomcat-ECDSA"});
    EXPECT_EQ(bulk::types_named_in("CUP-XMPP-S2S.pem", registry()), V{"cup-xmpp-s2s"});
    EXPECT_EQ(bulk::types_named_in("cucm-pub.p12", registry()), V{});
    EXPECT_EQ(bulk::types_named_in("tomcats.p12", registry()), V{});
    EXPECT_EQ(bulk::types_named_in("CallManager+TVS", registry()), (V{"CallManager", "TVS"}));
    // TFTP is CUCM's other name for the CallManager certificate, unless a
    // type is named outright.
    EXPECT_EQ(bulk::types_named_in("pine_pine-pub_TFTP.p12", registry()), V{"CallManager"});
    EXPECT_EQ(bulk::types_named_in("tftp.p12", registry()), V{"CallManager"});
    EXPECT_EQ(bulk::types_named_in("cucm-tftp_tomcat.p12", registry()), V{"tomcat"});
    EXPECT_EQ(bulk::types_named_in("tftpserver.p12", registry()), V{});
}

const std::string k_server = "1.3.6.1.5.5.7.3.1";
const std::string k_client = "1.3.6.1.5.5.7.3.2";

test::ForgeSpec node(const std::string& cn)
{
    return test::cucm_node(cn);
}

bulk::Classification classify(const test::ForgeSpec& spec, const std::vector<std::string>& hints = {})
{
    return bulk::classify(x509::parse_certificate(test::forge_certificate(spec)), hints, registry());
}

std::string type_of(const bulk::Classification& c)
{
    return c.profile == nullptr ? "unknown" : c.profile->type;
}

TEST(Bulk, CucmNamePatternsDecide)
{
    auto itl = node("ITLRECOVERY_cucm-pub");
    const auto c = classify(itl, {"tomcat"});
    EXPECT_EQ(type_of(c), "ITLRecovery");
    EXPECT_EQ(c.host, "cucm-pub");

    auto capf = node("CAPF-0a1b2c3d");
    capf.key_usage = test::Bytes{0x02, 0xA4}; // digitalSignature, keyEncipherment, keyCertSign
    capf.ca = true;
    EXPECT_EQ(type_of(classify(capf)), "CAPF");
    // Not hex: no pattern, and nothing else says CAPF.
    EXPECT_EQ(type_of(classify(node("CAPF-server"))), "unknown");
}

TEST(Bulk, UsagesNarrowAndNamesPick)
{
    const auto spec = node("cucm-sub1.example.com");
    const auto open = classify(spec);
    EXPECT_EQ(type_of(open), "unknown");
    EXPECT_EQ(open.evidence.back(), "no name says which of CallManager, TVS, tomcat it is");
    EXPECT_EQ(open.host, "cucm-sub1");

    // friendlyName before file name: the first name that picks one decides.
    const auto named = classify(spec, {"TVS", "east_cucm-sub1_tomcat.p12"});
    EXPECT_EQ(type_of(named), "TVS");
    EXPECT_EQ(named.evidence.back(), "the name \"TVS\" says TVS");
    EXPECT_EQ(type_of(classify(spec, {"my-cert", "east_cucm-sub1_tomcat.p12"})), "tomcat");

    // A multi-server CN leaves only the multi-server types.
    EXPECT_EQ(type_of(classify(node("cucm-pub-ms.example.com"), {"TVS"})), "unknown");
    EXPECT_EQ(type_of(classify(node("cucm-pub-ms.example.com"), {"CallManager"})), "CallManager");

    // Names never override the content: a CA is no tomcat.
    auto ca = node("Example Root CA");
    ca.key_usage = test::Bytes{0x01, 0x06}; // keyCertSign, cRLSign
    ca.extra_extensions.clear();
    ca.ca = true;
    const auto root = classify(ca, {"tomcat.pem"});
    EXPECT_EQ(type_of(root), "unknown");
    EXPECT_TRUE(root.authority);
    EXPECT_TRUE(root.authority_for.empty());
    EXPECT_EQ(root.evidence.back(), "its usages fit no certificate type: a CA certificate");
    // Without cA=TRUE it is simply of no known type.
    ca.ca = false;
    const auto plain = classify(ca, {"tomcat.pem"});
    EXPECT_FALSE(plain.authority);
    EXPECT_EQ(plain.evidence.back(), "its usages fit no certificate type");
}

TEST(Bulk, HostLabels)
{
    const auto host = [](const std::string& cn) {
        return bulk::host_label(x509::parse_certificate(test::forge_certificate(node(cn))));
    };
    EXPECT_EQ(host("cucm1.example.com"), "cucm1");
    EXPECT_EQ(host("cucm1-EC.example.com"), "cucm1");
    EXPECT_EQ(host("cucm1-ec.example.com"), "cucm1");
    EXPECT_EQ(host("cucm-pub-EC-ms.example.com"), "cucm-pub-EC-ms");
    EXPECT_EQ(host("cucm1"), "cucm1");
    EXPECT_EQ(host("-EC"), "-EC");
    EXPECT_EQ(classify(node("cucm1-EC.example.com"), {"tomcat"}).host, "cucm1");
}

TEST(Bulk, IssuersOfTheSetAreItsCas)
{
    // Root -> intermediate -> leaf, all forged with the one test key.
    auto root = node("Example Root CA");
    root.issuer_cn = "Example Root CA";
    root.key_usage = test::Bytes{0x01, 0x06}; // keyCertSign, cRLSign
    root.extra_extensions.clear();
    root.ca = true;
    auto intermediate = root;
    intermediate.subject_cn = "Example Issuing CA";
    intermediate.serial = {0x31};
    auto leaf = node("cucm1.example.com");
    leaf.issuer_cn = "Example Issuing CA";
    // Another CA-flagged certificate that issued nothing of the set.
    auto lone = root;
    lone.subject_cn = "Lone CA";
    lone.issuer_cn = "Lone CA";
    const std::vector<x509::Certificate> certs = {x509::parse_certificate(test::forge_certificate(leaf)),
        x509::parse_certificate(test::forge_certificate(intermediate)),
        x509::parse_certificate(test::forge_certificate(root)), x509::parse_certificate(test::forge_certificate(lone))};
    std::vector<bulk::Classification> classes
        = {bulk::classify(certs[0], {"cucm1_tomcat.p12"}, registry()), bulk::classify(certs[1], {}, registry()),
            bulk::classify(certs[2], {}, registry()), bulk::classify(certs[3], {}, registry())};
    bulk::classify_authorities(
        {&certs[0], &certs[1], &certs[2], &certs[3]}, {&classes[0], &classes[1], &classes[2], &classes[3]});
    EXPECT_EQ(type_of(classes[0]), "tomcat");
    EXPECT_FALSE(classes[0].authority);
    for (const int i : {1, 2}) {
        EXPECT_TRUE(classes[i].authority) << i;
        EXPECT_EQ(classes[i].authority_for, std::vector<std::string>{"tomcat"}) << i;
        EXPECT_EQ(classes[i].evidence.back(),
            i == 1 ? "it issued 1 exported certificate (cucm1.example.com)"
                   : "it issued 1 exported certificate (Example Issuing CA)");
    }
    EXPECT_TRUE(classes[3].authority);
    EXPECT_TRUE(classes[3].authority_for.empty());

    // An identity certificate that issued one of the set is that one's CA.
    auto issuing_node = node("Example Issuing CA");
    issuing_node.issuer_cn = "Example Issuing CA";
    const auto as_node = x509::parse_certificate(test::forge_certificate(issuing_node));
    auto c = bulk::classify(as_node, {"CallManager"}, registry());
    auto leaf_class = classes[0];
    EXPECT_EQ(type_of(c), "CallManager");
    bulk::classify_authorities({&certs[0], &as_node}, {&leaf_class, &c});
    EXPECT_TRUE(c.authority);
    EXPECT_EQ(type_of(c), "unknown");
    EXPECT_EQ(c.authority_for, std::vector<std::string>{"tomcat"});
}

TEST(Bulk, MoreUsagesThanTheTableStillFit)
{
    // CUCM's self-signed certificates add keyCertSign; keyUsage absent means any use.
    auto extra = node("cucm-pub");
    extra.key_usage = test::Bytes{0x02, 0xB4};
    const auto c = classify(extra, {"CallManager"});
    EXPECT_EQ(type_of(c), "CallManager");
    EXPECT_TRUE(std::find(c.evidence.begin(), c.evidence.end(),
                    "key usage and extended key usage allow CAPF, CallManager, TVS, tomcat")
        != c.evidence.end())
        << c.evidence[1];
}

TEST(Bulk, DnsDomain)
{
    EXPECT_EQ(bulk::dns_domain(x509::parse_certificate(test::forge_certificate(node("pub.East.example.com")))),
        "east.example.com");
    auto short_cn = node("pub");
    short_cn.dns_sans = {"pub.west.example.com"};
    EXPECT_EQ(bulk::dns_domain(x509::parse_certificate(test::forge_certificate(short_cn))), "west.example.com");
    short_cn.dns_sans = {};
    EXPECT_EQ(bulk::dns_domain(x509::parse_certificate(test::forge_certificate(short_cn))), "");
}

TEST(Bulk, ClusterRules)
{
    const auto rule = bulk::parse_cluster_rule("east=exports/east/*.p12");
    EXPECT_EQ(rule.name, "east");
    EXPECT_EQ(rule.glob, "exports/east/*.p12");
    EXPECT_EQ(error_message([] { bulk::parse_cluster_rule("east"); }),
        "--cluster east: expected NAME=GLOB, such as --cluster 'east=exports/east/*'");
    EXPECT_EQ(error_message([] { bulk::parse_cluster_rule("a/b=*"); }),
        "--cluster a/b=*: a cluster name may hold letters, digits, '-' and '.' only (it becomes a folder and part "
        "of friendlyNames)");
}

class BulkRules : public ::testing::Test {
protected:
    std::string add(const std::string& name, const test::ForgeSpec& spec)
    {
        return m_dir.write(name, test::to_pem(test::forge_certificate(spec)));
    }
    bulk::Result run(const std::vector<std::string>& files, std::vector<bulk::ClusterRule> rules = {})
    {
        std::vector<bulk::Input> inputs;
        for (const auto& f : files) {
            inputs.push_back({f, false, ""});
        }
        bulk::Options options;
        options.at = util::parse_time_argument("2026-06-01");
        options.jobs = 2;
        options.clusters = std::move(rules);
        return bulk::consolidate(inputs, registry(), options);
    }
    test::TempDir m_dir;
};

TEST_F(BulkRules, SameSubjectInTwoClustersIsACollision)
{
    auto older = node("cucm-pub");
    older.not_before = "250101000000Z";
    auto newer = node("cucm-pub");
    newer.not_before = "250301000000Z";
    newer.serial = {0x22};
    const auto result = run({add("east_CallManager.pem", older), add("west_CallManager.pem", newer)});
    ASSERT_EQ(result.entries.size(), 2U);
    EXPECT_EQ(result.count(bulk::Status::included), 1U);
    EXPECT_EQ(result.count(bulk::Status::superseded), 1U);
    const auto& lost = result.entries[0];
    EXPECT_EQ(lost.cluster, "east");
    EXPECT_EQ(lost.status, bulk::Status::superseded);
    ASSERT_EQ(result.warnings.size(), 1U);
    EXPECT_TRUE(result.warnings[0].starts_with("clusters east and west both export a CallManager certificate"))
        << result.warnings[0];
    // West imports nothing of east's: the one east certificate lost.
    for (const auto& set : bulk::import_sets(result)) {
        EXPECT_EQ(set.cluster, "east");
    }
}

TEST_F(BulkRules, PhonesTrustListLimit)
{
    std::vector<std::string> files;
    for (int i = 0; i < 40; ++i) {
        auto spec = node("west-node" + std::to_string(i));
        spec.serial = {0x40, static_cast<std::uint8_t>(i)};
        files.push_back(add("west_node" + std::to_string(i) + "_CallManager.pem", spec));
    }
    files.push_back(add("east_pub_CallManager.pem", node("east-pub")));
    const auto result = run(files);
    // East imports 40, west holds 40 of its own and imports 1.
    ASSERT_EQ(result.warnings.size(), 2U);
    EXPECT_TRUE(result.warnings[0].starts_with("cluster east: after the import its phones' trust list would hold 41 "
                                               "certificates"))
        << result.warnings[0];
    EXPECT_TRUE(result.warnings[1].starts_with("cluster west: after the import its phones' trust list would hold 41 "
                                               "certificates"))
        << result.warnings[1];

    // 39 in all is still fine.
    files.resize(38);
    files.push_back(add("east_pub_CallManager.pem", node("east-pub")));
    EXPECT_EQ(run(files).warnings.size(), 0U);
}

TEST_F(BulkRules, OneClusterHasNothingToImport)
{
    const auto result = run({add("east_pub_CallManager.pem", node("east-pub"))});
    EXPECT_TRUE(bulk::import_sets(result).empty());
    EXPECT_TRUE(result.warnings.empty());
    ASSERT_EQ(result.attention.size(), 1U);
    EXPECT_EQ(result.attention[0], "cluster east imports nothing: it is the only cluster");
}

TEST_F(BulkRules, CasGoWhereWhatTheyIssuedGoes)
{
    auto root = node("Example Issuing CA");
    root.issuer_cn = "Example Issuing CA";
    root.key_usage = test::Bytes{0x01, 0x06};
    root.extra_extensions.clear();
    root.ca = true;
    auto tomcat = node("east-pub.east.example.com");
    tomcat.issuer_cn = "Example Issuing CA";
    auto cm = node("east-pub");
    cm.issuer_cn = "Example Issuing CA";
    cm.serial = {0x23};
    const auto result = run({add("east_pub_tomcat.pem", tomcat), add("east_pub_CallManager.pem", cm),
        add("east_root.pem", root), add("west_pub_CallManager.pem", node("west-pub"))});
    const auto ca = std::find_if(
        result.entries.begin(), result.entries.end(), [](const bulk::Entry& e) { return e.type() == "CA"; });
    ASSERT_NE(ca, result.entries.end());
    EXPECT_EQ(ca->status, bulk::Status::included);
    EXPECT_EQ(ca->stores, (std::vector<std::string>{"Phone-SAST-trust", "CallManager-trust", "tomcat-trust"}));
    EXPECT_EQ(ca->sets, (std::vector<std::string>{"CallManager", "tomcat"}));
    std::map<std::string, std::size_t> in_sets;
    for (const auto& set : bulk::type_sets(result)) {
        in_sets[set.type] = set.entries.size();
    }
    EXPECT_EQ(in_sets, (std::map<std::string, std::size_t>{{"CallManager", 3}, {"tomcat", 2}}));
    // West imports east's CA into all three stores; east imports only west's CallManager.
    for (const auto& set : bulk::import_sets(result)) {
        EXPECT_EQ(set.entries.size(), set.cluster == "west" ? 2U : 1U) << set.cluster << " " << set.store;
    }
    EXPECT_TRUE(result.attention.empty());
}

TEST_F(BulkRules, HostPrefixesAreNodesAndSharedDomainsAreWarned)
{
    // <host>_<type>: the host is no cluster; the DNS domain is.
    const auto hosts = run({add("cucm1_tomcat.pem", node("cucm1.east.example.com")),
        add("cucm2_tomcat.pem", node("cucm2.east.example.com")),
        add("west_w1_tomcat.pem", node("w1.west.example.com"))});
    EXPECT_EQ(hosts.clusters, (std::vector<std::string>{"east.example.com", "west"}));
    EXPECT_EQ(hosts.files[0].cluster_source, "DNS domain east.example.com");
    EXPECT_TRUE(hosts.warnings.empty());

    // Two prefixes, one domain: maybe one cluster.
    const auto shared = run({add("east_cucm1_tomcat.pem", node("cucm1.example.com")),
        add("west_cucm2_tomcat.pem", node("cucm2.example.com"))});
    ASSERT_EQ(shared.warnings.size(), 1U);
    EXPECT_EQ(shared.warnings[0],
        "clusters east and west both hold certificates of the DNS domain example.com: if they are one cluster, "
        "give --cluster NAME=GLOB for its files (a name such as <host>_<type>.p12 says no cluster)");
    // Named by the user, they are two clusters: no warning.
    const auto named = run({shared.files[0].file, shared.files[1].file}, {{"east", "*east_*"}, {"west", "*west_*"}});
    EXPECT_TRUE(named.warnings.empty());

    // A rule that matches nothing is a usage error.
    const auto unused = error_message([&] { run({shared.files[0].file}, {{"north", "*north*"}}); });
    EXPECT_TRUE(unused.starts_with("--cluster north=*north*: the glob matches none of the input files")) << unused;
}

TEST_F(BulkRules, ExpiredTypesAndEmptySetsNeedAttention)
{
    auto old = node("east-pub");
    old.not_after = "260101000000Z";
    const auto result = run({add("east_pub_CallManager.pem", old), add("west_pub_CallManager.pem", node("west-pub"))});
    EXPECT_EQ(result.count(bulk::Status::expired), 1U);
    EXPECT_EQ(result.attention,
        (std::vector<std::string>{"cluster west imports nothing: no other cluster exports "
                                  "a certificate CUCM's bulk import carries",
            "cluster east: every CallManager certificate it exported (1) has expired, so "
            "none is in the set"}));
}

TEST_F(BulkRules, ExpiredTypesTheImportDoesNotCarryNeedNoAttention)
{
    auto tvs = node("east-pub.east.example.com");
    tvs.not_after = "260101000000Z";
    const auto result = run({add("east_pub_TVS.pem", tvs), add("east_pub_CallManager.pem", node("east-pub")),
        add("west_pub_CallManager.pem", node("west-pub"))});
    EXPECT_EQ(result.count(bulk::Status::expired), 1U);
    EXPECT_TRUE(result.attention.empty()) << result.attention.front();
}

TEST(Bulk, EarlierSetsAreNeverInputs)
{
    const test::TempDir dir;
    for (const auto* sub : {"exports/set", "exports/other", "exports/new"}) {
        std::filesystem::create_directories(dir / sub);
    }
    dir.write("exports/east_pub_CallManager.pem", "x");
    dir.write("exports/set/manifest.json", R"({"at": "2026-01-01T00:00:00Z", "schema": "pkitool-consolidate/1"})");
    dir.write("exports/set/CallManager.p12", "x");
    dir.write("exports/other/manifest.json", R"({"schema": "someone-else/1"})");
    dir.write("exports/new/a.pem", "x");
    const auto inputs = bulk::expand_inputs({(dir / "exports").string()}, (dir / "exports/new").string());
    std::vector<std::string> listed;
    for (const auto& in : inputs) {
        listed.push_back(std::filesystem::path(in.path).lexically_relative(dir.path()).string() + " "
            + (in.ignored.empty() ? "read" : in.ignored));
    }
    EXPECT_EQ(listed,
        (std::vector<std::string>{"exports/east_pub_CallManager.pem read",
            "exports/new the output folder (--out): never an input", "exports/other/manifest.json read",
            "exports/set an earlier consolidated set (it holds consolidate's manifest.json): never an input"}));
    // A file of a set named on its own is not read either.
    const auto named = bulk::expand_inputs({(dir / "exports/set/CallManager.p12").string()});
    ASSERT_EQ(named.size(), 1U);
    EXPECT_FALSE(named[0].ignored.empty());
}

// The sort under consolidate's and report's order: by key, equal keys in
// their first order, each element moved (never copied) into place, the
// same result whether the keys are built on one thread or several.
TEST(Bulk, SortByKeyIsStableAndMovesEachElementIntoPlace)
{
    std::mt19937 random(17); // NOLINT(cert-msc32-c,cert-msc51-cpp): a fixed sequence on purpose
    for (const std::size_t size : {0U, 1U, 2U, 7U, 1000U}) {
        // Move-only elements: a key in 0..9 (many ties) and the position it started at.
        std::vector<std::unique_ptr<std::pair<int, std::size_t>>> items;
        for (std::size_t i = 0; i < size; ++i) {
            items.push_back(std::make_unique<std::pair<int, std::size_t>>(static_cast<int>(random() % 10), i));
        }
        auto expected = std::vector<std::pair<int, std::size_t>>();
        for (const auto& item : items) {
            expected.push_back(*item);
        }
        std::stable_sort(
            expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const unsigned jobs : {1U, 4U}) {
            auto sorted = std::vector<std::unique_ptr<std::pair<int, std::size_t>>>();
            for (const auto& item : items) {
                sorted.push_back(std::make_unique<std::pair<int, std::size_t>>(*item));
            }
            util::sort_by_key(
                sorted, [](const auto& item) { return item->first; }, jobs);
            ASSERT_EQ(sorted.size(), expected.size());
            for (std::size_t i = 0; i < sorted.size(); ++i) {
                ASSERT_NE(sorted[i], nullptr) << "size " << size << ", position " << i;
                EXPECT_EQ(*sorted[i], expected[i]) << "size " << size << ", jobs " << jobs << ", position " << i;
            }
        }
    }
}

} // namespace
} // namespace pkitool
