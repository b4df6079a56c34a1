// `pkitool report` over the bundled example exports (two clusters made by
// OpenSSL, scripts/make-bulk-exports): every row, the order, the exit
// status, the JSON, CSV and HTML contents. Time is pinned with --at.
#include "forge.hpp"
#include "process.hpp"

#include <botan/secmem.h> // BOTAN_HAS_LOCKING_ALLOCATOR
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace pkitool {
namespace {

using test::contains;
using test::jq;
using test::pkitool;
using test::read_text;

const std::string k_exports = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/examples/bulk/exports";
const std::string k_passwords = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/examples/bulk/passwords.txt";

test::RunResult report(std::vector<std::string> extra, const std::string& at = "2026-12-01")
{
    std::vector<std::string> args = {"report", k_exports, "--pass-file", k_passwords, "--at", at};
    args.insert(args.end(), extra.begin(), extra.end());
    return pkitool(args);
}

test::RunResult json_report(std::vector<std::string> extra, const std::string& at = "2026-12-01")
{
    std::vector<std::string> args = {"--json", "report", k_exports, "--pass-file", k_passwords, "--at", at};
    args.insert(args.end(), extra.begin(), extra.end());
    return pkitool(args);
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

TEST(Report, EveryRowInOrderWithItsStatus)
{
    const auto r = json_report({});
    ASSERT_EQ(r.exit_code, 1) << r.err; // east-sub1's TVS expired on 2025-06-01
    EXPECT_EQ(jq(r.out, ".schema"), "pkitool-report/1");
    EXPECT_EQ(jq(r.out, ".at"), "2026-12-01T00:00:00Z");
    EXPECT_EQ(jq(r.out, ".warn_days"), "90");
    EXPECT_EQ(jq(r.out, "[.counts.certificates, .counts.expired, .counts.due, .counts.ok] | @csv"), "18,1,0,17");
    EXPECT_EQ(jq(r.out, ".clusters | @csv"), "\"east\",\"west\"");
    // Grouped by cluster, the most urgent first, then by notAfter, type
    // and node: each row as cluster/status/type/node/notAfter date.
    const auto rows = jq(r.out, R"(.certificates[] | [.cluster, .status, .type, .node, .not_after[0:10]] | join(" "))");
    EXPECT_EQ(rows,
        "east expired TVS east-sub1 2025-06-01\n"
        "east ok CallManager east-sub1 2034-01-01\n"
        "east ok CAPF CAPF-1a2b3c4d 2035-01-01\n"
        "east ok CallManager east-pub 2035-01-01\n"
        "east ok CallManager east-sub1 2035-01-01\n"
        "east ok ITLRecovery east-pub 2035-01-01\n"
        "east ok TVS east-pub 2035-01-01\n"
        "east ok tomcat east-pub 2035-01-01\n"
        "east ok tomcat east-sub1 2035-01-01\n"
        "west ok CAPF CAPF-99aa00ff 2035-01-01\n"
        "west ok CallManager west-pub 2035-01-01\n"
        "west ok CallManager west-sub1 2035-01-01\n"
        "west ok CallManager west-sub2 2035-01-01\n"
        "west ok ITLRecovery west-pub 2035-01-01\n"
        "west ok tomcat west-pub 2035-01-01\n"
        "west ok tomcat west-sub1 2035-01-01\n"
        "west ok tomcat west-sub2 2035-01-01\n"
        "west ok CA West Root CA 2044-01-01");
    // Days left are whole days from --at; expired ones are negative.
    EXPECT_EQ(jq(r.out, ".certificates[0].days_left"), "-548");
    EXPECT_EQ(jq(r.out, ".certificates[1].days_left"), "2588");
    // Every row has its identity, key and signature.
    EXPECT_EQ(jq(r.out, "[.certificates[] | select(.sha256 | test(\"^[0-9a-f]{64}$\") | not)] | length"), "0");
    EXPECT_EQ(jq(r.out, ".certificates[0].key"), "RSA 2048");
    EXPECT_EQ(jq(r.out, ".certificates[0].signature_algorithm"), "sha256WithRSAEncryption");
    EXPECT_EQ(jq(r.out, ".certificates[0].self_signed"), "true");
    // The older CallManager of east-sub1 is superseded by the 2035 one.
    EXPECT_EQ(jq(r.out, ".certificates[1].findings[] | select(.rule == \"report.superseded\") | .severity"), "note");
}

TEST(Report, TheChangeListSaysWhatRenewingTouches)
{
    const auto r = json_report({});
    const auto renewal = jq(r.out, ".certificates[0].renewal | tojson");
    EXPECT_EQ(jq(renewal, ".where"), "east-sub1");
    EXPECT_EQ(jq(renewal, ".restart | join(\", \")"), "Cisco Trust Verification Service, Cisco TFTP");
    EXPECT_EQ(jq(renewal, ".phones_reset"), "true");
    EXPECT_EQ(jq(renewal, ".trust_updates | join(\", \")"), "TVS-trust on east");
    // Only what is expired or due has a renewal.
    EXPECT_EQ(jq(r.out, "[.certificates[] | select(.renewal)] | length"), "1");

    const auto text = report({});
    EXPECT_EQ(text.exit_code, 1);
    EXPECT_TRUE(contains(text.out, "Report at 2026-12-01T00:00:00Z: 18 certificates: 1 expired, 0 due within 90 days"))
        << text.out;
    EXPECT_TRUE(contains(text.out, "Cluster east (9 certificates, 1 expired, 0 due)")) << text.out;
    EXPECT_TRUE(contains(text.out, "east TVS east-sub1 (east-sub1; expired 2025-06-01, 548 days ago)")) << text.out;
    EXPECT_TRUE(contains(text.out, "restart Cisco Trust Verification Service, Cisco TFTP")) << text.out;
    EXPECT_TRUE(contains(text.out, "every phone resets")) << text.out;
}

TEST(Report, RenewingACallManagerCertificateTouchesTheOtherClusters)
{
    // At 2034-12-01 every 2035 certificate is due within 90 days.
    const auto r = json_report({}, "2034-12-01");
    ASSERT_EQ(r.exit_code, 1) << r.err;
    const auto cm = jq(r.out, R"(.certificates[] | select(.cluster == "west" and .type == "CallManager"
        and .node == "west-pub") | .renewal | tojson)");
    EXPECT_EQ(jq(cm, ".restart | join(\", \")"), "Cisco CallManager, Cisco CTIManager, Cisco TVS, Cisco TFTP");
    EXPECT_EQ(jq(cm, ".restart_note"), "update the CTL first in mixed mode");
    EXPECT_EQ(jq(cm, ".trust_updates | join(\", \")"),
        "CallManager-trust on west, Phone-SAST-trust on east, CallManager-trust on east");
    const auto tomcat = jq(r.out, R"(.certificates[] | select(.cluster == "east" and .type == "tomcat"
        and .node == "east-pub") | .renewal | tojson)");
    EXPECT_EQ(jq(tomcat, ".phones_reset"), "false");
    EXPECT_EQ(jq(tomcat, ".trust_updates | join(\", \")"), "tomcat-trust on east, tomcat-trust on west");
    // East-sub1's superseded CallManager (2034-01-01) has expired by then.
    EXPECT_EQ(jq(r.out, "[.counts.expired, .counts.due, .counts.ok] | @csv"), "2,15,1");
}

TEST(Report, ExitZeroWhenNothingIsExpiredOrDue)
{
    const auto r = report({}, "2024-06-01");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "0 expired, 0 due within 90 days, 18 ok")) << r.out;
    // A wider window makes east-sub1's TVS (2025-06-01) due.
    const auto wide = json_report({"--warn-days", "400"}, "2024-06-01");
    EXPECT_EQ(wide.exit_code, 1);
    EXPECT_EQ(jq(wide.out, ".certificates[0] | [.status, .type, .node, .days_left] | @csv"),
        "\"due\",\"TVS\",\"east-sub1\",365");
}

