// PKCS#12 against independent peers: OpenSSL 3 (`openssl pkcs12`) and
// OpenJDK's keytool. Files they write (committed fixtures from
// scripts/make-pkcs12-fixtures and fresh ones made here) must yield what
// openssl extracts; files pkitool writes must open in both.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace pkitool {
namespace {

using test::contains;
using test::data_path;
using test::pkitool;
using test::run;

const std::string k_password = "test-password";

// The DER of every certificate in a PEM file, by openssl (one `openssl x509`
// per block, via crl2pkcs7 which takes a whole bundle).
std::set<std::string> certificate_set(const std::string& pem_file)
{
    const auto r = run({"openssl", "crl2pkcs7", "-nocrl", "-certfile", pem_file});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto printed = run({"openssl", "pkcs7", "-print_certs"}, r.out);
    std::set<std::string> out;
    std::size_t pos = 0;
    while ((pos = printed.out.find("-----BEGIN CERTIFICATE-----", pos)) != std::string::npos) {
        const auto end = printed.out.find("-----END CERTIFICATE-----", pos);
        const auto der = run({"openssl", "x509", "-outform", "DER"}, printed.out.substr(pos, end + 26 - pos));
        out.insert(der.out);
        pos = end;
    }
    return out;
}

std::string key_der(const std::string& pem_text)
{
    return run({"openssl", "pkey", "-outform", "DER"}, pem_text).out;
}

struct Extracted {
    std::set<std::string> certs;
    std::string key;
};

// The fixtures' password, except for the one whose name says otherwise.
std::string password_for(const std::string& p12)
{
    return contains(p12, "empty-password") ? std::string() : k_password;
}

Extracted by_openssl(const std::string& p12, const test::TempDir& dir)
{
    const auto pass = "pass:" + password_for(p12);
    const auto certs = run({"openssl", "pkcs12", "-legacy", "-in", p12, "-passin", pass, "-nokeys", "-out",
        (dir / "o-certs.pem").string()});
    EXPECT_EQ(certs.exit_code, 0) << p12 << certs.err;
    const auto keys = run({"openssl", "pkcs12", "-legacy", "-in", p12, "-passin", pass, "-nocerts", "-nodes"});
    return {certificate_set((dir / "o-certs.pem").string()),
        keys.out.find("PRIVATE KEY") == std::string::npos ? std::string() : key_der(keys.out)};
}

Extracted by_pkitool(const std::string& p12, const test::TempDir& dir)
{
    const auto pw = dir.write("pw", password_for(p12) + "\n");
    const auto certs = (dir / "p-certs.pem").string();
    const auto key = (dir / "p.key").string();
    std::filesystem::remove(certs);
    std::filesystem::remove(key);
    auto r = pkitool(
        {"p12", "export", p12, "--pass-file", pw, "--certs", certs, "--key", key, "--no-encrypt", "--insecure"});
    if (r.exit_code != 0 && contains(r.err, "holds no private key")) {
        r = pkitool({"p12", "export", p12, "--pass-file", pw, "--certs", certs});
    }
    EXPECT_EQ(r.exit_code, 0) << p12 << r.err;
    return {certificate_set(certs), std::filesystem::exists(key) ? key_der(test::read_text(key)) : std::string()};
}

void expect_same_as_openssl(const std::string& p12)
{
    test::TempDir dir;
    const auto a = by_openssl(p12, dir);
    const auto b = by_pkitool(p12, dir);
    EXPECT_FALSE(a.certs.empty()) << p12;
    EXPECT_EQ(a.certs, b.certs) << p12;
    EXPECT_EQ(a.key, b.key) << p12;
}

TEST(Pkcs12Interop, FixturesWrittenByOpensslAndKeytoolMatchWhatOpensslExtracts)
{
    int checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(data_path("pkcs12"))) {
        const auto name = entry.path().filename().string();
        // OpenSSL 3.0 does not read PBMAC1 (3.4 does); that file has its own test below.
        if (entry.path().extension() != ".p12" || name == "pbmac1-sha256.p12") {
            continue;
        }
        SCOPED_TRACE(name);
        expect_same_as_openssl(entry.path().string());
        ++checked;
    }
    EXPECT_EQ(checked, 19); // mac-sha512-224.p12 included: pkitool's own SHA-512/224
}

