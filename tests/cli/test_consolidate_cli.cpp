// pkitool consolidate's exit status and summary as a user meets them, on
// forged exports (PEM files named as CUCM's exports are): each rule of
// "needs attention", the usage errors, and reruns next to earlier output.
#include "forge.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace pkitool {
namespace {

using test::contains;
using test::jq;
using test::read_text;

class ConsolidateCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::filesystem::create_directories(m_dir / "exports");
        m_dir.write("setpw", "set-pw\n");
    }

    void add(const std::string& name, const test::ForgeSpec& spec)
    {
        m_dir.write("exports/" + name, test::to_pem(test::forge_certificate(spec)));
    }

    // Two clusters of one CallManager each, judged on 2026-06-01.
    void two_clusters()
    {
        add("east_east-pub_CallManager.pem", test::cucm_node("east-pub"));
        add("west_west-pub_CallManager.pem", test::cucm_node("west-pub"));
    }

    test::RunResult consolidate(std::vector<std::string> extra, const std::string& out = "set")
    {
        std::vector<std::string> args
            = {"consolidate", "--out", (m_dir / out).string(), "--out-pass-file", (m_dir / "setpw").string()};
        if (std::find(extra.begin(), extra.end(), "--at") == extra.end()) {
            args.insert(args.end(), {"--at", "2026-06-01"});
        }
        args.insert(args.end(), extra.begin(), extra.end());
        return test::pkitool(args);
    }

    std::string exports() const { return (m_dir / "exports").string(); }

    test::TempDir m_dir;
};

TEST_F(ConsolidateCli, EveryCertificatePlacedExitsZero)
{
    two_clusters();
    const auto r = consolidate({exports()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "  east     CallManager-trust 1, Phone-SAST-trust 1\n")) << r.err;
    EXPECT_TRUE(contains(r.err, "Sets: CallManager.p12 2\n")) << r.err;
    EXPECT_FALSE(contains(r.err, "Needs attention")) << r.err;
}