TEST(Report, CsvHasOneHeaderLineAndOneLinePerCertificate)
{
    test::TempDir dir;
    const auto csv = (dir.path() / "r.csv").string();
    const auto r = report({"--csv", csv});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "Wrote " + csv)) << r.err;
    const auto text = read_text(csv);
    // RFC 4180: CRLF after every line, the last included.
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 19);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 19);
    const auto lines = lines_of(text);
    EXPECT_EQ(lines[0],
        "cluster,node,role,type,status,days_left,not_after,subject,issuer,serial,sha256,key,signature_algorithm,"
        "signed,stores,chain_not_after,chain_limited_by,findings,restart,phones_reset,trust_updates\r");
    // Subjects hold commas, so they are quoted.
    EXPECT_TRUE(lines[1].starts_with("east,east-sub1,,TVS,expired,-548,2025-06-01T00:00:00Z,\"CN=east-sub1, OU=Voice, "
                                     "O=Example\",\"CN=east-sub1, OU=Voice, O=Example\","))
        << lines[1];
    EXPECT_TRUE(lines[1].ends_with(",\"Cisco Trust Verification Service, Cisco TFTP\",yes,TVS-trust on east\r"))
        << lines[1];
    // "-" is standard output, in place of the table.
    const auto piped = report({"--csv", "-"});
    EXPECT_EQ(piped.out, text);
    EXPECT_EQ(report({"--csv", "-", "--html", "-"}).exit_code, 2);
    // An existing file is kept unless --force.
    const auto again = report({"--csv", csv});
    EXPECT_EQ(again.exit_code, 5) << again.err;
    EXPECT_EQ(report({"--csv", csv, "--force"}).exit_code, 1);
}

