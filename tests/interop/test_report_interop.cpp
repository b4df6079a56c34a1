// `pkitool report`'s files read by peers: the HTML page loaded from disk by
// headless Chromium (Debian's chromium, installed by scripts/setup), whose
// DOM after the page's script ran is checked (rows, one timeline mark per
// certificate, the filter narrowing the rows); the CSV read by Python's csv
// module. Time is pinned with --at.
#include "process.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace pkitool {
namespace {

using test::contains;
using test::pkitool;
using test::run;

const std::string k_exports = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/examples/bulk/exports";
const std::string k_passwords = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/examples/bulk/passwords.txt";

class ReportPeers : public ::testing::Test {
protected:
    void SetUp() override
    {
        const auto r = pkitool(
            {"report", k_exports, "--pass-file", k_passwords, "--at", "2026-12-01", "--html", page(), "--csv", csv()});
        ASSERT_EQ(r.exit_code, 1) << r.err;
    }

    std::string page() const { return (m_dir.path() / "report.html").string(); }
    std::string csv() const { return (m_dir.path() / "report.csv").string(); }

    // The DOM Chromium built from the page at `query` ("?q=west").
    std::string dom(const std::string& query = {}) const
    {
        const auto r = run({"chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--user-data-dir=" + (m_dir.path() / "profile").string(), "--dump-dom", "file://" + page() + query});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.out;
    }

    static std::size_t count(const std::string& text, const std::string& pattern)
    {
        const std::regex re(pattern);
        return static_cast<std::size_t>(
            std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
    }

    test::TempDir m_dir;
};

TEST_F(ReportPeers, ChromiumBuildsEveryRowAndMark)
{
    const auto d = dom();
    EXPECT_EQ(count(d, R"re(<tr data-row="\d+")re"), 18U);
    EXPECT_EQ(count(d, R"re(class="mark (expired|due|ok)" data-row="\d+")re"), 18U);
    EXPECT_EQ(count(d, R"re(<rect class="mark expired")re"), 1U);
    // Status in words as well as colour.
    EXPECT_EQ(count(d, R"re(<span class="badge expired">expired</span>)re"), 1U);
    // The script ran: it wrote the count of shown rows.
    EXPECT_TRUE(contains(d, "18 of 18 certificates shown")) << d.substr(0, 2000);
}

TEST_F(ReportPeers, ChromiumFilterNarrowsTheRows)
{
    const auto west = dom("?q=west");
    EXPECT_EQ(count(west, R"re(<tr data-row="\d+")re"), 9U);
    EXPECT_EQ(count(west, R"re(<tr data-row="\d+"[^>]*><td>east<)re"), 0U);
    EXPECT_TRUE(contains(west, "9 of 18 certificates shown"));
    // The marks of filtered-out rows are hidden too.
    EXPECT_EQ(count(west, R"re(class="mark \w+ filtered")re"), 9U);
    const auto expired = dom("?status=expired");
    EXPECT_TRUE(contains(expired, "1 of 18 certificates shown"));
    EXPECT_EQ(count(expired, R"re(<tr data-row="\d+")re"), 1U);
    EXPECT_EQ(count(expired, R"re(<tr data-row="0" data-status="expired")re"), 1U);
}

TEST_F(ReportPeers, PythonReadsTheCsv)
{
    const auto r = run({"python3", "-c",
        "import csv, sys\n"
        "rows = list(csv.reader(open(sys.argv[1], newline='')))\n"
        "print(len(rows), sorted(set(len(r) for r in rows)), rows[1][7], rows[1][18])\n",
        csv()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "19 [21] CN=east-sub1, OU=Voice, O=Example Cisco Trust Verification Service, Cisco TFTP\n");
}

} // namespace
} // namespace pkitool
