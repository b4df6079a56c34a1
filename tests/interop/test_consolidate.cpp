// `pkitool consolidate` end to end: two simulated clusters built by OpenSSL
// (scripts/make-bulk-exports scenario: per-node exports in OpenSSL 3's
// legacy and default encryption, CUCM's naming), consolidated, and every
// output checked with the peers: openssl pkcs12, keytool, tar. Expiry is
// judged at a pinned --at, so the clock never matters.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace pkitool {
namespace {

using test::contains;
using test::jq;
using test::pkitool;
using test::read_text;
using test::run;

const std::string k_at = "2026-01-01T00:00:00Z";

class Consolidate : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::make_unique<test::TempDir>();
        const auto r = run({std::string(PKITOOL_SOURCE_ROOT) + "/scripts/make-bulk-exports", "scenario", dir()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        std::istringstream lines(read_text(dir() + "/expected.txt"));
        std::string name;
        std::string sha;
        while (lines >> name >> sha) {
            s_sha[name] = sha;
        }
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static std::string dir() { return s_dir->path().string(); }
    static std::string sha(const std::string& name) { return s_sha.at(name); }

    // consolidate with the scenario's passwords, at the pinned time.
    static test::RunResult consolidate(const std::string& out, std::vector<std::string> extra)
    {
        std::vector<std::string> args = {"consolidate", "--out", out, "--pass-file", dir() + "/passwords.txt",
            "--out-pass-file", dir() + "/set-password.txt", "--at", k_at};
        args.insert(args.end(), extra.begin(), extra.end());
        return pkitool(args);
    }

    // The status of the entry for certificate `name` (its first copy).
    static std::string status(const std::string& manifest, const std::string& name)
    {
        return jq(manifest,
            "[.certificates[] | select(.sha256 == \"" + sha(name) + "\" and .status != \"duplicate\")][0].status");
    }

    // SHA-256 of every certificate openssl finds in a PEM bundle.
    static std::set<std::string> pem_set(const std::string& pem_file)
    {
        const auto p7 = run({"openssl", "crl2pkcs7", "-nocrl", "-certfile", pem_file});
        EXPECT_EQ(p7.exit_code, 0) << p7.err;
        return printed_set(run({"openssl", "pkcs7", "-print_certs"}, p7.out).out);
    }

    // SHA-256 of every certificate openssl extracts from a PKCS#12 file.
    static std::set<std::string> p12_set(const std::string& file, bool legacy = true)
    {
        std::vector<std::string> args = {"openssl", "pkcs12", "-in", file, "-nokeys", "-passin", "pass:set-pw"};
        if (legacy) {
            args.emplace_back("-legacy");
        }
        const auto r = run(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return printed_set(r.out);
    }

    static std::set<std::string> printed_set(const std::string& pem)
    {
        std::set<std::string> out;
        for (auto pos = pem.find("-----BEGIN CERTIFICATE-----"); pos != std::string::npos;
             pos = pem.find("-----BEGIN CERTIFICATE-----", pos + 1)) {
            const auto end = pem.find("-----END CERTIFICATE-----", pos) + 26;
            const auto fp = run({"openssl", "x509", "-noout", "-fingerprint", "-sha256"}, pem.substr(pos, end - pos));
            std::string hex;
            for (const char c : fp.out.substr(fp.out.find('=') + 1)) {
                if (std::isxdigit(static_cast<unsigned char>(c)) != 0) {
                    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                }
            }
            out.insert(hex);
        }
        return out;
    }

    std::set<std::string> shas(const std::vector<std::string>& names) const
    {
        std::set<std::string> out;
        for (const auto& n : names) {
            out.insert(sha(n));
        }
        return out;
    }

    test::TempDir m_tmp;

private:
    static inline std::unique_ptr<test::TempDir> s_dir;
    static inline std::map<std::string, std::string> s_sha;
};

TEST_F(Consolidate, EndToEndWithOpenSslAndKeytool)
{
    const auto out = (m_tmp / "set").string();
    const auto r = consolidate(out, {dir() + "/exports", "--archive", (m_tmp / "set.tar.gz").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "Certificates: 15 included, 5 duplicate, 1 superseded, 1 expired, 1 unknown")) << r.err;

    // The consolidated files: every cluster's certificates of the type,
    // as openssl reads them (legacy: east's exports were legacy).
    EXPECT_EQ(p12_set(out + "/CallManager.p12"),
        shas({"east-east-pub-cm", "east-east-sub1-cm", "west-west-pub-cm", "west-west-sub1-cm", "west-west-sub2-cm"}));
    EXPECT_EQ(p12_set(out + "/tomcat.p12"),
        shas({"east-east-pub-tomcat", "east-east-sub1-tomcat", "west-west-pub-tomcat", "west-west-sub1-tomcat",
            "west-west-sub2-tomcat"}));
    EXPECT_EQ(p12_set(out + "/CAPF.p12"), shas({"east-capf", "west-capf"}));
    EXPECT_EQ(p12_set(out + "/ITLRecovery.p12"), shas({"east-itl", "west-itl"}));
    EXPECT_EQ(p12_set(out + "/TVS.p12"), shas({"east-east-pub-tvs"}));
    const auto info = run({"openssl", "pkcs12", "-in", out + "/CallManager.p12", "-info", "-nokeys", "-passin",
        "pass:set-pw", "-legacy"});
    EXPECT_TRUE(contains(info.err, "MAC: sha1")) << info.err;
    EXPECT_TRUE(contains(info.out, "friendlyName: west_west-sub2_CallManager")) << info.out;
    EXPECT_TRUE(contains(info.out, "friendlyName: east_east-pub_CallManager")) << info.out;

    const auto keytool
        = run({"keytool", "-list", "-keystore", out + "/tomcat.p12", "-storetype", "PKCS12", "-storepass", "set-pw"});
    ASSERT_EQ(keytool.exit_code, 0) << keytool.out << keytool.err;
    EXPECT_TRUE(contains(keytool.out, "Your keystore contains 5 entries")) << keytool.out;
    EXPECT_TRUE(contains(keytool.out, "west_west-pub_tomcat, ")) << keytool.out;
    EXPECT_TRUE(contains(keytool.out, "trustedCertEntry")) << keytool.out;

    // What each cluster imports: the other's certificates only.
    EXPECT_EQ(pem_set(out + "/import/east/tomcat-trust.pem"),
        shas({"west-west-pub-tomcat", "west-west-sub1-tomcat", "west-west-sub2-tomcat"}));
    EXPECT_EQ(pem_set(out + "/import/east/Phone-SAST-trust.pem"),
        shas({"west-west-pub-cm", "west-west-sub1-cm", "west-west-sub2-cm", "west-itl"}));
    EXPECT_EQ(pem_set(out + "/import/east/CallManager-trust.pem"),
        shas({"west-west-pub-cm", "west-west-sub1-cm", "west-west-sub2-cm", "west-itl", "west-capf"}));
    EXPECT_EQ(pem_set(out + "/import/west/tomcat-trust.pem"), shas({"east-east-pub-tomcat", "east-east-sub1-tomcat"}));
    EXPECT_EQ(pem_set(out + "/import/west/Phone-SAST-trust.pem"),
        shas({"east-east-pub-cm", "east-east-sub1-cm", "east-itl"}));
    EXPECT_EQ(pem_set(out + "/import/west/CallManager-trust.pem"),
        shas({"east-east-pub-cm", "east-east-sub1-cm", "east-itl", "east-capf"}));
    EXPECT_FALSE(std::filesystem::exists(out + "/import/east/TVS-trust.pem"));

    // The manifest.
    const auto manifest = read_text(out + "/manifest.json");
    EXPECT_EQ(jq(manifest, ".schema"), "pkitool-consolidate/1");
    EXPECT_EQ(jq(manifest, ".clusters | join(\",\")"), "east,west");
    for (const auto* name : {"east-east-pub-cm", "east-capf", "east-itl", "west-itl", "west-west-sub2-tomcat"}) {
        EXPECT_EQ(status(manifest, name), "included") << name;
    }
    EXPECT_EQ(status(manifest, "east-east-sub1-cm-old"), "superseded");
    EXPECT_EQ(status(manifest, "east-east-sub1-tvs"), "expired");
    EXPECT_EQ(status(manifest, "west-root"), "unknown");
    EXPECT_EQ(jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("west-itl") + "\")] | length"), "6");
    EXPECT_EQ(jq(manifest,
                  "[.certificates[] | select(.sha256 == \"" + sha("west-itl")
                      + "\" and .status == \"included\")][0].sources | length"),
        "6");
    EXPECT_EQ(jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("east-capf") + "\")][0].type"), "CAPF");
    EXPECT_EQ(
        jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("east-east-pub-tvs") + "\")][0].evidence[-1]"),
        "the name \"TVS\" says TVS");
    EXPECT_EQ(
        jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("east-itl") + "\")][0].stores | join(\",\")"),
        "Phone-SAST-trust,CallManager-trust");
    EXPECT_EQ(jq(manifest, ".outputs.profile"), "legacy");
    EXPECT_EQ(jq(manifest, ".summary.included.west.CallManager"), "3");

    // The archive: POSIX tar that GNU tar lists, and that inspect lists.
    const auto tar = run({"tar", "tzf", (m_tmp / "set.tar.gz").string()});
    ASSERT_EQ(tar.exit_code, 0) << tar.err;
    EXPECT_TRUE(contains(tar.out, "import/west/Phone-SAST-trust.pem\n")) << tar.out;
    EXPECT_TRUE(contains(tar.out, "manifest.json\n")) << tar.out;
    const auto listed = pkitool({"inspect", (m_tmp / "set.tar.gz").string()});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_TRUE(contains(listed.out, "tar.gz archive, 12 members")) << listed.out;
    const auto extracted
        = run({"tar", "xzf", (m_tmp / "set.tar.gz").string(), "-C", m_tmp.path().string(), "manifest.json"});
    ASSERT_EQ(extracted.exit_code, 0) << extracted.err;
    EXPECT_EQ(read_text((m_tmp / "manifest.json").string()), manifest);

    // A second run: the same manifest, byte for byte.
    const auto again = consolidate((m_tmp / "again").string(), {dir() + "/exports", "--jobs", "1"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(read_text((m_tmp / "again/manifest.json").string()), manifest);
}

TEST_F(Consolidate, ReadsTarGzArchivesOfExports)
{
    const auto archive = (m_tmp / "exports.tar.gz").string();
    ASSERT_EQ(run({"tar", "czf", archive, "-C", dir(), "exports"}).exit_code, 0);
    const auto r = consolidate((m_tmp / "set").string(), {archive, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(jq(r.out, ".summary.statuses.included"), "15");
    EXPECT_EQ(jq(r.out, "[.files[] | select(.status == \"read\")] | length"), "11");
    EXPECT_TRUE(contains(jq(r.out, ".files[0].file"), "exports.tar.gz:exports/")) << r.out;
}

TEST_F(Consolidate, WalkedFoldersSkipWhatHoldsNoCertificate)
{
    const auto copy = m_tmp / "exports";
    std::filesystem::copy(dir() + "/exports", copy, std::filesystem::copy_options::recursive);
    m_tmp.write("exports/notes.txt", "exported on Monday\n");
    m_tmp.write("exports/.hidden.p12", "not even read");
    const auto r = consolidate((m_tmp / "set").string(), {copy.string(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(jq(r.out, ".files[] | select(.file | endswith(\"notes.txt\")) | .status"), "ignored");
    EXPECT_EQ(jq(r.out, "[.files[] | select(.file | contains(\"hidden\"))] | length"), "0");
    EXPECT_EQ(jq(r.out, ".summary.statuses.included"), "15");

    // Named on the command line, the same file is an error.
    const auto named = consolidate((m_tmp / "set2").string(), {(m_tmp / "exports/notes.txt").string()});
    EXPECT_EQ(named.exit_code, 3) << named.err;
    EXPECT_TRUE(contains(named.err, "notes.txt: not a certificate, CSR, key or PKCS#7 bundle")) << named.err;
    EXPECT_FALSE(contains(named.err, "notes.txt: " + (m_tmp / "exports/notes.txt").string())) << named.err;
}

TEST_F(Consolidate, ModernProfileOpensWithoutLegacyProvider)
{
    const auto out = (m_tmp / "set").string();
    const auto r = consolidate(out, {dir() + "/exports", "--profile", "modern"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(p12_set(out + "/CAPF.p12", false), shas({"east-capf", "west-capf"}));
}

TEST_F(Consolidate, IncludeExpiredKeepsTheExpiredCertificate)
{
    const auto out = (m_tmp / "set").string();
    const auto r = consolidate(out, {dir() + "/exports", "--include-expired"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto manifest = read_text(out + "/manifest.json");
    EXPECT_EQ(status(manifest, "east-east-sub1-tvs"), "included");
    EXPECT_EQ(jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("east-east-sub1-tvs") + "\")][0].expired"),
        "true");
    EXPECT_EQ(p12_set(out + "/TVS.p12"), shas({"east-east-pub-tvs", "east-east-sub1-tvs"}));
}

TEST_F(Consolidate, WrongPasswordIsFatalWithoutKeepGoing)
{
    const auto out = (m_tmp / "set").string();
    const auto r = consolidate(out, {dir() + "/exports", dir() + "/other"});
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_TRUE(contains(r.err, "north_north-pub_CallManager.p12: wrong password")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(Consolidate, WrongPasswordIsSkippedWithKeepGoing)
{
    const auto out = (m_tmp / "set").string();
    const auto r = consolidate(out, {dir() + "/exports", dir() + "/other", "--keep-going"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "skipped")) << r.err;
    const auto manifest = read_text(out + "/manifest.json");
    EXPECT_EQ(
        jq(manifest, ".files[] | select(.file | endswith(\"north_north-pub_CallManager.p12\")) | .status"), "skipped");
    EXPECT_EQ(jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("other-cm") + "\")] | length"), "0");
}

TEST_F(Consolidate, UnattributableFileIsReported)
{
    const auto out = (m_tmp / "set").string();
    const auto r = consolidate(out, {dir() + "/exports", dir() + "/stray"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "lonely.pem: cannot tell which cluster it belongs to")) << r.err;
    EXPECT_TRUE(contains(r.err, "give --cluster NAME=GLOB")) << r.err;

    const auto named = consolidate(out, {dir() + "/exports", dir() + "/stray", "--cluster", "north=*/stray/*"});
    ASSERT_EQ(named.exit_code, 0) << named.err;
    const auto manifest = read_text(out + "/manifest.json");
    EXPECT_EQ(jq(manifest, ".clusters | join(\",\")"), "east,north,west");
    EXPECT_EQ(jq(manifest, ".files[] | select(.file | endswith(\"lonely.pem\")) | .cluster_from"),
        "--cluster north=*/stray/*");
    // The file name hint "lonely" says nothing, so the type stays open.
    EXPECT_EQ(status(manifest, "stray-cert"), "unknown");
}

TEST_F(Consolidate, OutputFolderIsNeverClobbered)
{
    const auto out = (m_tmp / "set").string();
    ASSERT_EQ(consolidate(out, {dir() + "/exports"}).exit_code, 0);
    const auto again = consolidate(out, {dir() + "/exports"});
    EXPECT_EQ(again.exit_code, 5) << again.err;
    EXPECT_TRUE(contains(again.err, "use --force")) << again.err;
    const auto forced = consolidate(out, {dir() + "/exports", "--force"});
    EXPECT_EQ(forced.exit_code, 0) << forced.err;

    const auto foreign = (m_tmp / "foreign").string();
    std::filesystem::create_directories(foreign);
    m_tmp.write("foreign/notes.txt", "mine");
    const auto refused = consolidate(foreign, {dir() + "/exports", "--force"});
    EXPECT_EQ(refused.exit_code, 5) << refused.err;
    EXPECT_EQ(read_text(foreign + "/notes.txt"), "mine");
}

} // namespace
} // namespace pkitool