TEST(Report, HtmlIsSelfContainedAndTheSameForTheSameInputs)
{
    test::TempDir dir;
    const auto a = (dir.path() / "a.html").string();
    const auto b = (dir.path() / "b.html").string();
    ASSERT_EQ(report({"--html", a}).exit_code, 1);
    ASSERT_EQ(report({"--html", b}).exit_code, 1);
    auto page_a = read_text(a);
    auto page_b = read_text(b);
    // Nothing from elsewhere: no links, sources, imports or addresses
    // (the SVG namespace is a name, never fetched).
    for (const auto* banned : {"<link", " src=", "@import", "url(", "https:", "//cdn"}) {
        EXPECT_FALSE(contains(page_a, banned)) << banned;
    }
    EXPECT_EQ(page_a.find("http://"), page_a.find("http://www.w3.org/2000/svg"));
    // One table row and one timeline mark per certificate.
    const auto count = [](const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
            ++n;
        }
        return n;
    };
    // One timeline mark per certificate; the rows are data for the page's
    // script (the interop test has Chromium build them).
    EXPECT_EQ(count(page_a, "class=\"mark "), 18U);
    EXPECT_EQ(count(page_a, "<rect class=\"mark expired\""), 1U);
    EXPECT_EQ(count(page_a, "\n[\""), 18U);
    // Nothing in the data can close its script block.
    const auto data = page_a.substr(page_a.find("id=\"report-data\">"));
    EXPECT_EQ(data.find("</"), data.find("</script>"));
    // Apart from the generation time, the same page.
    const auto strip = [](std::string& page) {
        const auto start = page.find("<time id=\"generated\">");
        const auto end = page.find("</time>", start);
        ASSERT_NE(start, std::string::npos);
        page.erase(start, end - start);
    };
    strip(page_a);
    strip(page_b);
    EXPECT_EQ(page_a, page_b);
}

