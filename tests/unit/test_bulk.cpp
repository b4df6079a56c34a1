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
#include "pkitool/x509/certificate.hpp"

#include <gtest/gtest.h>

#include <algorithm>

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
}

test::Bytes eku(const std::vector<std::string>& oids)
{
    std::vector<test::Bytes> parts;
    for (const auto& o : oids) {
        parts.push_back(test::oid(o));
    }
    return test::seq(parts);
}

const std::string k_server = "1.3.6.1.5.5.7.3.1";
const std::string k_client = "1.3.6.1.5.5.7.3.2";

// A self-signed certificate with CallManager's (and tomcat's, and TVS's) usages.
test::ForgeSpec node(const std::string& cn)
{
    test::ForgeSpec spec;
    spec.subject_cn = cn;
    spec.issuer_cn = cn;
    spec.dns_sans = {cn};
    spec.key_usage = test::Bytes{0x04, 0xB0}; // digitalSignature, keyEncipherment, dataEncipherment
    spec.extra_extensions.push_back({"2.5.29.37", std::nullopt, eku({k_server, k_client})});
    return spec;
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
    bulk::Result run(const std::vector<std::string>& files)
    {
        std::vector<bulk::Input> inputs;
        for (const auto& f : files) {
            inputs.push_back({f, false, ""});
        }
        bulk::Options options;
        options.at = util::parse_time_argument("2026-06-01");
        options.jobs = 2;
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

} // namespace
} // namespace pkitool
