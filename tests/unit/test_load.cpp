#include "forge.hpp"
#include "paths.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/hex.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <regex>

namespace pkitool {
namespace {

load::LoadResult load_data(const std::string& relative, load::LoadOptions options = {})
{
    return load::load_file(test::data_path(relative), options);
}

// Copies of every item of type T (the result may be a temporary).
template <class T> std::vector<std::unique_ptr<T>> all_of(const load::LoadResult& r)
{
    std::vector<std::unique_ptr<T>> out;
    for (const auto& item : r.items) {
        if (const auto* p = std::get_if<T>(&item.content)) {
            out.push_back(std::make_unique<T>(*p));
        }
    }
    return out;
}

// "serial=1002", "sha256 Fingerprint=AB:CD..." as written by scripts/make-fixtures.
std::string openssl_field(const std::string& key)
{
    std::ifstream in(test::data_path("certs/tomcat-leaf.openssl.txt"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + "=", 0) == 0) {
            return line.substr(key.size() + 1);
        }
    }
    return "missing " + key;
}

TEST(Load, CertificateFieldsAgreeWithOpenssl)
{
    const auto r = load_data("certs/tomcat-leaf.pem");
    ASSERT_TRUE(r.failures.empty());
    const auto certs = all_of<x509::Certificate>(r);
    ASSERT_EQ(certs.size(), 1U);
    const auto& c = *certs[0];
    std::string serial = util::hex(c.serial);
    for (auto& ch : serial) {
        ch = static_cast<char>(std::toupper(ch));
    }
    EXPECT_EQ(serial, openssl_field("serial"));
    EXPECT_EQ(util::hex_colons(util::sha256(c.der)), openssl_field("sha256 Fingerprint"));
    EXPECT_EQ(util::hex_colons(util::sha1(c.der)), openssl_field("sha1 Fingerprint"));
    EXPECT_EQ(c.version, 3);
    EXPECT_EQ(c.subject.to_string(), "C=US, ST=Texas, L=Austin, O=Example Voice, OU=UC, CN=cucm-pub.example.com");
    EXPECT_EQ(c.subject.common_name(), "cucm-pub.example.com");
    EXPECT_EQ(c.issuer.to_string(), "C=US, O=Example Voice, CN=Example Issuing CA");
    EXPECT_EQ(c.not_before.tag, der::tag::utc_time);
    EXPECT_EQ(c.not_before.text, "250101000000Z");
    EXPECT_EQ(c.not_after.text, "270101000000Z");
    EXPECT_EQ(c.public_key.description(), "RSA 2048");
    EXPECT_EQ(c.signature_algorithm.name, "sha256WithRSAEncryption");
    ASSERT_TRUE(c.extensions.subject_alt_names);
    ASSERT_EQ(c.extensions.subject_alt_names->size(), 2U);
    EXPECT_EQ((*c.extensions.subject_alt_names)[1].value, "cucm-sub1.example.com");
    ASSERT_TRUE(c.extensions.key_usage);
    EXPECT_EQ(c.extensions.key_usage->names(),
        (std::vector<std::string>{"digitalSignature", "keyEncipherment", "dataEncipherment"}));
    ASSERT_TRUE(c.extensions.extended_key_usage);
    EXPECT_EQ(*c.extensions.extended_key_usage, (std::vector<std::string>{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"}));
    ASSERT_TRUE(c.extensions.basic_constraints);
    EXPECT_FALSE(c.extensions.basic_constraints->ca);
    EXPECT_TRUE(c.extensions.subject_key_id);
    EXPECT_TRUE(c.extensions.authority_key_id);
    EXPECT_FALSE(c.non_der_offset);
    EXPECT_FALSE(c.self_issued());
}

TEST(Load, GeneralizedTimeAfter2049)
{
    const auto certs = all_of<x509::Certificate>(load_data("certs/leaf-2051.pem"));
    ASSERT_EQ(certs.size(), 1U);
    EXPECT_EQ(certs[0]->not_before.tag, der::tag::utc_time);
    EXPECT_EQ(certs[0]->not_after.tag, der::tag::generalized_time);
    EXPECT_EQ(certs[0]->not_after.text, "20510601120000Z");
}

TEST(Load, EveryChainSpellingGivesTheSameThreeCertificates)
{
    const auto reference = all_of<x509::Certificate>(load_data("certs/chain.pem"));
    ASSERT_EQ(reference.size(), 3U);
    for (const char* file : {"certs/chain-crlf.pem", "certs/chain-bom.pem", "certs/chain.p7b", "certs/chain.p7c"}) {
        const auto r = load_data(file);
        EXPECT_TRUE(r.failures.empty()) << file;
        const auto certs = all_of<x509::Certificate>(r);
        ASSERT_EQ(certs.size(), 3U) << file;
        for (std::size_t i = 0; i < 3; ++i) {
            EXPECT_EQ(certs[i]->der, reference[i]->der) << file << " #" << i;
        }
    }
    const auto p7 = load_data("certs/chain.p7b");
    ASSERT_EQ(all_of<load::Pkcs7Summary>(p7).size(), 1U);
    EXPECT_EQ(all_of<load::Pkcs7Summary>(p7)[0]->certificates, 3U);
    EXPECT_EQ(p7.items[2].origin.bundle_index, 1U);
}

TEST(Load, TextAroundBlocksIsIgnoredAndLinesAreKept)
{
    const auto r = load_data("certs/chain-with-text.pem");
    ASSERT_TRUE(r.failures.empty());
    ASSERT_EQ(r.items.size(), 2U);
    EXPECT_EQ(r.items[0].origin.line, 7U);
    EXPECT_EQ(r.items[0].origin.to_string(), test::data_path("certs/chain-with-text.pem") + ":7");
}

TEST(Load, CsrInPemAndDer)
{
    for (const char* file : {"csr/tomcat.csr", "csr/tomcat.csr.der"}) {
        const auto csrs = all_of<x509::Csr>(load_data(file));
        ASSERT_EQ(csrs.size(), 1U) << file;
        const auto& csr = *csrs[0];
        EXPECT_EQ(csr.subject.common_name(), "cucm-pub.example.com");
        EXPECT_TRUE(csr.has_extension_request);
        ASSERT_TRUE(csr.requested.subject_alt_names);
        EXPECT_EQ(csr.requested.subject_alt_names->size(), 2U);
        ASSERT_TRUE(csr.requested.key_usage);
        EXPECT_EQ(csr.requested.key_usage->bits, 0b1101);
        EXPECT_EQ(x509::check_signature(csr).status, x509::SignatureCheck::Status::valid);
    }
}

struct KeyCase {
    const char* file;
    x509::KeyFormat format;
    bool encrypted;
    const char* description;
};

class KeyFiles : public testing::TestWithParam<KeyCase> { };

TEST_P(KeyFiles, AreDescribedWithoutTheirSecret)
{
    const auto& c = GetParam();
    const auto keys = all_of<x509::PrivateKeyInfo>(load_data(c.file));
    ASSERT_EQ(keys.size(), 1U);
    EXPECT_EQ(keys[0]->format, c.format);
    EXPECT_EQ(keys[0]->encrypted, c.encrypted);
    EXPECT_EQ(keys[0]->description(), c.description);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, KeyFiles,
    testing::Values(KeyCase{"keys/rsa-pkcs8.pem", x509::KeyFormat::pkcs8, false, "RSA 2048"},
        KeyCase{"keys/rsa-pkcs1.pem", x509::KeyFormat::pkcs1_rsa, false, "RSA 2048"},
        KeyCase{"keys/ec-sec1.pem", x509::KeyFormat::sec1_ec, false, "EC P-256"},
        KeyCase{"keys/ec-pkcs8.der", x509::KeyFormat::pkcs8, false, "EC P-256"},
        KeyCase{"keys/rsa-pkcs8-encrypted.pem", x509::KeyFormat::pkcs8_encrypted, true, "unknown (encrypted)"},
        KeyCase{"keys/rsa-legacy-encrypted.pem", x509::KeyFormat::pkcs1_rsa, true, "unknown (encrypted)"}));

TEST(Load, EncryptedKeyShowsItsProtection)
{
    const auto keys = all_of<x509::PrivateKeyInfo>(load_data("keys/rsa-pkcs8-encrypted.pem"));
    ASSERT_EQ(keys.size(), 1U);
    EXPECT_EQ(keys[0]->encryption, "PBES2: PBKDF2 (hmacWithSHA256, 2048 iterations), AES-256-CBC");
    const auto legacy = all_of<x509::PrivateKeyInfo>(load_data("keys/rsa-legacy-encrypted.pem"));
    EXPECT_EQ(legacy[0]->legacy_pem_cipher, "AES-256-CBC");
}

TEST(Load, EncryptedKeyIsDescribedWithThePassword)
{
    load::LoadOptions options;
    options.password = [](const std::string&) { return util::SecretString("test-password"); };
    const auto rsa = all_of<x509::PrivateKeyInfo>(load_data("keys/rsa-pkcs8-encrypted.pem", options));
    ASSERT_EQ(rsa.size(), 1U);
    EXPECT_EQ(rsa[0]->description(), "RSA 2048");
    const auto ec = all_of<x509::PrivateKeyInfo>(load_data("keys/ec-p384-encrypted.der", options));
    ASSERT_EQ(ec.size(), 1U);
    EXPECT_EQ(ec[0]->description(), "EC P-384");
    EXPECT_EQ(ec[0]->encryption, "PBES2: PBKDF2 (hmacWithSHA256, 1000 iterations), AES-128-CBC");
}

TEST(Load, WrongPasswordIsAPasswordFailure)
{
    load::LoadOptions options;
    options.password = [](const std::string&) { return util::SecretString("wrong"); };
    const auto r = load_data("keys/rsa-pkcs8-encrypted.pem", options);
    ASSERT_EQ(r.failures.size(), 1U);
    EXPECT_EQ(r.failures[0].kind, ErrorKind::password);
    EXPECT_NE(r.failures[0].message.find("wrong password or corrupted key"), std::string::npos);
}

TEST(Load, PublicKeyAndEcParameters)
{
    const auto pub = all_of<x509::PublicKey>(load_data("keys/rsa-public.pem"));
    ASSERT_EQ(pub.size(), 1U);
    EXPECT_EQ(pub[0]->description(), "RSA 2048");
    const auto sec1 = load_data("keys/ec-sec1.pem");
    ASSERT_EQ(all_of<load::EcParameters>(sec1).size(), 1U);
    EXPECT_EQ(all_of<load::EcParameters>(sec1)[0]->curve, "P-256");
}

TEST(Load, SniffsEachKind)
{
    const auto kind_of = [](const char* file) {
        const auto data = test::read_text(test::data_path(file));
        return load::sniff(std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
    };
    EXPECT_EQ(kind_of("certs/tomcat-leaf.der"), load::Kind::certificate);
    EXPECT_EQ(kind_of("csr/tomcat.csr.der"), load::Kind::csr);
    EXPECT_EQ(kind_of("certs/chain.p7c"), load::Kind::pkcs7);
    EXPECT_EQ(kind_of("keys/ec-pkcs8.der"), load::Kind::private_key);
    EXPECT_EQ(kind_of("keys/ec-p384-encrypted.der"), load::Kind::encrypted_private_key);
    EXPECT_EQ(kind_of("broken/unknown-shape.der"), load::Kind::unknown);
    EXPECT_EQ(kind_of("broken/truncated.der"), load::Kind::unknown);
}

// A block labelled CERTIFICATE is read as one at once (report's speed);
// when its contents are something else, they still decide, and a broken
// certificate gets the message it gets without the label.
TEST(Load, CertificateLabelDoesNotOverruleTheContents)
{
    const auto load_as_certificate = [](const char* file) {
        const auto data = test::read_text(test::data_path(file));
        const auto pem = test::to_pem(test::Bytes(data.begin(), data.end()), "CERTIFICATE");
        return load::load(std::span(reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()), "x.pem", {});
    };
    const auto p7 = load_as_certificate("certs/chain.p7c");
    EXPECT_TRUE(p7.failures.empty());
    EXPECT_EQ(all_of<load::Pkcs7Summary>(p7).size(), 1U);
    EXPECT_EQ(all_of<x509::Certificate>(p7).size(), 3U);
    const auto csr = load_as_certificate("csr/tomcat.csr.der");
    EXPECT_TRUE(csr.failures.empty());
    EXPECT_EQ(all_of<x509::Csr>(csr).size(), 1U);
    EXPECT_EQ(all_of<x509::Certificate>(csr).size(), 0U);
    const auto cert = load_as_certificate("certs/tomcat-leaf.der");
    ASSERT_EQ(all_of<x509::Certificate>(cert).size(), 1U);
    EXPECT_EQ(
        all_of<x509::Certificate>(cert)[0]->der, all_of<x509::Certificate>(load_data("certs/tomcat-leaf.der"))[0]->der);

    const auto broken = load_as_certificate("broken/truncated.der");
    const auto bare = load_data("broken/truncated.der");
    ASSERT_EQ(broken.failures.size(), 1U);
    ASSERT_EQ(bare.failures.size(), 1U);
    const auto after_origin = [](const std::string& m) { return m.substr(m.find(": ")); };
    EXPECT_EQ(after_origin(broken.failures[0].message), after_origin(bare.failures[0].message));
}

TEST(Load, FirstBytesAreDescribed)
{
    const auto describe = [](const std::string& s) {
        return load::describe_first_bytes(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
    };
    EXPECT_EQ(describe("\x1f\x8b\x08"), "it starts like gzip data");
    EXPECT_EQ(describe(std::string("\xFE\xED\xFE\xED\x00", 5)).substr(0, 25), "it is a Java KeyStore (JK");
    EXPECT_EQ(describe("abc\n"), "it starts with the text \"abc\\n\" and holds no -----BEGIN line");
    EXPECT_EQ(describe(std::string("\x00\x01", 2)), "it starts with the bytes 0001");
}

TEST(Load, UnreadableFileIsAFailureNotAnException)
{
    const auto files = load::load_files({"/nonexistent/pkitool.pem"}, {});
    ASSERT_EQ(files.size(), 1U);
    ASSERT_EQ(files[0].result.failures.size(), 1U);
    EXPECT_EQ(files[0].result.failures[0].message, "/nonexistent/pkitool.pem: cannot open: No such file or directory");
}

} // namespace
} // namespace pkitool
