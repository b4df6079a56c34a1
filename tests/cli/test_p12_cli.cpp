// pkitool p12 and PKCS#12 in inspect, as a user runs them.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace pkitool {
namespace {

using test::contains;
using test::data_path;
using test::jq;
using test::pkitool;

const std::string k_pass = data_path("keys/password.txt");

TEST(P12Cli, BrokenAndHostileFilesExitWithAMessage)
{
    int checked = 0;
    for (const auto& [file, code, fragment] : test::read_expectations(data_path("broken/pkcs12-expected.txt"))) {
        for (const char* command : {"inspect", "p12"}) {
            std::vector<std::string> args = {command, "--pass-file", k_pass, data_path("broken/" + file)};
            if (std::string(command) == "p12") {
                args.insert(args.begin() + 1, "show");
            }
            const auto r = pkitool(args);
            EXPECT_EQ(r.exit_code, code) << file << " " << command << ": " << r.err;
            EXPECT_TRUE(contains(r.err, fragment)) << file << ": " << r.err;
            EXPECT_TRUE(contains(r.err, file)) << file << " is not named: " << r.err;
        }
        ++checked;
    }
    EXPECT_EQ(checked, 6);
}

TEST(P12Cli, ShowListsStructureAndContents)
{
    const auto r = pkitool({"p12", "show", "--pass-file", k_pass, data_path("pkcs12/openssl3-legacy.p12")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "MAC                HMAC-SHA1, PKCS#12 KDF, 2048 iterations, 8-byte salt, verified"));
    EXPECT_TRUE(contains(r.out, "encryptedData, pbeWithSHAAnd40BitRC2-CBC (2048 iterations): 2 bags"));
    EXPECT_TRUE(contains(r.out, "pkcs8ShroudedKeyBag, friendlyName \"cucm-pub\", localKeyID"));
    EXPECT_TRUE(contains(r.out, "pbeWithSHAAnd3-KeyTripleDES-CBC (2048 iterations)"));
    EXPECT_TRUE(contains(r.out, "Subject            O=Example, CN=cucm-pub.example.com"));
    EXPECT_TRUE(contains(r.out, "Key                RSA 2048"));

    const auto j = pkitool({"--json", "p12", "show", "--pass-file", k_pass, data_path("pkcs12/openssl3-default.p12")});
    EXPECT_EQ(j.exit_code, 0) << j.err;
    EXPECT_EQ(jq(j.out, ".files[0].items[0].kind"), "PKCS#12");
    EXPECT_EQ(jq(j.out, ".files[0].items[0].bags | length"), "3");
    EXPECT_EQ(jq(j.out, ".files[0].items[0].contents[0].encryption"),
        "PBES2: PBKDF2 (hmacWithSHA256, 2048 iterations), AES-256-CBC");
    EXPECT_EQ(jq(j.out, ".files[0].items[0].password"), "the given password");
}

TEST(P12Cli, EveryFixtureOpens)
{
    for (const auto& entry : std::filesystem::directory_iterator(data_path("pkcs12"))) {
        if (entry.path().extension() != ".p12") {
            continue;
        }
        const auto r = pkitool({"p12", "show", "--pass-file", k_pass, entry.path().string()});
        EXPECT_EQ(r.exit_code, 0) << entry.path() << ": " << r.err;
    }
    const auto ber = pkitool({"p12", "show", "--pass-file", k_pass, data_path("pkcs12/ber-indefinite.p12")});
    EXPECT_TRUE(contains(ber.out, "Encoding           BER"));
    const auto pbmac1 = pkitool({"p12", "show", "--pass-file", k_pass, data_path("pkcs12/pbmac1-sha256.p12")});
    EXPECT_TRUE(contains(
        pbmac1.out, "MAC                PBMAC1: HMAC-SHA256, PBKDF2 (hmacWithSHA256, 2048 iterations), verified"));
    const auto nomac = pkitool({"p12", "show", "--pass-file", k_pass, data_path("pkcs12/nomac.p12")});
    EXPECT_TRUE(contains(nomac.out, "the file has no MAC"));
}

TEST(P12Cli, PasswordsAreTriedAndAskedOnlyWhenNeeded)
{
    // The empty password opens without a prompt (stdin is not a terminal).
    const auto empty = pkitool({"p12", "show", data_path("pkcs12/empty-password.p12")});
    EXPECT_EQ(empty.exit_code, 0) << empty.err;
    EXPECT_TRUE(contains(empty.out, "Password           the empty password"));
    // Several lines: each is tried in order.
    test::TempDir dir;
    const auto lines = dir.write("pw", "first-guess\nsecond-guess\ntest-password\n");
    EXPECT_EQ(pkitool({"p12", "show", "--pass-file", lines, data_path("pkcs12/keytool-keypair.p12")}).exit_code, 0);
    const auto none = pkitool({"p12", "show", data_path("pkcs12/openssl3-default.p12")});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_TRUE(contains(none.err, "needs a password")) << none.err;
    const auto wrong
        = pkitool({"p12", "show", "--pass-file", dir.write("w", "nope\n"), data_path("pkcs12/openssl3-default.p12")});
    EXPECT_EQ(wrong.exit_code, 4);
    EXPECT_TRUE(contains(wrong.err, "wrong password or corrupted file (the MAC does not match)")) << wrong.err;
    const auto env = pkitool(
        {"inspect", "--pass-env", "P12PW", data_path("pkcs12/rc4-128-rc4-40.p12")}, {}, {{"P12PW", "test-password"}});
    EXPECT_EQ(env.exit_code, 0) << env.err;
    const auto notp12 = pkitool({"p12", "show", data_path("certs/tomcat-leaf.pem")});
    EXPECT_EQ(notp12.exit_code, 3);
    EXPECT_TRUE(contains(notp12.err, "not a PKCS#12 file"));
}

TEST(P12Cli, InspectDecryptsKeysInEveryScheme)
{
    for (const auto& entry : std::filesystem::directory_iterator(data_path("pkcs12/keys"))) {
        const auto r = pkitool({"inspect", "--pass-file", k_pass, entry.path().string()});
        EXPECT_EQ(r.exit_code, 0) << entry.path() << ": " << r.err;
        EXPECT_TRUE(contains(r.out, "Key                RSA 2048")) << entry.path() << r.out;
    }
}

TEST(P12Cli, ExportWritesCertsAndAnEncryptedKey)
{
    test::TempDir dir;
    const auto newpw = dir.write("newpw", "new-password\n");
    const auto r = pkitool({"p12", "export", data_path("pkcs12/openssl3-default.p12"), "--pass-file", k_pass, "--certs",
        (dir / "c.pem").string(), "--key", (dir / "k.key").string(), "--out-pass-file", newpw});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "(2 certificates)"));
    EXPECT_EQ(std::filesystem::status(dir / "k.key").permissions() & std::filesystem::perms::all,
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    EXPECT_TRUE(contains(test::read_text((dir / "k.key").string()), "BEGIN ENCRYPTED PRIVATE KEY"));
    const auto key = pkitool({"inspect", "--pass-file", newpw, (dir / "k.key").string()});
    EXPECT_TRUE(contains(key.out, "PBES2: PBKDF2 (hmacWithSHA256, 600000 iterations), AES-256-CBC"));
    // Existing outputs are kept; nothing is half-written.
    const auto again = pkitool({"p12", "export", data_path("pkcs12/openssl3-default.p12"), "--pass-file", k_pass,
        "--certs", (dir / "c.pem").string()});
    EXPECT_EQ(again.exit_code, 5);
    const auto no_pass = pkitool({"p12", "export", data_path("pkcs12/openssl3-default.p12"), "--pass-file", k_pass,
        "--key", (dir / "k2.key").string()});
    EXPECT_EQ(no_pass.exit_code, 2);
    EXPECT_FALSE(std::filesystem::exists(dir / "k2.key"));
    EXPECT_EQ(pkitool({"p12", "export", data_path("pkcs12/openssl3-default.p12")}).exit_code, 2);
}