TEST(Pkcs12Interop, Pbmac1HoldsTheCertificateItWasBuiltFrom)
{
    test::TempDir dir;
    const auto b = by_pkitool(data_path("pkcs12/pbmac1-sha256.p12"), dir);
    EXPECT_EQ(b.certs, certificate_set(data_path("pkcs12/ca.pem")));
}

TEST(Pkcs12Interop, FreshOpensslExportsInThisRun)
{
    test::TempDir dir;
    const auto pass = "pass:" + k_password;
    ASSERT_EQ(run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                      "-keyout", (dir / "k.pem").string(), "-out", (dir / "c.pem").string(), "-subj",
                      "/CN=cucm-sub.example.com", "-days", "30"})
                  .exit_code,
        0);
    const std::vector<std::vector<std::string>> variants = {{}, {"-legacy"}, {"-macalg", "sha384"},
        {"-certpbe", "AES-192-CBC", "-keypbe", "AES-128-CBC"}, {"-nomac"}, {"-iter", "1"}};
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const auto out = (dir / ("v" + std::to_string(i) + ".p12")).string();
        std::vector<std::string> args = {"openssl", "pkcs12", "-export", "-in", (dir / "c.pem").string(), "-inkey",
            (dir / "k.pem").string(), "-passout", pass, "-out", out};
        args.insert(args.end(), variants[i].begin(), variants[i].end());
        ASSERT_EQ(run(args).exit_code, 0);
        SCOPED_TRACE(i);
        expect_same_as_openssl(out);
    }
}

