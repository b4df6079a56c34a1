// `pkitool plan` on a 1+3 CUCM + 2 IM and Presence cluster
// (tests/data/plan/cluster.toml): the runbooks the issue names, compared
// with golden files (tests/data/plan/golden/*.txt, read and checked against
// cucm-certificates.md by hand; PKITOOL_UPDATE_GOLDEN=1 rewrites them), the
// JSON document, the trust clean-up from a report and from files, the
// --itl prediction, site overrides and bad input.
#include "process.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace pkitool {
namespace {

using test::contains;
using test::jq;
using test::pkitool;
using test::read_text;

const std::string k_dir = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/plan/";
const std::string k_cluster = k_dir + "cluster.toml";

test::RunResult plan(std::vector<std::string> args, bool json = false)
{
    args.insert(args.begin(), {"plan", "renew", "--cluster", k_cluster});
    if (json) {
        args.insert(args.begin(), "--json");
    }
    return pkitool(args);
}

// The output with the test data's folder left out, so that the golden
// files do not depend on where the checkout is.
std::string portable(std::string text)
{
    for (auto at = text.find(k_dir); at != std::string::npos; at = text.find(k_dir, at)) {
        text.erase(at, k_dir.size());
    }
    return text;
}

void expect_golden(const std::string& name, const test::RunResult& r)
{
    const std::string path = k_dir + "golden/" + name + ".txt";
    const std::string actual = portable(r.out);
    if (const char* update = std::getenv("PKITOOL_UPDATE_GOLDEN"); update != nullptr && *update == '1') {
        std::ofstream(path, std::ios::binary) << actual;
    }
    EXPECT_EQ(actual, read_text(path)) << "golden file " << path << "; stderr: " << r.err;
}

TEST(PlanRenew, TomcatOnly)
{
    const auto r = plan({"--types", "tomcat", "--cucm-version", "14"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_golden("tomcat-14", r);
}

TEST(PlanRenew, CallManagerAndTvsOn115AreRefusedWithTwoWindows)
{
    const auto r = plan({"--types", "CallManager,TVS", "--cucm-version", "11.5"});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    expect_golden("callmanager-tvs-11.5", r);
    const auto j = plan({"--types", "TVS,CallManager", "--cucm-version", "11.5"}, true);
    ASSERT_EQ(j.exit_code, 1) << j.err;
    EXPECT_EQ(jq(j.out, ".refused"), "true");
    EXPECT_EQ(jq(j.out, ".sections | length"), "0");
    EXPECT_EQ(jq(j.out, ".notices[0] | [.id, .action] | join(\" \")"), "plan.callmanager-with-tvs refuse");
    EXPECT_EQ(jq(j.out, ".notices[0].alternative | map(.command) | map(select(. != \"\")) | join(\"\\n\")"),
        "pkitool plan renew --cluster " + k_cluster + " --types CallManager --cucm-version 11.5\n"
            + "pkitool plan renew --cluster " + k_cluster + " --types TVS --cucm-version 11.5");
    // 10.5 is refused too; 12.5 is not.
    EXPECT_EQ(plan({"--types", "CallManager,TVS", "--cucm-version", "10.5"}).exit_code, 1);
    EXPECT_EQ(plan({"--types", "CallManager,TVS", "--cucm-version", "12.5"}).exit_code, 0);
}

TEST(PlanRenew, CallManagerAndTvsOn14InOrder)
{
    const auto r = plan({"--types", "TVS,CallManager", "--cucm-version", "14"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_golden("callmanager-tvs-14", r);
}

TEST(PlanRenew, CapfOnMixedMode14)
{
    const auto r = plan({"--types", "CAPF", "--cucm-version", "14", "--mixed-mode"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_golden("capf-mixed-14", r);
    // Before 14 CAPF is regenerated on every CUCM node.
    const auto old = plan({"--types", "CAPF", "--cucm-version", "12.5", "--mixed-mode"}, true);
    EXPECT_EQ(jq(old.out, "[.sections[].steps[] | select(.cli == \"set cert regen CAPF\") | .node] | join(\",\")"),
        "cucm-pub,cucm-sub1,cucm-sub2,cucm-sub3");
    // Without mixed mode there is no CTL update.
    const auto secure = plan({"--types", "CAPF", "--cucm-version", "14"}, true);
    EXPECT_EQ(jq(secure.out, "[.sections[].steps[] | select(.cli == \"utils ctl update CTLFile\")] | length"), "0");
}

TEST(PlanRenew, ItlRecoveryOn125)
{
    const auto r = plan({"--types", "ITLRecovery", "--cucm-version", "12.5"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_golden("itlrecovery-12.5", r);
}

TEST(PlanRenew, CupXmppWithHaAndFederation)
{
    const auto r = plan({"--types", "cup-xmpp", "--cucm-version", "14", "--with", "ha,federation"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_golden("cup-xmpp-ha-federation-14", r);
    // Federation restarts the SIP Federation Connection Manager after cup.
    const auto cup = plan({"--types", "cup", "--cucm-version", "14", "--with", "federation"}, true);
    EXPECT_EQ(jq(cup.out,
                  "[.sections[].steps[] | select(.cli | startswith(\"utils service restart\")) | .cli[22:] + \"@\" + "
                  ".node] | join(\",\")"),
        "Cisco SIP Proxy@imp-pub,Cisco SIP Proxy@imp-sub1,Cisco Presence Engine@imp-pub,Cisco Presence "
        "Engine@imp-sub1,Cisco XCP SIP Federation Connection Manager@imp-pub,Cisco XCP SIP Federation "
        "Connection Manager@imp-sub1");
}

TEST(PlanRenew, JsonDocument)
{
    const auto r
        = plan({"--types", "ipsec,tomcat", "--cucm-version", "15", "--ca-signed", "--with", "uccx,jabber"}, true);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(jq(r.out, ".schema"), "pkitool-plan/1");
    EXPECT_EQ(jq(r.out, "[.kind, .cluster, .cucm_version] | join(\" \")"), "renew plan 15");
    EXPECT_EQ(jq(r.out, "[.mixed_mode, .ca_signed, .refused] | map(tostring) | join(\" \")"), "false true false");
    // tomcat before ipsec, each type on CUCM and then IM and Presence.
    EXPECT_EQ(jq(r.out, ".types | join(\",\")"), "cucm/tomcat,imp/tomcat,cucm/ipsec,imp/ipsec");
    EXPECT_EQ(jq(r.out, "[.sections[].title] | join(\"|\")"),
        "Before you start|tomcat (CUCM and IM and Presence)|ipsec (CUCM and IM and Presence)|Finish");
    // Steps are numbered 1..n across sections, and every one names its source.
    EXPECT_EQ(jq(r.out, "[.sections[].steps[].number] | . == [range(1; length + 1)]"), "true");
    EXPECT_EQ(jq(r.out, "[.sections[].steps[] | select(.source == \"\")] | length"), "0");
    // CA-signed: one multi-server tomcat CSR (the cluster file asks for it;
    // it names the IM and Presence nodes too), one ipsec CSR per node.
    EXPECT_EQ(
        jq(r.out,
            "[.sections[].steps[].text | select(startswith(\"Make the CSR\")) | split(\": \")[1]] | join(\"\\n\")"),
        "pkitool csr --cluster " + k_cluster + " --type cucm/tomcat --multi-server\n" + "pkitool csr --cluster "
            + k_cluster + " --type cucm/ipsec --node cucm-pub\n" + "pkitool csr --cluster " + k_cluster
            + " --type cucm/ipsec --node cucm-sub1\n" + "pkitool csr --cluster " + k_cluster
            + " --type cucm/ipsec --node cucm-sub2\n" + "pkitool csr --cluster " + k_cluster
            + " --type cucm/ipsec --node cucm-sub3\n" + "pkitool csr --cluster " + k_cluster
            + " --type imp/ipsec --node imp-pub\n" + "pkitool csr --cluster " + k_cluster
            + " --type imp/ipsec --node imp-sub1");
    EXPECT_EQ(jq(r.out, "[.sections[].steps[] | select(.cli == \"set cert regen tomcat\")] | length"), "0");
    // The follow-ups --with asks for, in their CA-signed form.
    EXPECT_EQ(
        jq(r.out, "[.sections[].steps[].text | select(startswith(\"UCCX\") or startswith(\"Jabber\"))] | join(\"|\")"),
        "UCCX: upload the CA's root certificate to UCCX tomcat-trust.|Jabber: push the CA's root and intermediate "
        "certificates to the clients.");
    // ipsec: DRF Master on each product's publisher, then DRF Local
    // everywhere, then the serial check on every node but the CUCM
    // publisher.
    EXPECT_EQ(jq(r.out,
                  "[.sections[2].steps[] | select(.node != \"\" and (.kind == \"check\" or (.cli | startswith(\"utils "
                  "service\")))) | .node] | join(\",\")"),
        "cucm-pub,imp-pub,cucm-pub,cucm-sub1,cucm-sub2,cucm-sub3,imp-pub,imp-sub1,cucm-sub1,cucm-sub2,cucm-sub3,imp-"
        "pub,"
        "imp-sub1");
}

TEST(PlanRenew, HoldBetweenTwoRegenerationsOnOneNode)
{
    const auto r = plan({"--types", "tomcat,ipsec", "--cucm-version", "14"}, true);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Every node regenerates tomcat, then waits 5 minutes before ipsec.
    EXPECT_EQ(jq(r.out, "[.sections[].steps[] | select(.kind == \"wait\") | .node] | join(\",\")"),
        "cucm-pub,cucm-sub1,cucm-sub2,cucm-sub3,imp-pub,imp-sub1");
    EXPECT_TRUE(contains(jq(r.out, "[.sections[].steps[] | select(.kind == \"wait\")][0].text"),
        "Wait until 5 minutes have passed since tomcat was regenerated on cucm-pub"));
}

TEST(PlanRenew, VersionFromTheClusterFile)
{
    test::TempDir dir;
    auto text = read_text(k_cluster);
    text.insert(text.find("[subject]"), "cucm_version = \"11.5\"\n\n");
    const auto cluster = dir.write("c.toml", text);
    const auto r = pkitool({"--json", "plan", "renew", "--cluster", cluster, "--types", "CallManager,TVS"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(jq(r.out, ".cucm_version"), "11.5");
    // --cucm-version wins over the file.
    EXPECT_EQ(pkitool({"plan", "renew", "--cluster", cluster, "--types", "CallManager,TVS", "--cucm-version", "14"})
                  .exit_code,
        0);
    // Neither: a usage error that says where to give it.
    const auto none = plan({"--types", "tomcat"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_TRUE(
        contains(none.err, "which CUCM release? Give --cucm-version (10.5, 11.5, 12.5, 14, 15) or cucm_version in "))
        << none.err;
    // A release pkitool does not plan for, in the file.
    text.replace(text.find("\"11.5\""), 6, "\"9.1\"");
    const auto bad = pkitool({"plan", "renew", "--cluster", dir.write("bad.toml", text), "--types", "tomcat"});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_TRUE(contains(bad.err, "bad.toml:7: cucm_version: \"9.1\" is not 10.5, 11.5, 12.5, 14 or 15")) << bad.err;
}

TEST(PlanRenew, TheItlPredictionDecides)
{
    // The ITL signed by ITLRecovery with one TVS record (made by pkitool itl
    // create from scripts/make-bulk-exports material).
    const std::string itl = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/itl/created-ITLFile.tlv";
    // On 11.5 the rule refuses CallManager+TVS; the prediction agrees.
    const auto both = plan({"--types", "CallManager,TVS", "--cucm-version", "11.5", "--itl", itl}, true);
    EXPECT_EQ(both.exit_code, 1) << both.err;
    EXPECT_EQ(jq(both.out, "[.notices[] | select(.action == \"refuse\") | .id] | join(\",\")"), "plan.itl-rejected");
    EXPECT_EQ(jq(both.out, ".itl_prediction.acceptance"), "rejected");
    EXPECT_EQ(jq(both.out, "[.notices[0].alternative[].command | select(. != \"\")] | length"), "2");
    // ITLRecovery with TVS on 14: no rule refuses it, the prediction does.
    const auto recovery = plan({"--types", "ITLRecovery,TVS", "--cucm-version", "14", "--itl", itl}, true);
    EXPECT_EQ(recovery.exit_code, 1) << recovery.err;
    EXPECT_TRUE(contains(jq(recovery.out, ".notices[0].message"), "is regenerated too")) << recovery.out;
    EXPECT_EQ(plan({"--types", "ITLRecovery,TVS", "--cucm-version", "14"}).exit_code, 0);
    // ITLRecovery alone: accepted through TVS, with a warning.
    const auto alone = plan({"--types", "ITLRecovery", "--cucm-version", "14", "--itl", itl}, true);
    EXPECT_EQ(alone.exit_code, 0) << alone.err;
    EXPECT_EQ(jq(alone.out, ".itl_prediction.acceptance"), "through-tvs");
    EXPECT_EQ(jq(alone.out, "[.notices[].id] | join(\",\")"), "plan.itl-through-tvs");
    // An ITL that CallManager-like SAST signs (the usecallmanager project's
    // file), on a release that signs with ITLRecovery: the file decides,
    // and it holds no TVS, so a new CallManager certificate is refused.
    const std::string legacy = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/itl/usecallmanager-ITLFile.tlv";
    const auto upgraded = plan({"--types", "CallManager", "--cucm-version", "14", "--itl", legacy}, true);
    EXPECT_EQ(upgraded.exit_code, 1) << upgraded.err;
    EXPECT_EQ(jq(upgraded.out, "[.notices[].id] | join(\",\")"), "plan.itl-rejected,plan.itl-signed-by-callmanager");
    EXPECT_EQ(jq(upgraded.out, ".itl_prediction.version"), "11.5");
    // A file that is no ITL: exit 3 naming it.
    const auto broken = plan({"--types", "tomcat", "--cucm-version", "14", "--itl", k_cluster});
    EXPECT_EQ(broken.exit_code, 3);
    EXPECT_TRUE(contains(broken.err, k_cluster + ": ")) << broken.err;
}

TEST(PlanRenew, BadInput)
{
    const auto unknown = plan({"--types", "tomcatt", "--cucm-version", "14"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_TRUE(contains(unknown.err, "unknown certificate type \"tomcatt\" (did you mean")) << unknown.err;
    const auto version = plan({"--types", "tomcat", "--cucm-version", "13"});
    EXPECT_EQ(version.exit_code, 2);
    const auto with = plan({"--types", "tomcat", "--cucm-version", "14", "--with", "uccx,webex"});
    EXPECT_EQ(with.exit_code, 2);
    EXPECT_TRUE(contains(with.err, "webex")) << with.err;
    const auto no_types = pkitool({"plan", "renew", "--cluster", k_cluster, "--cucm-version", "14"});
    EXPECT_EQ(no_types.exit_code, 2);
    const auto missing = pkitool({"plan", "renew", "--cluster", k_dir + "nope.toml", "--types", "tomcat"});
    EXPECT_EQ(missing.exit_code, 3);
    // An IM and Presence type for a cluster without IM and Presence nodes.
    test::TempDir dir;
    auto text = read_text(k_cluster);
    text.erase(text.find("[[node]]\nhost = \"imp-pub\""));
    const auto r
        = pkitool({"plan", "renew", "--cluster", dir.write("c.toml", text), "--types", "cup", "--cucm-version", "14"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.err, "has no IM and Presence node")) << r.err;
}

TEST(PlanRenew, ASiteOverridesTheRunbook)
{
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "plan");
    // A site that also refuses CallManager and TVS together on 14.
    dir.write("plan/site.toml",
        "[[hazard]]\n"
        "id = \"callmanager-with-tvs\"\n"
        "action = \"refuse\"\n"
        "types = [\"CallManager\", \"TVS\"]\n"
        "split = true\n"
        "reason = \"our change board wants them apart on {version} too\"\n"
        "alternative = \"Two windows:\"\n"
        "source = \"site policy\"\n");
    const auto r = pkitool({"--profiles-dir", dir.path().string(), "plan", "renew", "--cluster", k_cluster, "--types",
        "CallManager,TVS", "--cucm-version", "14"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.out, "our change board wants them apart on 14 too")) << r.out;
    // A mistake in the site's file names its line and the key.
    dir.write("plan/site.toml", "[[service]]\nname = \"Cisco Tomcat\"\nrun = \"every\"\nsource = \"x\"\n");
    const auto bad = pkitool({"--profiles-dir", dir.path().string(), "plan", "renew", "--cluster", k_cluster, "--types",
        "tomcat", "--cucm-version", "14"});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_TRUE(contains(bad.err, "site.toml:3: unknown key \"service.run\" (did you mean \"service.runs\"?)"))
        << bad.err;
    // A restart of a service the runbook does not describe.
    dir.write("plan/site.toml",
        "[[procedure]]\ntypes = [\"tomcat\"]\n[[procedure.step]]\nrestart = [\"Cisco Tomkat\"]\nsource = \"x\"\n");
    const auto service = pkitool({"--profiles-dir", dir.path().string(), "plan", "renew", "--cluster", k_cluster,
        "--types", "tomcat", "--cucm-version", "14"});
    EXPECT_EQ(service.exit_code, 3);
    EXPECT_TRUE(contains(service.err,
        "restarts \"Cisco Tomkat\", which no [[service]] describes (did you mean \"Cisco "
        "Tomcat\"?)"))
        << service.err;
}

const std::string k_exports = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/examples/bulk/exports";
const std::string k_passwords = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/examples/bulk/passwords.txt";
const std::string k_set_password = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/examples/bulk/set-password.txt";

// The plan test's cluster under the name of one of the example clusters.
std::string cluster_named(const test::TempDir& dir, const std::string& name)
{
    auto text = read_text(k_cluster);
    text.replace(text.find("name = \"plan\""), 13, "name = \"" + name + "\"");
    return dir.write(name + ".toml", text);
}

TEST(PlanTrustCleanup, WithoutInputsEveryStoreByRule)
{
    const auto r
        = pkitool({"plan", "trust-cleanup", "--cluster", k_cluster, "--cucm-version", "11.5", "--at", "2026-12-01"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_golden("trust-cleanup-11.5", r);
}

TEST(PlanTrustCleanup, ExpiredEntriesFromAReportAndFromFiles)
{
    test::TempDir dir;
    const auto cluster = cluster_named(dir, "west");
    // The consolidated set east and west import (OpenSSL-made exports).
    const auto set = (dir / "set").string();
    ASSERT_EQ(pkitool({"consolidate", k_exports, "--out", set, "--at", "2026-06-01", "--pass-file", k_passwords,
                          "--out-pass-file", k_set_password})
                  .exit_code,
        0);
    const auto report = pkitool({"--json", "report", set, "--pass-file", k_set_password, "--at", "2026-06-01"});
    const auto json = dir.write("report.json", report.out);
    // In 2040 east's certificates in west's stores have expired; west's
    // own are identity certificates, never deleted.
    const auto from_report = pkitool(
        {"--json", "plan", "trust-cleanup", "--cluster", cluster, "--cucm-version", "14", "--at", "2040-01-01", json});
    ASSERT_EQ(from_report.exit_code, 0) << from_report.err;
    EXPECT_EQ(jq(from_report.out, ".stores | join(\",\")"), "tomcat-trust,CallManager-trust,Phone-SAST-trust");
    EXPECT_EQ(jq(from_report.out, "[.deletions[] | .store + \" \" + (.subject | split(\", \")[0])] | join(\"\\n\")"),
        "tomcat-trust CN=east-pub.east.example.com\n"
        "tomcat-trust CN=east-sub1.east.example.com\n"
        "CallManager-trust CN=CAPF-1a2b3c4d\n"
        "CallManager-trust CN=east-pub\n"
        "CallManager-trust CN=east-sub1\n"
        "CallManager-trust CN=ITLRECOVERY_east-pub\n"
        "Phone-SAST-trust CN=east-pub\n"
        "Phone-SAST-trust CN=east-sub1\n"
        "Phone-SAST-trust CN=ITLRECOVERY_east-pub");
    EXPECT_EQ(jq(from_report.out, "[.identities[].type] | join(\",\")"),
        "CAPF,CallManager,CallManager,CallManager,tomcat,tomcat,tomcat");
    // From 11.0 one deletion on the publisher serves the whole cluster.
    EXPECT_EQ(jq(from_report.out, "[.sections[1].steps[0] | .node, (.details | length)] | map(tostring) | join(\" \")"),
        "cucm-pub 2");
    // The same from the set's files.
    const auto from_files = pkitool({"--json", "plan", "trust-cleanup", "--cluster", cluster, "--cucm-version", "14",
        "--at", "2040-01-01", set, "--pass-file", k_set_password});
    ASSERT_EQ(from_files.exit_code, 0) << from_files.err;
    EXPECT_EQ(jq(from_files.out, ".deletions | map(.sha256) | sort"),
        jq(from_report.out, ".deletions | map(.sha256) | sort"));
    // Before 11.0 each node deletes on its own.
    const auto old = pkitool({"--json", "plan", "trust-cleanup", "--cluster", cluster, "--cucm-version", "10.5", "--at",
        "2040-01-01", "--stores", "tomcat-trust", json});
    EXPECT_EQ(jq(old.out,
                  "[.sections[] | select(.title == \"tomcat-trust\") | .steps[] | select(.text | "
                  "startswith(\"Delete\")) | .node] | join(\",\")"),
        "cucm-pub,cucm-sub1,cucm-sub2,cucm-sub3,imp-pub,imp-sub1");
    // Nothing has expired in 2026: nothing to delete.
    const auto now
        = pkitool({"plan", "trust-cleanup", "--cluster", cluster, "--cucm-version", "14", "--at", "2026-06-01", json});
    EXPECT_EQ(now.exit_code, 0);
    EXPECT_TRUE(contains(now.out, "Nothing to do.")) << now.out;
}

TEST(PlanTrustCleanup, IdentityCertificatesAreNeverDeleted)
{
    const auto r = pkitool({"plan", "trust-cleanup", "--cluster", k_cluster, "--cucm-version", "14", "--stores",
        "tomcat-trust,CallManager"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.out, "CallManager is an identity certificate: CUCM never deletes those")) << r.out;
    EXPECT_TRUE(contains(r.out, "renew it instead: pkitool plan renew --cluster")) << r.out;
    const auto unknown = pkitool(
        {"plan", "trust-cleanup", "--cluster", k_cluster, "--cucm-version", "14", "--stores", "tomcat-trusts"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_TRUE(contains(unknown.err, "--stores tomcat-trusts: no such trust store (did you mean tomcat-trust?)"))
        << unknown.err;
    test::TempDir dir;
    const auto bad = pkitool({"plan", "trust-cleanup", "--cluster", k_cluster, "--cucm-version", "14",
        dir.write("r.json", "{\"schema\": \"pkitool-plan/1\"}")});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_TRUE(contains(bad.err, "not a pkitool report")) << bad.err;
}

} // namespace
} // namespace pkitool