// A subject with every character the page's JSON and the CSV must escape
// reads back from each as the JSON output gives it.
TEST(Report, HostileTextReadsBackFromThePageAndTheCsv)
{
    test::TempDir dir;
    auto spec = test::cucm_node("east-pub");
    spec.subject_cn = "a\"b\\c</script><x>&y,\x01z";
    dir.write("east_east-pub_CallManager.pem", test::to_pem(test::forge_certificate(spec)));
    const auto page = (dir.path() / "r.html").string();
    const auto csv = (dir.path() / "r.csv").string();
    const std::vector<std::string> args = {"report", dir.path().string(), "--at", "2025-06-01"};
    auto with_files = args;
    with_files.insert(with_files.end(), {"--html", page, "--csv", csv});
    ASSERT_EQ(pkitool(with_files).exit_code, 0);
    auto json_args = args;
    json_args.insert(json_args.begin(), "--json");
    const auto subject = jq(pkitool(json_args).out, ".certificates[0].subject");
    ASSERT_TRUE(contains(subject, "</script><x>&y,\x01z")) << subject;

    const auto html = read_text(page);
    const auto start = html.find("id=\"report-data\">") + std::string("id=\"report-data\">").size();
    const auto data = html.substr(start, html.find("</script>", start) - start);
    EXPECT_EQ(data.find('<'), std::string::npos) << data;
    EXPECT_EQ(jq(data, ".[0][8]"), subject);

    // RFC 4180: the field is quoted and its quotes doubled.
    const auto line = lines_of(read_text(csv))[1];
    std::string quoted = "\"";
    for (const char c : subject) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    quoted += "\"";
    EXPECT_TRUE(contains(line, "," + quoted + ",\"O=Example, CN=east-pub\",")) << line;
}

TEST(Report, ClusterFilesGiveRolesAndClaimTheirDomain)
{
    test::TempDir dir;
    const auto cluster = dir.write("east.toml", R"(name = "east-cluster"
domain = "east.example.com"
[subject]
O = "Example"
L = "Austin"
ST = "Texas"
C = "US"
[[node]]
host = "east-pub"
role = "cucm-publisher"
[[node]]
host = "east-sub1"
role = "cucm-subscriber"
)");
    const auto r = json_report({"--cluster", cluster});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(jq(r.out, ".clusters | @csv"), "\"east-cluster\",\"west\"");
    EXPECT_EQ(jq(r.out, R"([.certificates[] | select(.node == "east-pub")] | map(.role) | unique | @csv)"),
        "\"cucm publisher\"");
    EXPECT_EQ(jq(r.out, R"(.files[] | select(.file | endswith("east_east-pub.p12")) | .cluster_from)"),
        "cluster file " + cluster + " (DNS domain east.example.com)");
    // A file whose certificates name no domain is claimed by its nodes.
    EXPECT_EQ(jq(r.out, R"(.files[] | select(.file | endswith("east_east-sub1-2024.p12")) | .cluster_from)"),
        "cluster file " + cluster + " (its nodes)");
    // A cluster file may also come as an input.
    const auto as_input
        = pkitool({"--json", "report", cluster, k_exports, "--pass-file", k_passwords, "--at", "2026-12-01"});
    EXPECT_EQ(jq(as_input.out, ".clusters | @csv"), "\"east-cluster\",\"west\"");
}

// The report's own rules, on the OpenSSL fixtures: a leaf of 2051 under an
// issuing CA that ends in 2034, an expired leaf in a folder named after a
// trust store, and certificates no CUCM type fits.
TEST(Report, ItsOwnFindings)
{
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "tomcat-trust");
    const auto data = [](const std::string& name) { return std::string(PKITOOL_TEST_DATA) + "/" + name; };
    std::filesystem::copy_file(data("validate/expired/leaf.pem"), dir.path() / "tomcat-trust" / "leaf.pem");
    for (const auto* name : {"certs/leaf-2051.pem", "pki/intermediate-ca.pem", "pki/root-ca.pem"}) {
        std::filesystem::copy_file(data(name), dir.path() / std::filesystem::path(name).filename());
    }
    const auto r = pkitool({"--json", "report", dir.path().string(), "--at", "2026-12-01"});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    // No file names a cluster: the leaves go by their DNS domain, the CAs
    // (no domain) under "(no cluster)".
    EXPECT_EQ(jq(r.out, ".clusters | @csv"), "\"(no cluster)\",\"example.com\"");
    const auto long_lived = jq(r.out, R"(.certificates[] | select(.subject | test("long-lived")) | tojson)");
    EXPECT_EQ(jq(long_lived, "[.findings[].rule] | join(\",\")"), "report.outlives-issuer,report.unknown-type");
    EXPECT_EQ(jq(long_lived, ".chain_not_after"), "2034-01-01T00:00:00Z");
    EXPECT_TRUE(contains(jq(long_lived, ".chain_limited_by"), "Example Issuing CA")) << long_lived;
    EXPECT_TRUE(contains(jq(long_lived, ".findings[0].message"), "expires after its issuer")) << long_lived;
    const auto expired = jq(r.out, R"(.certificates[] | select(.status == "expired") | tojson)");
    EXPECT_EQ(jq(expired, ".stores | join(\",\")"), "tomcat-trust");
    EXPECT_EQ(jq(expired, "[.findings[].rule] | join(\",\")"), "report.expired-trust,report.unknown-type");
    EXPECT_EQ(jq(expired, ".findings[0].severity"), "warning");
    // A type nobody knows: no renewal to describe, said so in the change list.
    EXPECT_EQ(jq(expired, ".renewal"), "null");
    const auto text = pkitool({"report", dir.path().string(), "--at", "2026-12-01"});
    EXPECT_TRUE(contains(text.out, "type unknown: no profile says what renewing it touches")) << text.out;
}