TEST(Pkcs12Interop, FilesPkitoolWritesOpenInOpensslAndKeytool)
{
    test::TempDir dir;
    const auto pw = dir.write("pw", k_password + "\n");
    const auto leaf = data_path("pkcs12/leaf.pem");
    const auto ca = data_path("pkcs12/ca.pem");
    ASSERT_EQ(pkitool({"p12", "export", data_path("pkcs12/noenc.p12"), "--pass-file", pw, "--key",
                          (dir / "leaf.key").string(), "--no-encrypt", "--insecure"})
                  .exit_code,
        0);
    struct Case {
        std::string name;
        std::vector<std::string> options;
        bool key;
        bool legacy;
    };
    const std::vector<Case> cases = {
        {"modern", {}, true, false},
        {"legacy", {"--profile", "legacy"}, true, true},
        {"trust", {}, false, false},
        {"trust-legacy", {"--profile", "legacy"}, false, true},
        {"trust-clear", {"--cert-cipher", "none"}, false, false},
        {"mixed", {"--cert-cipher", "PBE-SHA1-3DES", "--key-cipher", "AES-128-CBC", "--mac", "sha512"}, true, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto out = (dir / (c.name + ".p12")).string();
        std::vector<std::string> args = {
            "p12", "create", "--cert", leaf, "--cert", ca, "--out", out, "--out-pass-file", pw, "--name", "cucm-pub"};
        if (c.key) {
            args.insert(args.end(), {"--key", (dir / "leaf.key").string()});
        }
        args.insert(args.end(), c.options.begin(), c.options.end());
        const auto made = pkitool(args);
        ASSERT_EQ(made.exit_code, 0) << made.err;

        std::vector<std::string> info = {"openssl", "pkcs12", "-in", out, "-passin", "pass:" + k_password, "-info",
            "-nokeys", "-out", (dir / "o.pem").string()};
        if (c.legacy) {
            info.push_back("-legacy");
        }
        const auto o = run(info);
        EXPECT_EQ(o.exit_code, 0) << o.err;
        EXPECT_EQ(certificate_set((dir / "o.pem").string()),
            certificate_set(leaf).size() == 1 ? std::set<std::string>([&] {
                auto s = certificate_set(leaf);
                const auto t = certificate_set(ca);
                s.insert(t.begin(), t.end());
                return s;
            }())
                                              : std::set<std::string>{});
        if (c.key) {
            expect_same_as_openssl(out);
        }
        const auto k
            = run({"keytool", "-list", "-v", "-storetype", "PKCS12", "-keystore", out, "-storepass", k_password});
        EXPECT_EQ(k.exit_code, 0) << k.out << k.err;
        if (c.key) {
            EXPECT_TRUE(contains(k.out, "Alias name: cucm-pub")) << k.out;
            EXPECT_TRUE(contains(k.out, "Entry type: PrivateKeyEntry")) << k.out;
            EXPECT_TRUE(contains(k.out, "Certificate chain length: 2")) << k.out;
        } else {
            EXPECT_TRUE(contains(k.out, "Your keystore contains 2 entries")) << k.out;
            EXPECT_TRUE(contains(k.out, "Entry type: trustedCertEntry")) << k.out;
        }
    }
}

// Java's PKCS#12 keystore refuses every password outside printable ASCII
// (its PBE keys, for the MAC and the encryption alike), while RFC 7292's
// BMPString, which OpenSSL and pkitool use, carries any character. So
// pkitool refuses such a password for a new file unless told that no Java
// program will read it; then OpenSSL opens the file with the same password
// (the UTF-8 of the password file), characters beyond the BMP included, and
// pkitool opens OpenSSL's file, while keytool refuses both for the reason
// pkitool gives.
TEST(Pkcs12Interop, NonAsciiPasswordsAgreeWithOpensslAndAreRefusedForJava)
{
    test::TempDir dir;
    const auto key = (dir / "leaf.key").string();
    ASSERT_EQ(run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                      (dir / "leaf.pem").string(), "-subj", "/CN=cucm-pub.example.com", "-days", "30"})
                  .exit_code,
        0);
    for (const std::string secret : {"Gr\xc3\xbc\xc3\x9f\x65\xe2\x82\xac", "ok\xf0\x9f\x98\x80x"}) {
        SCOPED_TRACE(secret);
        const auto pw = dir.write("pw", secret + "\n");
        const auto out = (dir / "pkitool.p12").string();
        std::filesystem::remove(out);
        const std::vector<std::string> create = {
            "p12", "create", "--cert", (dir / "leaf.pem").string(), "--key", key, "--out", out, "--out-pass-file", pw};
        const auto refused = pkitool(create);
        EXPECT_EQ(refused.exit_code, 2) << refused.err;
        EXPECT_TRUE(contains(refused.err, "outside printable ASCII")) << refused.err;
        EXPECT_TRUE(contains(refused.err, "--allow-non-ascii")) << refused.err;
        EXPECT_FALSE(contains(refused.err + refused.out, secret));
        EXPECT_FALSE(std::filesystem::exists(out));

        auto allowed = create;
        allowed.push_back("--allow-non-ascii");
        const auto made = pkitool(allowed);
        ASSERT_EQ(made.exit_code, 0) << made.err;
        const auto o = run({"openssl", "pkcs12", "-in", out, "-passin", "file:" + pw, "-nodes", "-nocerts"});
        EXPECT_EQ(o.exit_code, 0) << o.err;
        EXPECT_EQ(key_der(o.out), key_der(test::read_text(key)));
        const auto k = run({"keytool", "-list", "-v", "-storetype", "PKCS12", "-keystore", out, "-storepass", secret});
        EXPECT_NE(k.exit_code, 0) << k.out;
        EXPECT_TRUE(contains(k.out + k.err, "Password is not ASCII")) << k.out << k.err;

        const auto theirs = (dir / "openssl.p12").string();
        ASSERT_EQ(run({"openssl", "pkcs12", "-export", "-in", (dir / "leaf.pem").string(), "-inkey", key, "-out",
                          theirs, "-passout", "file:" + pw})
                      .exit_code,
            0);
        const auto shown = pkitool({"p12", "show", theirs, "--pass-file", pw});
        EXPECT_EQ(shown.exit_code, 0) << shown.err;
        EXPECT_TRUE(contains(shown.out, "verified")) << shown.out;
    }
}

} // namespace
} // namespace pkitool
