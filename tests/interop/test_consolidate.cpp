// `pkitool consolidate` end to end: two simulated clusters built by OpenSSL
// (scripts/make-bulk-exports scenario: per-node exports in OpenSSL 3's
// legacy and default encryption, CUCM's naming), consolidated, and every
// output checked with the peers: openssl pkcs12, keytool, tar. Expiry is
// judged at a pinned --at, so the clock never matters.
#include "paths.hpp"
#include "process.hpp"

#include <botan/base64.h>
#include <botan/hash.h>
#include <botan/hex.h>
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

    // The SHA-256 of each certificate in what openssl printed (the PEM
    // decoded here, so that one openssl run reads a whole file).
    static std::set<std::string> printed_set(const std::string& pem)
    {
        std::set<std::string> out;
        const std::string begin = "-----BEGIN CERTIFICATE-----";
        for (auto pos = pem.find(begin); pos != std::string::npos; pos = pem.find(begin, pos + 1)) {
            const auto end = pem.find("-----END CERTIFICATE-----", pos);
            const auto der = Botan::base64_decode(pem.substr(pos + begin.size(), end - pos - begin.size()));
            const auto hash = Botan::HashFunction::create_or_throw("SHA-256")->process(der);
            out.insert(Botan::hex_encode(hash.data(), hash.size(), false));
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

// Where every certificate of the scenario must end: status, type,
// cluster, the clusters that exported it, its stores and its sets.
struct Expected {
    const char* name;
    const char* status;
    const char* type;
    const char* cluster;
    std::vector<std::string> exported_by;
    std::vector<std::string> stores;
    std::vector<std::string> sets;
};

const std::vector<std::string> k_cm_stores = {"Phone-SAST-trust", "CallManager-trust"};
const std::vector<std::string> k_ca_stores = {"Phone-SAST-trust", "CallManager-trust", "tomcat-trust"};

std::vector<Expected> scenario()
{
    return {
        {"east-east-pub-cm", "included", "CallManager", "east", {"east"}, k_cm_stores, {"CallManager"}},
        {"east-east-sub1-cm", "included", "CallManager", "east", {"east"}, k_cm_stores, {"CallManager"}},
        {"east-east-sub1-cm-old", "superseded", "CallManager", "east", {"east"}, {}, {}},
        {"east-east-pub-tomcat", "included", "tomcat", "east", {"east"}, {"tomcat-trust"}, {"tomcat"}},
        {"east-east-sub1-tomcat", "included", "tomcat", "east", {"east"}, {"tomcat-trust"}, {"tomcat"}},
        {"east-east-pub-tvs", "not-carried", "TVS", "east", {"east"}, {}, {}},
        {"east-east-sub1-tvs", "expired", "TVS", "east", {"east"}, {}, {}},
        {"east-capf", "included", "CAPF", "east", {"east"}, {"CallManager-trust"}, {"CAPF"}},
        {"east-itl", "included", "ITLRecovery", "east", {"east"}, k_cm_stores, {"ITLRecovery"}},
        {"west-west-pub-cm", "included", "CallManager", "west", {"west"}, k_cm_stores, {"CallManager"}},
        {"west-west-sub1-cm", "included", "CallManager", "west", {"west"}, k_cm_stores, {"CallManager"}},
        {"west-west-sub2-cm", "included", "CallManager", "west", {"west"}, k_cm_stores, {"CallManager"}},
        {"west-west-pub-tomcat", "included", "tomcat", "west", {"west"}, {"tomcat-trust"}, {"tomcat"}},
        {"west-west-sub1-tomcat", "included", "tomcat", "west", {"west"}, {"tomcat-trust"}, {"tomcat"}},
        {"west-west-sub2-tomcat", "included", "tomcat", "west", {"west"}, {"tomcat-trust"}, {"tomcat"}},
        {"west-capf", "included", "CAPF", "west", {"west"}, {"CallManager-trust"}, {"CAPF"}},
        {"west-itl", "included", "ITLRecovery", "west", {"west"}, k_cm_stores, {"ITLRecovery"}},
        {"west-root", "unused", "CA", "west", {"west"}, {}, {}},
        // EC keys: the names say tomcat and CallManager, the keys make them -ECDSA.
        {"south-south-pub-tomcat", "included", "tomcat-ECDSA", "south", {"south"}, {"tomcat-trust"}, {"tomcat-ECDSA"}},
        {"south-south-sub1-tomcat", "included", "tomcat-ECDSA", "south", {"south"}, {"tomcat-trust"}, {"tomcat-ECDSA"}},
        {"south-south-pub-cm", "included", "CallManager-ECDSA", "south", {"south"}, k_cm_stores, {"CallManager-ECDSA"}},
        {"south-south-sub1-cm", "included", "CallManager-ECDSA", "south", {"south"}, k_cm_stores,
            {"CallManager-ECDSA"}},
        // CA-signed: the CAs go where what they issued goes; the shared root once.
        {"enterprise-root", "included", "CA", "central", {"central", "lab.example.com"}, k_ca_stores,
            {"CallManager", "tomcat"}},
        {"central-ca", "included", "CA", "central", {"central"}, k_ca_stores, {"CallManager", "tomcat"}},
        {"lab-ca", "included", "CA", "lab.example.com", {"lab.example.com"}, k_ca_stores, {"CallManager", "tomcat"}},
        {"central-central-pub-cm", "included", "CallManager", "central", {"central"}, k_cm_stores, {"CallManager"}},
        {"central-central-sub1-cm", "included", "CallManager", "central", {"central"}, k_cm_stores, {"CallManager"}},
        {"central-central-pub-tomcat", "included", "tomcat", "central", {"central"}, {"tomcat-trust"}, {"tomcat"}},
        {"central-central-sub1-tomcat", "included", "tomcat", "central", {"central"}, {"tomcat-trust"}, {"tomcat"}},
        // Host names only: the DNS domain is the cluster.
        {"lab-lab1-cm", "included", "CallManager", "lab.example.com", {"lab.example.com"}, k_cm_stores,
            {"CallManager"}},
        {"lab-lab2-cm", "included", "CallManager", "lab.example.com", {"lab.example.com"}, k_cm_stores,
            {"CallManager"}},
        {"lab-lab1-tomcat", "included", "tomcat", "lab.example.com", {"lab.example.com"}, {"tomcat-trust"}, {"tomcat"}},
        {"lab-lab2-tomcat", "included", "tomcat", "lab.example.com", {"lab.example.com"}, {"tomcat-trust"}, {"tomcat"}},
        // TFTP is the CallManager certificate.
        {"pine-pine-pub-cm", "included", "CallManager", "pine", {"pine"}, k_cm_stores, {"CallManager"}},
        {"pine-pine-sub1-cm", "included", "CallManager", "pine", {"pine"}, k_cm_stores, {"CallManager"}},
        {"pine-pine-pub-tomcat", "included", "tomcat", "pine", {"pine"}, {"tomcat-trust"}, {"tomcat"}},
        {"pine-pine-sub1-tomcat", "included", "tomcat", "pine", {"pine"}, {"tomcat-trust"}, {"tomcat"}},
    };
}

const std::vector<std::string> k_clusters = {"central", "east", "lab.example.com", "pine", "south", "west"};

TEST_F(Consolidate, EndToEndWithOpenSslAndKeytool)
{
    const auto out = (m_tmp / "set").string();
    const auto r = consolidate(out, {dir() + "/exports", "--archive", (m_tmp / "set.tar.gz").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(
        r.err, "Certificates: 33 included, 18 duplicate, 1 superseded, 1 expired, 1 not-carried, 1 unused, 0 unknown"))
        << r.err;

    // Every certificate where it belongs.
    const auto manifest = read_text(out + "/manifest.json");
    const auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) {
            s += (s.empty() ? "" : ",") + x;
        }
        return s;
    };
    // One line per certificate: sha256 status type cluster exported_by stores sets.
    std::istringstream listing(jq(manifest,
        ".certificates[] | select(.status != \"duplicate\") | [.sha256, .status, .type, .cluster, "
        "((.exported_by // [.cluster]) | join(\",\")), (.stores | join(\",\")), ((.sets // []) | join(\",\"))] "
        "| map(if . == \"\" then \"-\" else . end) | join(\" \")"));
    std::map<std::string, std::string> table;
    for (std::string line; std::getline(listing, line);) {
        table[line.substr(0, line.find(' '))] = line.substr(line.find(' ') + 1);
    }
    EXPECT_EQ(table.size(), scenario().size());
    const auto dash = [&](const std::vector<std::string>& v) { return v.empty() ? std::string("-") : join(v); };
    for (const auto& x : scenario()) {
        EXPECT_EQ(table[sha(x.name)],
            std::string(x.status) + " " + x.type + " " + x.cluster + " " + dash(x.exported_by) + " " + dash(x.stores)
                + " " + dash(x.sets))
            << x.name;
    }

    // Every import file, exactly: what the other clusters export for its store.
    std::set<std::string> stores;
    for (const auto& x : scenario()) {
        stores.insert(x.stores.begin(), x.stores.end());
    }
    std::size_t import_files = 0;
    for (const auto& cluster : k_clusters) {
        for (const auto& store : stores) {
            std::vector<std::string> names;
            for (const auto& x : scenario()) {
                const bool own = std::find(x.exported_by.begin(), x.exported_by.end(), cluster) != x.exported_by.end();
                if (std::string(x.status) == "included" && !own
                    && std::find(x.stores.begin(), x.stores.end(), store) != x.stores.end()) {
                    names.emplace_back(x.name);
                }
            }
            const auto file = out + "/import/" + cluster + "/" + store + ".pem";
            ASSERT_TRUE(std::filesystem::exists(file)) << file;
            EXPECT_EQ(pem_set(file), shas(names)) << file;
            // The manifest gives each import's size and origin.
            const auto listed = ".imports[] | select(.cluster == \"" + cluster + "\" and .store == \"" + store + "\")";
            EXPECT_EQ(jq(manifest, listed + " | .certificates"), std::to_string(names.size())) << file;
            EXPECT_EQ(jq(manifest, listed + " | .file"), "import/" + cluster + "/" + store + ".pem");
            ++import_files;
        }
    }
    EXPECT_EQ(import_files, 18U);
    EXPECT_EQ(jq(manifest, ".imports | length"), "18");
    EXPECT_EQ(
        jq(manifest, ".imports[] | select(.cluster == \"west\" and .store == \"tomcat-trust\") | .from | join(\",\")"),
        "central,east,lab.example.com,pine,south");
    // The shared root is in lab's tomcat-trust import? No: lab exported it.
    EXPECT_FALSE(pem_set(out + "/import/lab.example.com/tomcat-trust.pem").contains(sha("enterprise-root")));
    EXPECT_TRUE(pem_set(out + "/import/east/tomcat-trust.pem").contains(sha("enterprise-root")));

    // Every consolidated set, as openssl reads it (legacy: east's exports
    // were legacy), and as keytool lists it.
    std::set<std::string> types;
    for (const auto& x : scenario()) {
        types.insert(x.sets.begin(), x.sets.end());
    }
    EXPECT_EQ(types.size(), 6U);
    for (const auto& type : types) {
        std::vector<std::string> names;
        for (const auto& x : scenario()) {
            if (std::find(x.sets.begin(), x.sets.end(), type) != x.sets.end()) {
                names.emplace_back(x.name);
            }
        }
        EXPECT_EQ(p12_set(out + "/" + type + ".p12"), shas(names)) << type;
        const auto keytool = run({"keytool", "-list", "-keystore", out + "/" + type + ".p12", "-storetype", "PKCS12",
            "-storepass", "set-pw"});
        ASSERT_EQ(keytool.exit_code, 0) << keytool.out << keytool.err;
        EXPECT_TRUE(contains(keytool.out, "Your keystore contains " + std::to_string(names.size()) + " entr"))
            << type << keytool.out;
    }
    EXPECT_FALSE(std::filesystem::exists(out + "/TVS.p12"));
    const auto info = run({"openssl", "pkcs12", "-in", out + "/CallManager.p12", "-info", "-nokeys", "-passin",
        "pass:set-pw", "-legacy"});
    EXPECT_TRUE(contains(info.err, "MAC: sha1")) << info.err;
    EXPECT_TRUE(contains(info.out, "friendlyName: west_west-sub2_CallManager")) << info.out;
    EXPECT_TRUE(contains(info.out, "friendlyName: east_east-pub_CallManager")) << info.out;
    EXPECT_TRUE(contains(info.out, "friendlyName: central_Example Enterprise Root CA_CA")) << info.out;
    const auto keytool
        = run({"keytool", "-list", "-keystore", out + "/tomcat.p12", "-storetype", "PKCS12", "-storepass", "set-pw"});
    EXPECT_TRUE(contains(keytool.out, "west_west-pub_tomcat, ")) << keytool.out;
    EXPECT_TRUE(contains(keytool.out, "trustedCertEntry")) << keytool.out;

    // The evidence behind the new rules.
    const auto evidence = [&](const std::string& name) {
        return jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha(name) + "\")][0].evidence | join(\"; \")");
    };
    EXPECT_TRUE(contains(evidence("south-south-pub-tomcat"),
        "the name \"south-pub_tomcat\" says tomcat, which for its EC key is tomcat-ECDSA"))
        << evidence("south-south-pub-tomcat");
    EXPECT_TRUE(contains(evidence("south-south-pub-tomcat"),
        "CN south-pub-EC.south.example.com is CUCM's <host>-EC.<domain> name of an ECDSA certificate"));
    EXPECT_EQ(jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("south-south-pub-tomcat") + "\")][0].host"),
        "south-pub");
    EXPECT_TRUE(contains(evidence("pine-pine-pub-cm"), "the name \"TFTP\" says CallManager"))
        << evidence("pine-pine-pub-cm");
    EXPECT_TRUE(contains(evidence("central-ca"), "it issued 4 exported certificates")) << evidence("central-ca");
    EXPECT_TRUE(contains(evidence("enterprise-root"), "it issued 2 exported certificates"))
        << evidence("enterprise-root");
    EXPECT_EQ(jq(manifest,
                  "[.certificates[] | select(.sha256 == \"" + sha("enterprise-root") + "\")][0].ca_of | join(\",\")"),
        "CallManager,tomcat");
    EXPECT_EQ(jq(manifest, ".files[] | select(.file | endswith(\"lab1_tomcat.p12\")) | .cluster_from"),
        "DNS domain lab.example.com");
    EXPECT_EQ(jq(manifest, ".schema"), "pkitool-consolidate/3");
    EXPECT_EQ(jq(manifest, ".clusters | join(\",\")"), "central,east,lab.example.com,pine,south,west");
    EXPECT_EQ(jq(manifest, ".attention | length"), "0");
    EXPECT_EQ(jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("west-itl") + "\")] | length"), "6");
    EXPECT_EQ(jq(manifest, ".outputs.profile"), "legacy");
    EXPECT_EQ(jq(manifest, ".summary.included.west.CallManager"), "3");

    // The archive: POSIX tar that GNU tar lists, and that inspect lists.
    const auto tar = run({"tar", "tzf", (m_tmp / "set.tar.gz").string()});
    ASSERT_EQ(tar.exit_code, 0) << tar.err;
    EXPECT_TRUE(contains(tar.out, "import/west/Phone-SAST-trust.pem\n")) << tar.out;
    EXPECT_TRUE(contains(tar.out, "manifest.json\n")) << tar.out;
    const auto listed = pkitool({"inspect", (m_tmp / "set.tar.gz").string()});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_TRUE(contains(listed.out, "tar.gz archive, 25 members")) << listed.out;
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
    EXPECT_EQ(jq(r.out, ".summary.statuses.included"), "33");
    EXPECT_EQ(jq(r.out, "[.files[] | select(.status == \"read\")] | length"), "27");
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
    EXPECT_EQ(jq(r.out, ".summary.statuses.included"), "33");

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
    // Kept, but TVS is not a type the bulk import carries.
    EXPECT_EQ(status(read_text(out + "/manifest.json"), "east-east-sub1-tvs"), "not-carried");

    // --all-types writes TVS.p12 too (still no import store takes it).
    const auto all = (m_tmp / "all").string();
    const auto with_all = consolidate(all, {dir() + "/exports", "--include-expired", "--all-types"});
    ASSERT_EQ(with_all.exit_code, 0) << with_all.err;
    const auto manifest = read_text(all + "/manifest.json");
    EXPECT_EQ(status(manifest, "east-east-sub1-tvs"), "included");
    EXPECT_EQ(jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("east-east-sub1-tvs") + "\")][0].expired"),
        "true");
    EXPECT_EQ(
        jq(manifest, "[.certificates[] | select(.sha256 == \"" + sha("east-east-sub1-tvs") + "\")][0].stores | length"),
        "0");
    EXPECT_EQ(p12_set(all + "/TVS.p12"), shas({"east-east-pub-tvs", "east-east-sub1-tvs"}));
    EXPECT_FALSE(std::filesystem::exists(all + "/import/west/TVS-trust.pem"));
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
    // Written, but a certificate of unknown type needs attention.
    ASSERT_EQ(named.exit_code, 1) << named.err;
    EXPECT_TRUE(contains(named.err, "Needs attention: 1 certificate of no known type, left out (unknown)"))
        << named.err;
    const auto manifest = read_text(out + "/manifest.json");
    EXPECT_EQ(jq(manifest, ".clusters | join(\",\")"), "central,east,lab.example.com,north,pine,south,west");
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