// report reads without Botan 2's locked-memory pool (each decoded value
// would take the pool's one mutex, so a second thread gained nothing);
// every other command keeps 16 KiB of it, and a size the user sets is
// kept. Seen in the mlock calls strace counts: Botan 2 locks its pool page
// by page. (The Botan 3 build has no pool: it never calls mlock.)
std::size_t mlock_calls(
    const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env = {})
{
    const test::TempDir dir;
    const auto log = (dir / "strace.log").string();
    std::vector<std::string> argv = {"strace", "-f", "-e", "trace=mlock,mlock2", "-o", log, PKITOOL_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = test::run(argv, {}, env);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
    const auto lines = lines_of(read_text(log));
    return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(),
        [](const std::string& line) { return contains(line, " mlock(") || contains(line, " mlock2("); }));
}

// AddressSanitizer's runtime answers mlock itself and never calls it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool k_mlock_reaches_the_system = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool k_mlock_reaches_the_system = false;
#else
constexpr bool k_mlock_reaches_the_system = true;
#endif
#else
constexpr bool k_mlock_reaches_the_system = true;
#endif

TEST(Report, ReadsWithoutBotansLockedPool)
{
    const std::vector<std::string> args = {"report", k_exports, "--pass-file", k_passwords, "--at", "2026-12-01"};
    EXPECT_EQ(mlock_calls(args), 0U);
#if defined(BOTAN_HAS_LOCKING_ALLOCATOR)
    if (k_mlock_reaches_the_system) {
        // 16 KiB: four pages.
        EXPECT_EQ(mlock_calls({"inspect", k_exports + "/west_root-ca.pem"}), 4U);
        EXPECT_EQ(mlock_calls(args, {{"BOTAN_MLOCK_POOL_SIZE", "8"}}), 2U);
    }
#else
    EXPECT_EQ(mlock_calls({"inspect", k_exports + "/west_root-ca.pem"}), 0U);
#endif
}

TEST(Report, BadInvocationsAndInputs)
{
    EXPECT_EQ(pkitool({"report"}).exit_code, 2);
    const auto days = report({"--warn-days", "-1"});
    EXPECT_EQ(days.exit_code, 2);
    EXPECT_TRUE(contains(days.err, "--warn-days -1: give 0 or more days")) << days.err;
    test::TempDir dir;
    const auto wrong = dir.write("wrong.txt", "not-the-password\n");
    const auto pw = pkitool({"report", k_exports, "--pass-file", wrong, "--at", "2026-12-01"});
    EXPECT_EQ(pw.exit_code, 4) << pw.err;
    const auto kept = pkitool({"report", k_exports, "--pass-file", wrong, "--at", "2026-12-01", "--keep-going"});
    EXPECT_EQ(kept.exit_code, 4) << kept.err;
    EXPECT_TRUE(contains(kept.out, "West Root CA")) << kept.out; // the PEM file is still read
    const auto garbage = dir.write("garbage.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    EXPECT_EQ(pkitool({"report", garbage, "--at", "2026-12-01"}).exit_code, 3);
    EXPECT_EQ(pkitool({"report", (dir.path() / "missing").string()}).exit_code, 3);
}

} // namespace
} // namespace pkitool
