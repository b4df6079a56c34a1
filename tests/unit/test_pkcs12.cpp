// The PKCS#12 engine against published vectors (RFC 7292 KDF values from
// OpenSSL's and Bouncy Castle's test sets, RFC 2268 section 5 for RC2), and
// its own writer read back under every scheme and limit.
#include "forge.hpp"
#include "process.hpp"

#include "pkitool/error.hpp"
#include "pkitool/pkcs12/kdf.hpp"
#include "pkitool/pkcs12/pbe.hpp"
#include "pkitool/pkcs12/pfx.hpp"
#include "pkitool/pkcs12/rc2.hpp"
#include "pkitool/pkcs12/sha512_224.hpp"
#include "pkitool/pkcs12/writer.hpp"
#include "pkitool/util/hex.hpp"

#include <botan/auto_rng.h>
#include <botan/hex.h>

#include <gtest/gtest.h>

namespace pkitool {
namespace {

using pkcs12::KdfPurpose;

std::vector<std::uint8_t> unhex(const std::string& text)
{
    return Botan::hex_decode(text);
}

std::string derive_hex(const std::string& hash, KdfPurpose purpose, const std::string& password_hex,
    const std::string& salt_hex, std::size_t iterations, std::size_t length)
{
    const auto out = pkcs12::derive(hash, purpose, unhex(password_hex), unhex(salt_hex), iterations, length);
    return Botan::hex_encode(out.data(), out.size());
}

// BMPString "smeg" and "queeg" with their terminators.
constexpr const char* k_smeg = "0073006D006500670000";
constexpr const char* k_queeg = "007100750065006500670000";

TEST(Pkcs12Kdf, PublishedSha1Vectors)
{
    EXPECT_EQ(derive_hex("SHA-1", KdfPurpose::key, k_smeg, "0A58CF64530D823F", 1, 24),
        "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3");
    EXPECT_EQ(derive_hex("SHA-1", KdfPurpose::iv, k_smeg, "0A58CF64530D823F", 1, 8), "79993DFE048D3B76");
    EXPECT_EQ(derive_hex("SHA-1", KdfPurpose::key, k_queeg, "1682C0FC5B3F7EC5", 1000, 24),
        "483DD6E919D7DE2E8E648BA8F862F3FBFBDC2BCB2C02957F");
    EXPECT_EQ(derive_hex("SHA-1", KdfPurpose::iv, k_queeg, "1682C0FC5B3F7EC5", 1000, 8), "9D461D1B00355C50");
}

// Values computed by `openssl kdf ... PKCS12KDF` (OpenSSL 3.0), an
// independent implementation; the interop suite repeats this live.
TEST(Pkcs12Kdf, OtherHashesAgreeWithOpenssl)
{
    EXPECT_EQ(derive_hex("SHA-1", KdfPurpose::mac, k_queeg, "3D83C0E4546AC140", 1, 20),
        "E7C474E965F2BA6D5FB0107DCEB00E54D967CC7A");
    EXPECT_EQ(derive_hex("SHA-512", KdfPurpose::mac, "0070006100730073000000", "0102030405060708", 2048, 64),
        "2E57E5F35170D775ECE3C644565E5ABA1B65A9E4FC1087A66FC603C4A43D5D0EDA84BD899C517A7295EEEAF08ADC25BDE6BAC85A69AAAE"
        "17410BB79ABBCCB75B");
    EXPECT_EQ(derive_hex("SHA-3(256)", KdfPurpose::key, "0070006100730073000000", "0102030405060708090A", 3, 40),
        "9EB9D48D213FB77FE18EBA45B12B513D25890F49B15F48863FBF83D88F63D5B3EC060DE3099B7311");
}

TEST(Pkcs12Kdf, PasswordEncodings)
{
    EXPECT_TRUE(pkcs12::bmp_password(std::nullopt).empty());
    EXPECT_EQ(util::hex(pkcs12::bmp_password(util::SecretString())), "0000");
    EXPECT_EQ(util::hex(pkcs12::bmp_password(util::SecretString("smeg"))), "0073006d006500670000");
    // U+00E9 and U+1F511 (a surrogate pair).
    EXPECT_EQ(util::hex(pkcs12::bmp_password(util::SecretString("\xC3\xA9\xF0\x9F\x94\x91"))), "00e9d83ddd110000");
    EXPECT_THROW(pkcs12::bmp_password(util::SecretString("\xC3")), InputError);
    EXPECT_THROW(pkcs12::bmp_password(util::SecretString("\xFF")), InputError);
    EXPECT_EQ(util::hex(pkcs12::utf8_password(util::SecretString("\xC3\xA9"))), "c3a9");
}

struct Rc2Vector {
    std::size_t effective_bits;
    const char* key;
    const char* plaintext;
    const char* ciphertext;
};

// RFC 2268 section 5.
constexpr Rc2Vector k_rc2_vectors[] = {
    {63, "0000000000000000", "0000000000000000", "EBB773F993278EFF"},
    {64, "FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFF", "278B27E42E2F0D49"},
    {64, "3000000000000000", "1000000000000001", "30649EDF9BE7D2C2"},
    {64, "88", "0000000000000000", "61A8A244ADACCCF0"},
    {64, "88BCA90E90875A", "0000000000000000", "6CCF4308974C267F"},
    {64, "88BCA90E90875A7F0F79C384627BAFB2", "0000000000000000", "1A807D272BBE5DB1"},
    {128, "88BCA90E90875A7F0F79C384627BAFB2", "0000000000000000", "2269552AB0F85CA6"},
    {129, "88BCA90E90875A7F0F79C384627BAFB216F80A6F85920584C42FCEB0BE255DAF1E", "0000000000000000", "5B78D3A43DFFF1F1"},
};

std::string sha512_224_hex(const std::string& message)
{
    pkcs12::Sha512_224 h;
    h.update(reinterpret_cast<const std::uint8_t*>(message.data()), message.size());
    return Botan::hex_encode(h.final(), false);
}

TEST(Sha512_224, PublishedVectors)
{
    // FIPS 180-4 examples (NIST's SHA512_224.pdf): one block, empty, two blocks.
    EXPECT_EQ(sha512_224_hex("abc"), "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa");
    EXPECT_EQ(sha512_224_hex(""), "6ed0dd02806fa89e25de060c19d3ac86cabb87d6a0ddd05c333b84f4");
    EXPECT_EQ(sha512_224_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopq"
                             "rlmnopqrsmnopqrstnopqrstu"),
        "23fec5bb94d60b23308192640b0c453335d664734fe40e7268674af9");
    // `openssl dgst -sha512-224` on 1000 octets 'a' (several blocks, fed in pieces below).
    EXPECT_EQ(sha512_224_hex(std::string(1000, 'a')), "ffdfa284ae9e562222e2a37cd683823f7e669f3636477701f4ce9abe");
    pkcs12::Sha512_224 pieces;
    for (int i = 0; i < 1000; ++i) {
        pieces.update(reinterpret_cast<const std::uint8_t*>("a"), 1);
    }
    EXPECT_EQ(Botan::hex_encode(pieces.final(), false), "ffdfa284ae9e562222e2a37cd683823f7e669f3636477701f4ce9abe");
}

TEST(Sha512_224, HmacAgreesWithOpenssl)
{
    // `openssl dgst -sha512-224 -hmac Jefe` (the RFC 4231 test case 2 input).
    const std::string key = "Jefe";
    const std::string data = "what do ya want for nothing?";
    const auto mac
        = pkcs12::hmac("SHA-512-224", std::span(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()),
            std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
    EXPECT_EQ(Botan::hex_encode(mac, false), "4a530b31a79ebcce36916546317c45f247d83241dfb818fd37254bde");
}

TEST(Rc2, Rfc2268Vectors)
{
    for (const auto& v : k_rc2_vectors) {
        pkcs12::Rc2 rc2(v.effective_bits);
        const auto key = unhex(v.key);
        rc2.set_key(key.data(), key.size());
        const auto plain = unhex(v.plaintext);
        std::vector<std::uint8_t> out(8);
        rc2.encrypt(plain.data(), out.data());
        EXPECT_EQ(Botan::hex_encode(out), v.ciphertext) << "T1=" << v.effective_bits << " key " << v.key;
        std::vector<std::uint8_t> back(8);
        rc2.decrypt(out.data(), back.data());
        EXPECT_EQ(back, plain);
    }
}

TEST(Rc2, RefusesUseWithoutKeyAndBadSizes)
{
    pkcs12::Rc2 rc2(40);
    std::vector<std::uint8_t> block(8);
    EXPECT_THROW(rc2.encrypt(block.data(), block.data()), InternalError);
    EXPECT_THROW(pkcs12::Rc2(0), InputError);
    EXPECT_THROW(pkcs12::Rc2(1025), InputError);
    EXPECT_EQ(rc2.name(), "RC2(40)");
}

// A private key and its certificate from the forge, as writer entries.
struct Material {
    pkcs12::CertEntry cert;
    pkcs12::KeyEntry key;
};

Material material()
{
    Material m;
    m.cert.der = test::forge_certificate({});
    m.cert.friendly_name = "cucm-pub";
    m.cert.local_key_id = {1, 2, 3, 4};
    m.key.private_key_info = test::forge_key().private_key_info();
    m.key.friendly_name = "cucm-pub";
    m.key.local_key_id = {1, 2, 3, 4};
    return m;
}

pkcs12::Contents read_with(const der::Bytes& pfx, const std::string& password, const pkcs12::Limits& limits = {})
{
    return pkcs12::read(pfx, {util::SecretString(password)}, {}, "test.p12", limits);
}

TEST(Pkcs12RoundTrip, EveryWrittenSchemeReadsBack)
{
    Botan::AutoSeeded_RNG rng;
    const auto m = material();
    for (const auto scheme : {pkcs12::Scheme::aes_128_cbc, pkcs12::Scheme::aes_192_cbc, pkcs12::Scheme::aes_256_cbc,
             pkcs12::Scheme::des_ede3_cbc, pkcs12::Scheme::pbe_sha1_3des, pkcs12::Scheme::pbe_sha1_2des,
             pkcs12::Scheme::pbe_sha1_rc2_128, pkcs12::Scheme::pbe_sha1_rc2_40, pkcs12::Scheme::pbe_sha1_rc4_128,
             pkcs12::Scheme::pbe_sha1_rc4_40}) {
        SCOPED_TRACE(std::string(pkcs12::scheme_name(scheme)));
        pkcs12::WriteOptions o;
        o.cert_scheme = scheme;
        o.key_scheme = scheme;
        o.mac_hash = "SHA-1";
        o.iterations = 100;
        const auto pfx = pkcs12::write({m.cert}, m.key, o, util::SecretString("s3cret"), rng);
        const auto c = read_with(pfx, "s3cret");
        ASSERT_EQ(c.bags.size(), 2U);
        EXPECT_EQ(c.bags[0].type, pkcs12::BagType::certificate);
        EXPECT_EQ(c.bags[0].value, m.cert.der);
        EXPECT_EQ(c.bags[0].friendly_name.value_or(""), "cucm-pub");
        EXPECT_EQ(c.bags[0].local_key_id, m.cert.local_key_id);
        EXPECT_EQ(c.bags[1].type, pkcs12::BagType::shrouded_key);
        EXPECT_EQ(c.bags[1].secret, m.key.private_key_info);
        EXPECT_EQ(c.password, pkcs12::PasswordUsed::given);
        EXPECT_TRUE(c.der);
    }
}

TEST(Pkcs12RoundTrip, ProfilesAndMacs)
{
    Botan::AutoSeeded_RNG rng;
    const auto m = material();
    for (const char* profile : {"modern", "legacy"}) {
        auto o = pkcs12::profile_options(profile);
        const auto pfx = pkcs12::write({m.cert}, m.key, o, util::SecretString("pw"), rng);
        const auto c = read_with(pfx, "pw");
        EXPECT_EQ(c.mac.kind, pkcs12::MacKind::hmac);
        EXPECT_EQ(c.mac.hash, std::string(profile) == "modern" ? "SHA-256" : "SHA-1");
        EXPECT_EQ(c.bags.size(), 2U);
    }
    for (const char* mac : {"sha1", "SHA224", "sha-256", "sha384", "sha512"}) {
        auto o = pkcs12::profile_options("modern");
        o.mac_hash = pkcs12::mac_hash_from_name(mac);
        const auto c = read_with(pkcs12::write({m.cert}, std::nullopt, o, util::SecretString("pw"), rng), "pw");
        EXPECT_EQ(c.mac.hash, *o.mac_hash);
    }
    EXPECT_FALSE(pkcs12::mac_hash_from_name("none").has_value());
    EXPECT_THROW(pkcs12::mac_hash_from_name("md5"), UsageError);
    EXPECT_THROW(pkcs12::profile_options("ancient"), UsageError);
    EXPECT_THROW(pkcs12::scheme_from_name("AES-512-CBC"), UsageError);
    EXPECT_EQ(pkcs12::scheme_from_name("pbe-sha1-3des"), pkcs12::Scheme::pbe_sha1_3des);
}

// Java's PBEKey takes the characters U+0020 to U+007E and nothing else.
TEST(Pkcs12Writer, JavaAcceptsPrintableAsciiPasswordsOnly)
{
    EXPECT_TRUE(pkcs12::java_accepts_password(""));
    EXPECT_TRUE(pkcs12::java_accepts_password(" !S3cret~"));
    EXPECT_FALSE(pkcs12::java_accepts_password("tab\there"));
    EXPECT_FALSE(pkcs12::java_accepts_password("del\x7f"));
    EXPECT_FALSE(pkcs12::java_accepts_password("Gr\xc3\xbc\xc3\x9f\x65"));
}

TEST(Pkcs12Read, WrongPasswordIsAPasswordErrorBeforeDecryption)
{
    Botan::AutoSeeded_RNG rng;
    const auto m = material();
    const auto pfx
        = pkcs12::write({m.cert}, m.key, pkcs12::profile_options("modern"), util::SecretString("right"), rng);
    const auto message = test::error_message([&] { read_with(pfx, "wrong"); });
    EXPECT_EQ(message, "wrong password or corrupted file (the MAC does not match)");
    EXPECT_THROW(read_with(pfx, "wrong"), PasswordError);
    // No password at all, and nobody to ask: a usage error (exit 2).
    EXPECT_THROW(pkcs12::read(pfx, {}, {}, "t.p12", {}), MissingPasswordError);
    // Asked once, when the given ones fail.
    int asked = 0;
    const auto c = pkcs12::read(pfx, {util::SecretString("wrong")},
        [&](const std::string&) {
            ++asked;
            return std::optional<util::SecretString>("right");
        },
        "t.p12", {});
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(c.bags.size(), 2U);
}

TEST(Pkcs12Read, AbsentAndEmptyPasswordsDiffer)
{
    Botan::AutoSeeded_RNG rng;
    const auto m = material();
    const auto o = pkcs12::profile_options("legacy");
    const auto with_empty = pkcs12::write({m.cert}, std::nullopt, o, util::SecretString(), rng);
    const auto with_absent = pkcs12::write({m.cert}, std::nullopt, o, std::nullopt, rng);
    EXPECT_TRUE(pkcs12::Pfx::parse(with_empty, {}).verify_mac(util::SecretString()));
    EXPECT_FALSE(pkcs12::Pfx::parse(with_empty, {}).verify_mac(std::nullopt));
    EXPECT_TRUE(pkcs12::Pfx::parse(with_absent, {}).verify_mac(std::nullopt));
    EXPECT_FALSE(pkcs12::Pfx::parse(with_absent, {}).verify_mac(util::SecretString()));
    // Both open without asking anybody.
    EXPECT_EQ(pkcs12::read(with_empty, {}, {}, "e.p12", {}).password, pkcs12::PasswordUsed::empty);
    EXPECT_EQ(pkcs12::read(with_absent, {}, {}, "a.p12", {}).password, pkcs12::PasswordUsed::absent);
}

TEST(Pkcs12Read, UnencryptedTrustBundleNeedsNoPassword)
{
    Botan::AutoSeeded_RNG rng;
    const auto m = material();
    auto o = pkcs12::profile_options("modern");
    o.cert_scheme.reset();
    o.mac_hash.reset();
    const auto c = pkcs12::read(pkcs12::write({m.cert, m.cert}, std::nullopt, o, std::nullopt, rng), {}, {}, "t", {});
    EXPECT_EQ(c.password, pkcs12::PasswordUsed::none);
    EXPECT_EQ(c.mac.kind, pkcs12::MacKind::none);
    ASSERT_EQ(c.bags.size(), 2U);
    // Java's trusted-certificate attribute, so keytool lists them.
    const auto& attrs = c.bags[0].attributes;
    ASSERT_EQ(attrs.size(), 3U);
    EXPECT_TRUE(std::any_of(attrs.begin(), attrs.end(),
        [](const pkcs12::Attribute& a) { return a.oid == "2.16.840.1.113894.746875.1.1"; }));
    ASSERT_EQ(c.notes.size(), 1U);
    EXPECT_TRUE(test::contains(c.notes[0], "no MAC"));
}

TEST(Pkcs12Read, IterationLimits)
{
    Botan::AutoSeeded_RNG rng;
    const auto m = material();
    auto o = pkcs12::profile_options("modern");
    o.iterations = 5000;
    o.mac_iterations = 5000;
    const auto pfx = pkcs12::write({m.cert}, std::nullopt, o, util::SecretString("pw"), rng);
    pkcs12::Limits tight;
    tight.max_iterations = 4000;
    EXPECT_EQ(test::error_message([&] { read_with(pfx, "pw", tight); }),
        "the MAC asks for 5000 iterations, more than the limit of 4000 (raise it with --max-iterations if the "
        "file is trusted)");
    o.mac_hash.reset();
    const auto no_mac = pkcs12::write({m.cert}, std::nullopt, o, util::SecretString("pw"), rng);
    EXPECT_TRUE(test::contains(test::error_message([&] { read_with(no_mac, "pw", tight); }), "5000 iterations"));
    tight.max_iterations = 5000;
    EXPECT_EQ(read_with(pfx, "pw", tight).bags.size(), 1U);
}

// SafeContents nested in safeContentsBags `depth` times, around one certBag.
der::Bytes nested_pfx(std::size_t depth, const der::Bytes& cert)
{
    using test::oid;
    using test::seq;
    const auto explicit0 = [](const der::Bytes& b) { return der::tlv(0, 0xA0, b); };
    der::Bytes contents = seq({seq({oid("1.2.840.113549.1.12.10.1.3"),
        explicit0(seq({oid("1.2.840.113549.1.9.22.1"), explicit0(der::octet_string(cert))}))})});
    for (std::size_t i = 0; i < depth; ++i) {
        contents = seq({seq({oid("1.2.840.113549.1.12.10.1.6"), explicit0(contents)})});
    }
    const auto data = [&](const der::Bytes& b) {
        return seq({oid("1.2.840.113549.1.7.1"), explicit0(der::octet_string(b))});
    };
    return seq({der::small_integer(3), data(seq({data(contents)}))});
}

TEST(Pkcs12Read, NestingDepthIsBounded)
{
    const auto cert = test::forge_certificate({});
    const auto c = pkcs12::read(nested_pfx(3, cert), {}, {}, "n", {});
    ASSERT_EQ(c.bags.size(), 1U);
    EXPECT_EQ(c.bags[0].depth, 3U);
    EXPECT_EQ(c.bags[0].value, cert);
    EXPECT_TRUE(test::contains(
        test::error_message([&] { pkcs12::read(nested_pfx(9, cert), {}, {}, "n", {}); }), "nested more than 8 deep"));
}

TEST(Pkcs12Read, BagCountIsBounded)
{
    Botan::AutoSeeded_RNG rng;
    const auto m = material();
    auto o = pkcs12::profile_options("modern");
    o.cert_scheme.reset();
    const auto pfx = pkcs12::write({m.cert, m.cert, m.cert}, std::nullopt, o, util::SecretString("pw"), rng);
    pkcs12::Limits limits;
    limits.max_bags = 2;
    EXPECT_TRUE(test::contains(test::error_message([&] { read_with(pfx, "pw", limits); }), "more than 2 bags"));
}

TEST(Pkcs12Read, TruncationAndGarbageAreInputErrors)
{
    Botan::AutoSeeded_RNG rng;
    const auto m = material();
    const auto pfx = pkcs12::write({m.cert}, m.key, pkcs12::profile_options("modern"), util::SecretString("pw"), rng);
    for (std::size_t cut = 0; cut < pfx.size(); cut += 97) {
        const der::Bytes truncated(pfx.begin(), pfx.begin() + static_cast<std::ptrdiff_t>(cut));
        EXPECT_THROW(read_with(truncated, "pw"), InputError) << cut;
    }
}

} // namespace
} // namespace pkitool
