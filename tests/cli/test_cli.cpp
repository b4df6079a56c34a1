// Runs the built pkitool and checks stdout, stderr and the exit code.
#include "forge.hpp"
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace pkitool {
namespace {

using test::contains;
using test::jq;

using test::data_path;
using test::pkitool;

TEST(Cli, HelpStartsWithExamplesAndExitsZero)
{
    const auto r = pkitool({"--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(contains(r.out, "Examples:"));
    EXPECT_TRUE(contains(r.out, "Exit codes:"));
    for (const char* cmd : {"inspect", "lint"}) {
        const auto sub = pkitool({cmd, "--help"});
        EXPECT_EQ(sub.exit_code, 0) << cmd;
        EXPECT_TRUE(contains(sub.out, "Examples:")) << cmd;
    }
}

TEST(Cli, UsageErrorsExitTwo)
{
    EXPECT_EQ(pkitool({}).exit_code, 2);
    EXPECT_EQ(pkitool({"frobnicate"}).exit_code, 2);
    EXPECT_EQ(pkitool({"inspect"}).exit_code, 2);
    EXPECT_EQ(pkitool({"lint"}).exit_code, 2);
    const auto both = pkitool({"inspect", "--pass-file", "a", "--pass-env", "B", data_path("keys/rsa-pkcs8.pem")});
    EXPECT_EQ(both.exit_code, 2);
    EXPECT_TRUE(contains(both.err, "excludes")) << both.err;
    const auto at = pkitool({"lint", "--at", "soon", data_path("certs/tomcat-leaf.pem")});
    EXPECT_EQ(at.exit_code, 2);
    EXPECT_EQ(at.err,
        "pkitool: cannot read time \"soon\": use now, 2026-11-24, 2026-11-24T10:00:00Z or "
        "20261124100000Z (UTC)\n");
}

TEST(Cli, Version)
{
    const auto r = pkitool({"--version"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.rfind("pkitool ", 0), 0U);
}

TEST(Cli, InspectCertificateText)
{
    const auto r = pkitool({"inspect", data_path("certs/leaf-2051.pem")});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(contains(r.out, "Subject            O=Example Voice, CN=long-lived.example.com\n"));
    EXPECT_TRUE(contains(r.out, "Not after          2051-06-01T12:00:00Z  (GeneralizedTime \"20510601120000Z\")"));
    EXPECT_TRUE(contains(r.out, "Not before         2025-01-01T00:00:00Z  (UTCTime \"250101000000Z\")"));
    EXPECT_FALSE(contains(r.out, "\033[")) << "colour on a pipe";
}

TEST(Cli, InspectJsonIsOneDocumentAgreeingWithOpenssl)
{
    std::ifstream expected_file(data_path("certs/tomcat-leaf.openssl.txt"));
    std::string line;
    std::string fingerprint;
    while (std::getline(expected_file, line)) {
        if (line.rfind("sha256 Fingerprint=", 0) == 0) {
            fingerprint = test::plain_hex(line.substr(19));
        }
    }
    // --json works before and after the subcommand.
    for (const auto& args : {std::vector<std::string>{"--json", "inspect", data_path("certs/tomcat-leaf.der")},
             std::vector<std::string>{"inspect", data_path("certs/tomcat-leaf.der"), "--json"}}) {
        const auto r = pkitool(args);
        EXPECT_EQ(r.exit_code, 0);
        EXPECT_EQ(jq(r.out, ".schema"), "pkitool-inspect/2");
        EXPECT_EQ(jq(r.out, ".files[0].items[0].sha256_fingerprint"), fingerprint);
        EXPECT_EQ(jq(r.out, ".files[0].items[0].not_after.raw"), "270101000000Z");
        EXPECT_EQ(jq(r.out, ".files[0].items[0].not_after.encoding"), "UTCTime");
        EXPECT_EQ(jq(r.out, ".files[0].items[0].key_usage.critical"), "true");
        EXPECT_EQ(jq(r.out, ".files[0].items[0].extended_key_usage.usages | join(\",\")"), "serverAuth,clientAuth");
        EXPECT_EQ(jq(r.out, ".files[0].items[0].subject_alt_names[1].value"), "cucm-sub1.example.com");
        EXPECT_EQ(jq(r.out, ".files[0].items[0].public_key.bits"), "2048");
    }
}

TEST(Cli, InspectReadsStandardInput)
{
    const auto r = pkitool({"inspect", "-"}, test::read_text(data_path("certs/chain.p7b")));
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(contains(r.out, "<stdin>:1  PKCS#7 bundle: 3 certificates"));
    EXPECT_TRUE(contains(r.out, "<stdin>:1 (bundle item 3)  certificate"));
}

TEST(Cli, InspectCsrShowsSignatureAndRequestedExtensions)
{
    const auto r = pkitool({"inspect", data_path("csr/tomcat.csr")});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(contains(r.out, "certificate request (PKCS#10)"));
    EXPECT_TRUE(contains(r.out, "Signature          sha256WithRSAEncryption, verifies"));
    EXPECT_TRUE(contains(r.out, "Key usage          digitalSignature, keyEncipherment, dataEncipherment (critical)"));
}

TEST(Cli, InspectKeysNeverShowsTheSecret)
{
    const auto plain = pkitool({"inspect", data_path("keys/rsa-pkcs8.pem")});
    EXPECT_EQ(plain.exit_code, 0);
    EXPECT_TRUE(contains(plain.out, "RSA 2048"));
    // No base64 line of the key may reach the output.
    std::istringstream key(test::read_text(data_path("keys/rsa-pkcs8.pem")));
    std::string line;
    std::getline(key, line);
    std::getline(key, line);
    EXPECT_FALSE(contains(plain.out, line.substr(0, 20)));

    // Not a terminal: no prompt, the key stays undescribed.
    const auto locked = pkitool({"inspect", data_path("keys/rsa-pkcs8-encrypted.pem")});
    EXPECT_EQ(locked.exit_code, 0);
    EXPECT_TRUE(contains(locked.out, "unknown (encrypted)"));
    EXPECT_TRUE(contains(locked.out, "PBES2: PBKDF2 (hmacWithSHA256, 2048 iterations), AES-256-CBC"));

    const auto file = pkitool(
        {"inspect", "--pass-file", data_path("keys/password.txt"), data_path("keys/rsa-pkcs8-encrypted.pem")});
    EXPECT_EQ(file.exit_code, 0);
    EXPECT_TRUE(contains(file.out, "Key                RSA 2048"));

    const auto env = pkitool({"inspect", "--pass-env", "PKITOOL_TEST_PW", data_path("keys/ec-p384-encrypted.der")}, {},
        {{"PKITOOL_TEST_PW", "test-password"}});
    EXPECT_EQ(env.exit_code, 0);
    EXPECT_TRUE(contains(env.out, "EC P-384"));

    const auto wrong = pkitool({"inspect", "--pass-env", "PKITOOL_TEST_PW", data_path("keys/rsa-pkcs8-encrypted.pem")},
        {}, {{"PKITOOL_TEST_PW", "nope"}});
    EXPECT_EQ(wrong.exit_code, 4);
    EXPECT_TRUE(contains(wrong.err, "wrong password or corrupted key"));

    const auto unset
        = pkitool({"inspect", "--pass-env", "PKITOOL_UNSET_VARIABLE", data_path("keys/rsa-pkcs8-encrypted.pem")});
    EXPECT_EQ(unset.exit_code, 2);
}

TEST(Cli, BrokenInputsExitThreeWithAMessage)
{
    int checked = 0;
    for (const auto& [file, code, fragment] : test::read_expectations(data_path("broken/expected.txt"))) {
        for (const bool json : {false, true}) {
            std::vector<std::string> args = {"inspect", data_path("broken/" + file)};
            if (json) {
                args.insert(args.begin(), "--json");
            }
            const auto r = pkitool(args);
            EXPECT_EQ(r.exit_code, code) << file;
            EXPECT_TRUE(contains(r.err, fragment)) << file << ": " << r.err;
            EXPECT_TRUE(contains(r.err, file)) << file << " is not named: " << r.err;
            if (json) {
                EXPECT_TRUE(contains(jq(r.out, ".files[0].errors[0].message"), fragment)) << file;
            }
        }
        ++checked;
    }
    EXPECT_GE(checked, 13);
}

TEST(Cli, BrokenArchivesExitThreeWithAMessage)
{
    int checked = 0;
    for (const auto& [file, code, fragment] : test::read_expectations(data_path("broken/archive-expected.txt"))) {
        const auto r = pkitool({"inspect", data_path("broken/" + file)});
        EXPECT_EQ(r.exit_code, code) << file;
        EXPECT_TRUE(contains(r.err, fragment)) << file << ": " << r.err;
        const auto c = pkitool({"consolidate", data_path("broken/" + file), "--out", "/nonexistent/never",
                                   "--out-pass-env", "PKITOOL_TEST_SET"},
            {}, {{"PKITOOL_TEST_SET", "x"}});
        EXPECT_EQ(c.exit_code, code) << file << ": " << c.err;
        EXPECT_TRUE(contains(c.err, fragment)) << file << ": " << c.err;
        ++checked;
    }
    EXPECT_EQ(checked, 4);
}

TEST(Cli, OneBadFileDoesNotHideTheGoodOnes)
{
    const auto r = pkitool({"inspect", data_path("certs/tomcat-leaf.pem"), "/nonexistent.pem"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_TRUE(contains(r.out, "cucm-pub.example.com"));
    EXPECT_EQ(r.err, "pkitool: /nonexistent.pem: cannot open: No such file or directory\n");
}

TEST(Cli, LintGoodChainAtPinnedTime)
{
    const auto r = pkitool({"lint", "--at", "2026-06-01", data_path("certs/chain.pem")});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "OK: 3 certificates checked at 2026-06-01T00:00:00Z, 0 errors, 0 warnings, 0 notes"));
}

TEST(Cli, LintExpiredExitsOne)
{
    const auto r = pkitool({"lint", "--at", "2027-06-01", data_path("certs/tomcat-leaf.pem")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.out, "validity.expired"));
    EXPECT_TRUE(contains(r.out, "FAIL: 1 certificate checked at 2027-06-01T00:00:00Z, 1 error, 0 warnings, 0 notes"));
}

TEST(Cli, LintForgedTimeEncodingAsJson)
{
    test::TempDir dir;
    test::ForgeSpec spec;
    spec.not_after = "2701010000Z";
    const auto file = dir.write("no-seconds.pem", test::to_pem(test::forge_certificate(spec)));
    const auto r = pkitool({"--json", "lint", "--at", "2026-01-01T00:00:00Z", file});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(jq(r.out, ".schema"), "pkitool-lint/2");
    EXPECT_EQ(jq(r.out, ".ok"), "false");
    EXPECT_EQ(jq(r.out, ".certificates[0].findings[0].rule"), "time.utc-no-seconds");
    EXPECT_EQ(jq(r.out, ".certificates[0].findings[0].severity"), "error");
    EXPECT_EQ(jq(r.out, ".certificates[0].findings[0].value"), "2701010000Z");
    EXPECT_EQ(jq(r.out, ".certificates[0].subject"), "O=Example, CN=cucm-pub.example.com");
    EXPECT_EQ(jq(r.out, ".counts.errors"), "1");
}

TEST(Cli, LintWarningsAloneExitZero)
{
    const auto r = pkitool({"lint", "--at", "2026-06-01", data_path("certs/sha1-leaf.pem")});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(contains(r.out, "warning  sig.sha1"));
}

TEST(Cli, LintWithoutCertificatesOrWithBadInput)
{
    // An encrypted key without its password: nothing lint can check.
    const auto keys = pkitool({"lint", data_path("keys/rsa-pkcs8-encrypted.pem")});
    EXPECT_EQ(keys.exit_code, 3);
    EXPECT_EQ(keys.err, "pkitool: no certificate, certificate request or readable key found in the input\n");
    // The verdict on stdout agrees with stderr and the exit code.
    EXPECT_TRUE(contains(keys.out, "FAIL: 0 certificates checked")) << keys.out;
    EXPECT_TRUE(contains(keys.out, "no certificate, certificate request or readable key found in the input"))
        << keys.out;
    EXPECT_FALSE(contains(keys.out, "OK:")) << keys.out;
    const auto json = pkitool({"--json", "lint", data_path("keys/rsa-pkcs8-encrypted.pem")});
    EXPECT_EQ(jq(json.out, ".ok"), "false");
    // A readable key is checked by the key rules.
    const auto plain = pkitool({"lint", data_path("keys/rsa-pkcs8.pem")});
    EXPECT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_TRUE(contains(plain.out, "key RSA 2048")) << plain.out;
    const auto broken = pkitool({"lint", data_path("certs/tomcat-leaf.pem"), data_path("broken/truncated.pem")});
    EXPECT_EQ(broken.exit_code, 3);
    EXPECT_TRUE(contains(broken.err, "has no END line"));
}

TEST(Cli, LintListRules)
{
    const auto r = pkitool({"lint", "--list-rules"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(contains(r.out, "time.utc-no-seconds           error    "));
    const auto j = pkitool({"--json", "lint", "--list-rules"});
    EXPECT_EQ(jq(j.out, "[.rules[] | select(.rule == \"sig.sha1\")][0].severity"), "warning");
}

TEST(Cli, QuietKeepsErrors)
{
    const auto r = pkitool({"--quiet", "inspect", "/nonexistent.pem"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_FALSE(r.err.empty());
}

} // namespace
} // namespace pkitool