TEST_F(ConsolidateCli, EverythingExpiredWritesNothingAndSaysSo)
{
    two_clusters();
    const auto r = consolidate({exports(), "--at", "2030-01-01"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(
        r.err, "  expired: O=Example, CN=east-pub (cluster east, CallManager, notAfter 2027-01-01T00:00:00Z)\n"))
        << r.err;
    EXPECT_TRUE(contains(r.err, "  east     nothing\n")) << r.err;
    EXPECT_TRUE(contains(r.err, "Sets: none (no certificate is included)\n")) << r.err;
    EXPECT_TRUE(contains(r.err,
        "Needs attention: cluster east: every CallManager certificate it exported (1) has expired, so none is in "
        "the set\n"))
        << r.err;
    EXPECT_TRUE(contains(r.err, "Needs attention: no consolidated set: no certificate is included\n")) << r.err;
    EXPECT_TRUE(contains(r.err, "Needs attention: cluster west imports nothing")) << r.err;
    const auto manifest = read_text((m_dir / "set/manifest.json").string());
    EXPECT_EQ(jq(manifest, ".attention | length"), "5");
    EXPECT_EQ(jq(manifest, ".summary.statuses.expired"), "2");
}

TEST_F(ConsolidateCli, SupersededIsListedWithItsDate)
{
    auto older = test::cucm_node("east-pub");
    older.not_before = "250101000000Z";
    auto newer = older;
    newer.not_before = "250301000000Z";
    newer.serial = {0x42};
    add("east_east-pub_CallManager.pem", newer);
    add("east_east-pub-old_CallManager.pem", older);
    add("west_west-pub_CallManager.pem", test::cucm_node("west-pub"));
    const auto r = consolidate({exports()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err,
        "  superseded: O=Example, CN=east-pub (cluster east, CallManager, notBefore 2025-01-01T00:00:00Z): same "
        "subject as "))
        << r.err;
}

TEST_F(ConsolidateCli, UnknownCertificateNeedsAttention)
{
    two_clusters();
    add("west_west-pub_mystery.pem", test::cucm_node("west-pub.west.example.com"));
    const auto r = consolidate({exports(), "--json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "  unknown: O=Example, CN=west-pub.west.example.com (")) << r.err;
    EXPECT_TRUE(contains(r.err, "Needs attention: 1 certificate of no known type, left out (unknown)\n")) << r.err;
    EXPECT_EQ(jq(r.out, ".attention[0]"), "1 certificate of no known type, left out (unknown)");
    EXPECT_EQ(jq(r.out, ".schema"), "pkitool-consolidate/3");
}

TEST_F(ConsolidateCli, OneClusterImportsNothing)
{
    add("east_east-pub_CallManager.pem", test::cucm_node("east-pub"));
    const auto r = consolidate({exports()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "Needs attention: cluster east imports nothing: it is the only cluster\n")) << r.err;
}

TEST_F(ConsolidateCli, SkippedFileNeedsAttention)
{
    two_clusters();
    m_dir.write("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const auto strict = consolidate({exports(), (m_dir / "broken.pem").string()});
    EXPECT_EQ(strict.exit_code, 3) << strict.err;
    const auto r = consolidate({exports(), (m_dir / "broken.pem").string(), "--keep-going"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "Needs attention: 1 file skipped\n")) << r.err;
}

TEST_F(ConsolidateCli, ClusterRuleThatMatchesNothingIsAUsageError)
{
    two_clusters();
    const auto r = consolidate({exports(), "--cluster", "north=*/north/*"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "--cluster north=*/north/*: the glob matches none of the input files")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(m_dir / "set"));
}

TEST_F(ConsolidateCli, AllTypesWritesTheSetsTheImportDoesNotCarry)
{
    two_clusters();
    add("east_east-pub_TVS.pem", test::cucm_node("east-pub.east.example.com"));
    const auto r = consolidate({exports()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err,
        "  not-carried: O=Example, CN=east-pub.east.example.com (cluster east, TVS): CUCM's bulk import does not carry "
        "TVS "
        "certificates (--all-types writes their sets too)\n"))
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(m_dir / "set/TVS.p12"));
    const auto all = consolidate({exports(), "--all-types"}, "all");
    EXPECT_EQ(all.exit_code, 0) << all.err;
    EXPECT_TRUE(std::filesystem::exists(m_dir / "all/TVS.p12"));
    EXPECT_TRUE(contains(all.err, "Sets: CallManager.p12 2, TVS.p12 1\n")) << all.err;
}

TEST_F(ConsolidateCli, OutputInsideTheInputFolderIsNeverReadBack)
{
    two_clusters();
    const auto out = "exports/set";
    const auto first = consolidate({exports(), "--archive", (m_dir / "exports/set.tar.gz").string()}, out);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const auto manifest = read_text((m_dir / "exports/set/manifest.json").string());
    // The rerun reads the same two exports and lists its own output as ignored.
    const auto again
        = consolidate({exports(), "--force", "--archive", (m_dir / "exports/set.tar.gz").string(), "--json"}, out);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(jq(again.out, "[.files[] | select(.status == \"read\")] | length"), "2");
    EXPECT_EQ(jq(again.out, ".files[] | select(.file | endswith(\"exports/set\")) | .reason"),
        "the output folder (--out): never an input");
    EXPECT_EQ(jq(again.out, ".files[] | select(.file | endswith(\"set.tar.gz\")) | .reason"),
        "an archive of an earlier consolidated set (it holds consolidate's manifest.json): never an input");
    EXPECT_EQ(jq(again.out, ".summary.statuses"), jq(manifest, ".summary.statuses"));

    // An earlier set in another folder is not read either.
    const auto elsewhere = consolidate({exports(), "--json"}, "fresh");
    ASSERT_EQ(elsewhere.exit_code, 0) << elsewhere.err;
    EXPECT_EQ(jq(elsewhere.out, ".files[] | select(.file | endswith(\"exports/set\")) | .reason"),
        "an earlier consolidated set (it holds consolidate's manifest.json): never an input");
    EXPECT_EQ(jq(elsewhere.out, ".summary.statuses.included"), "2");
}

} // namespace
} // namespace pkitool
