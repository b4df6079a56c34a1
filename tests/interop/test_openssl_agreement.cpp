// pkitool and the OpenSSL command line, run side by side on files OpenSSL
// makes fresh in this run, must agree on what the files hold.
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pkitool {
namespace {

using test::jq;

std::string trimmed(std::string s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

std::string openssl(const std::vector<std::string>& args)
{
    std::vector<std::string> argv = {"openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = test::run(argv);
    EXPECT_EQ(r.exit_code, 0) << "openssl failed: " << r.err;
    return trimmed(r.out);
}

// "sha256 Fingerprint=AB:.." -> "AB:.."
std::string after_equals(const std::string& s)
{
    return s.substr(s.find('=') + 1);
}

struct KeySpec {
    const char* name;
    std::vector<std::string> newkey;
    const char* algorithm;
    const char* bits;
};

class OpensslAgreement : public testing::TestWithParam<KeySpec> { };

TEST_P(OpensslAgreement, SelfSignedCertificateAndCsr)
{
    const auto& spec = GetParam();
    test::TempDir dir;
    const std::string key = (dir / "key.pem").string();
    const std::string cert = (dir / "cert.pem").string();
    const std::string csr = (dir / "req.pem").string();
    std::vector<std::string> req = {"req", "-x509", "-nodes", "-keyout", key, "-out", cert, "-days", "9500", "-subj",
        "/C=DE/O=Interop GmbH/CN=imp-pub.example.net", "-addext",
        "subjectAltName=DNS:imp-pub.example.net,IP:192.0.2.7"};
    req.insert(req.begin() + 1, spec.newkey.begin(), spec.newkey.end());
    openssl(req);
    openssl({"req", "-new", "-key", key, "-out", csr, "-subj", "/CN=imp-pub.example.net", "-addext",
        "extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.5.5.7.3.5"});

    const auto r = test::pkitool({"--json", "inspect", cert, csr, key});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string c = ".files[0].items[0]";
    EXPECT_EQ(jq(r.out, c + ".sha256_fingerprint"),
        test::plain_hex(after_equals(openssl({"x509", "-in", cert, "-noout", "-fingerprint", "-sha256"}))));
    EXPECT_EQ(jq(r.out, c + ".sha1_fingerprint"),
        test::plain_hex(after_equals(openssl({"x509", "-in", cert, "-noout", "-fingerprint", "-sha1"}))));
    std::string serial = jq(r.out, c + ".serial");
    serial.erase(std::remove(serial.begin(), serial.end(), ':'), serial.end());
    EXPECT_EQ(serial, after_equals(openssl({"x509", "-in", cert, "-noout", "-serial"})));
    EXPECT_EQ(jq(r.out, c + ".subject"), "C=DE, O=Interop GmbH, CN=imp-pub.example.net");
    EXPECT_EQ(jq(r.out, c + ".self_signature"), "valid");
    EXPECT_EQ(jq(r.out, c + ".public_key.algorithm"), spec.algorithm);
    EXPECT_EQ(jq(r.out, c + ".public_key.bits"), spec.bits);
    EXPECT_EQ(jq(r.out, c + "| [.subject_alt_names[] | .type + \":\" + .value] | join(\",\")"),
        "DNS:imp-pub.example.net,IP:192.0.2.7");
    // 9500 days from 2026 or later ends after 2049: GeneralizedTime, as OpenSSL wrote it.
    EXPECT_EQ(jq(r.out, c + ".not_after.encoding"), "GeneralizedTime");
    const std::string enddate = after_equals(openssl({"x509", "-in", cert, "-noout", "-enddate"}));
    EXPECT_NE(enddate.find(jq(r.out, c + ".not_after.raw").substr(0, 4)), std::string::npos) << enddate;

    // The CSR: OpenSSL says its signature verifies; so must pkitool.
    const auto verify = test::run({"openssl", "req", "-in", csr, "-noout", "-verify"});
    EXPECT_EQ(verify.exit_code, 0);
    EXPECT_EQ(jq(r.out, ".files[1].items[0].signature"), "valid");
    EXPECT_EQ(jq(r.out, ".files[1].items[0].requested_extensions.extended_key_usage.usages | join(\",\")"),
        "serverAuth,clientAuth,ipsecEndSystem");
    EXPECT_EQ(jq(r.out, ".files[2].items[0].algorithm"), spec.algorithm);
    EXPECT_EQ(jq(r.out, ".files[2].items[0].bits"), spec.bits);

    // lint has nothing to say about a well-made certificate, at a pinned time inside its validity.
    const auto startdate = after_equals(openssl({"x509", "-in", cert, "-noout", "-startdate"}));
    const auto lint = test::pkitool({"--json", "lint", "--at", "2049-01-01", cert});
    EXPECT_EQ(jq(lint.out, ".counts.errors"), "0") << startdate << lint.out;
}

INSTANTIATE_TEST_SUITE_P(Keys, OpensslAgreement,
    testing::Values(KeySpec{"rsa3072", {"-newkey", "rsa:3072"}, "RSA", "3072"},
        KeySpec{"ecP256", {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"}, "EC", "256"},
        KeySpec{"ecP384", {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"}, "EC", "384"}),
    [](const testing::TestParamInfo<KeySpec>& info) { return std::string(info.param.name); });

TEST(OpensslAgreement, TamperedCertificateSignatureIsCaught)
{
    test::TempDir dir;
    const std::string cert = (dir / "cert.pem").string();
    openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", (dir / "k.pem").string(), "-out", cert,
        "-subj", "/CN=tamper.example.com", "-days", "30"});
    // Flip one bit of the signature (the last byte of the DER).
    const std::string der_path = (dir / "cert.der").string();
    openssl({"x509", "-in", cert, "-outform", "DER", "-out", der_path});
    std::string der = test::read_text(der_path);
    der.back() = static_cast<char>(der.back() ^ 0x01);
    const auto tampered = dir.write("tampered.der", der);
    const auto verify = test::run({"openssl", "verify", "-CAfile", tampered, tampered});
    EXPECT_NE(verify.exit_code, 0);
    const auto r = test::pkitool({"--json", "inspect", tampered});
    EXPECT_EQ(jq(r.out, ".files[0].items[0].self_signature"), "invalid");
}

} // namespace
} // namespace pkitool