TEST(P12Cli, CreateRefusesWhatItShould)
{
    test::TempDir dir;
    const auto pw = dir.write("pw", "pw\n");
    const auto leaf = data_path("pkcs12/leaf.pem");
    const auto ca = data_path("pkcs12/ca.pem");
    // The leaf's key in the clear, exported from the fixture.
    ASSERT_EQ(pkitool({"p12", "export", data_path("pkcs12/noenc.p12"), "--pass-file", k_pass, "--key",
                          (dir / "leaf.key").string(), "--no-encrypt", "--insecure"})
                  .exit_code,
        0);
    const auto mismatch = pkitool({"p12", "create", "--cert", ca, "--key", (dir / "leaf.key").string(), "--out",
        (dir / "x.p12").string(), "--out-pass-file", pw});
    EXPECT_EQ(mismatch.exit_code, 2);
    EXPECT_TRUE(contains(mismatch.err, "belongs to none of the certificates"));
    const auto weak = pkitool({"p12", "create", "--cert", leaf, "--key", (dir / "leaf.key").string(), "--out",
        (dir / "x.p12").string(), "--out-pass-file", pw, "--key-cipher", "PBE-SHA1-RC4-40"});
    EXPECT_EQ(weak.exit_code, 2);
    EXPECT_TRUE(contains(weak.err, "--allow-weak"));
    const auto no_pass = pkitool({"p12", "create", "--cert", leaf, "--out", (dir / "x.p12").string()});
    EXPECT_EQ(no_pass.exit_code, 2);
    EXPECT_TRUE(contains(no_pass.err, "needs a password"));
    EXPECT_FALSE(std::filesystem::exists(dir / "x.p12"));
    const auto bad_cipher
        = pkitool({"p12", "create", "--cert", leaf, "--out", (dir / "x.p12").string(), "--cert-cipher", "ROT13"});
    EXPECT_EQ(bad_cipher.exit_code, 2);
    const auto ok = pkitool({"p12", "create", "--cert", leaf, "--cert", ca, "--key", (dir / "leaf.key").string(),
        "--out", (dir / "x.p12").string(), "--out-pass-file", pw, "--name", "cucm-pub"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_TRUE(contains(ok.err, "Wrote " + (dir / "x.p12").string() + " (2 certificates, 1 key; modern profile)"));
    EXPECT_EQ(
        pkitool({"p12", "create", "--cert", leaf, "--out", (dir / "x.p12").string(), "--out-pass-file", pw}).exit_code,
        5);
    const auto legacy = pkitool({"p12", "create", "--cert", ca, "--out", (dir / "t.p12").string(), "--out-pass-file",
        pw, "--profile", "legacy"});
    EXPECT_EQ(legacy.exit_code, 0);
    // The legacy profile's weakness: one warning line, every reason in it.
    EXPECT_TRUE(contains(legacy.err,
        "warning: the PKCS#12 file is weakly protected: the certificates are encrypted with PBE-SHA1-RC2-40: a "
        "40-bit key is broken by brute force in hours; the MAC uses SHA-1, which only old importers need\n"))
        << legacy.err;
    EXPECT_EQ(std::count(legacy.err.begin(), legacy.err.end(), '\n'), 2) << legacy.err;
}

} // namespace
} // namespace pkitool
