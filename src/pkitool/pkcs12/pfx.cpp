#include "pkitool/pkcs12/pfx.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/der/reader.hpp"
#include "pkitool/der/strict.hpp"
#include "pkitool/error.hpp"

#include <botan/mem_ops.h>

#include <algorithm>

namespace pkitool::pkcs12 {

namespace {

namespace oid {
constexpr std::string_view data = "1.2.840.113549.1.7.1";
constexpr std::string_view signed_data = "1.2.840.113549.1.7.2";
constexpr std::string_view enveloped_data = "1.2.840.113549.1.7.3";
constexpr std::string_view encrypted_data = "1.2.840.113549.1.7.6";
constexpr std::string_view pbmac1 = "1.2.840.113549.1.5.14";
constexpr std::string_view key_bag = "1.2.840.113549.1.12.10.1.1";
constexpr std::string_view shrouded_key_bag = "1.2.840.113549.1.12.10.1.2";
constexpr std::string_view cert_bag = "1.2.840.113549.1.12.10.1.3";
constexpr std::string_view crl_bag = "1.2.840.113549.1.12.10.1.4";
constexpr std::string_view secret_bag = "1.2.840.113549.1.12.10.1.5";
constexpr std::string_view safe_contents_bag = "1.2.840.113549.1.12.10.1.6";
constexpr std::string_view friendly_name = "1.2.840.113549.1.9.20";
constexpr std::string_view local_key_id = "1.2.840.113549.1.9.21";
} // namespace oid

// The next element, an OCTET STRING in either form.
der::Element next_octet_string(der::Reader& r, const std::string& field)
{
    auto e = r.next(field);
    if (!e.is_universal(der::tag::octet_string)) {
        throw InputError(e.path() + ": expected an OCTET STRING, found " + e.tag_name());
    }
    return e;
}

// The octets of an OCTET STRING, also in BER's constructed (chunked) form.
der::Bytes octets(const der::Element& e, int depth = 0)
{
    if (!e.constructed()) {
        return e.contents();
    }
    if (depth > 8) {
        throw InputError(e.path() + ": OCTET STRING chunks nested too deeply");
    }
    der::Bytes out;
    auto r = e.children();
    while (r.more()) {
        const auto chunk = r.next("chunk");
        if (!chunk.is_universal(der::tag::octet_string)) {
            throw InputError(chunk.path() + ": expected an OCTET STRING chunk, found " + chunk.tag_name());
        }
        const auto part = octets(chunk, depth + 1);
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

std::string hash_label(const std::string& hash)
{
    // "SHA-3(256)" -> "SHA3-256", "SHA-256" -> "SHA256" as in "HMAC-SHA256".
    if (hash.rfind("SHA-3(", 0) == 0) {
        return "SHA3-" + hash.substr(6, hash.size() - 7);
    }
    std::string out;
    for (std::size_t i = 0; i < hash.size(); ++i) {
        if (!(hash[i] == '-' && i == 3 && hash.rfind("SHA", 0) == 0)) {
            out += hash[i];
        }
    }
    return out;
}

std::string unsupported_name(const std::string& dotted)
{
    const std::string name = der::oid_name(dotted);
    return name == dotted ? dotted : name + " (" + dotted + ")";
}

bool equal_mac(const Botan::secure_vector<std::uint8_t>& computed, const der::Bytes& expected)
{
    return computed.size() == expected.size()
        && Botan::constant_time_compare(computed.data(), expected.data(), computed.size());
}

Attribute read_attribute(const der::Element& element)
{
    auto r = element.children();
    Attribute a;
    a.oid = r.next("attrId").oid();
    auto values = r.next(der::tag::set, "attrValues").children();
    while (values.more()) {
        a.values.push_back(values.next("value").encoded());
    }
    return a;
}

class BagReader {
public:
    BagReader(const Limits& limits, std::vector<Bag>& out) : m_limits(limits), m_out(out) { }

    // Reads a SafeContents (SEQUENCE OF SafeBag).
    void safe_contents(std::span<const std::uint8_t> data, std::size_t content, const std::string& path)
    {
        der::Reader top(data, path);
        const auto seq = top.next(der::tag::sequence, "SafeContents");
        top.end();
        bags(seq, content, 0);
    }

    std::size_t count() const { return m_out.size(); }

private:
    void bags(const der::Element& safe_contents, std::size_t content, std::size_t depth)
    {
        if (depth > m_limits.max_depth) {
            throw InputError("safeContentsBags nested more than " + std::to_string(m_limits.max_depth) + " deep");
        }
        auto r = safe_contents.children();
        while (r.more()) {
            if (m_out.size() >= m_limits.max_bags) {
                throw InputError("more than " + std::to_string(m_limits.max_bags) + " bags");
            }
            bag(r.next(der::tag::sequence, "SafeBag"), content, depth);
        }
    }

    void bag(const der::Element& element, std::size_t content, std::size_t depth)
    {
        auto r = element.children();
        Bag bag;
        bag.content = content;
        bag.depth = depth;
        bag.type_oid = r.next("bagId").oid();
        const auto wrapper = r.next_if_context(0, "bagValue");
        if (!wrapper) {
            throw InputError(element.path() + ": SafeBag has no bagValue");
        }
        auto inner_reader = wrapper->children();
        const auto inner = inner_reader.next("bagValue");
        if (auto attributes = r.next_if_universal(der::tag::set, "bagAttributes")) {
            auto a = attributes->children();
            while (a.more()) {
                bag.attributes.push_back(read_attribute(a.next(der::tag::sequence, "attribute")));
                attribute_shortcuts(bag, bag.attributes.back());
            }
        }
        r.end();

        if (bag.type_oid == oid::safe_contents_bag) {
            bags(inner, content, depth + 1);
            return;
        }
        if (bag.type_oid == oid::key_bag) {
            bag.type = BagType::key;
            const auto encoded = inner.encoded();
            bag.secret.assign(encoded.begin(), encoded.end());
        } else if (bag.type_oid == oid::shrouded_key_bag) {
            bag.type = BagType::shrouded_key;
            bag.value = inner.encoded();
            bag.encryption = describe(inner.children().next(der::tag::sequence, "encryptionAlgorithm"));
        } else if (bag.type_oid == oid::cert_bag || bag.type_oid == oid::crl_bag) {
            bag.type = bag.type_oid == oid::cert_bag ? BagType::certificate : BagType::crl;
            auto c = inner.children();
            bag.value_type_oid = c.next("certId").oid();
            const auto value = c.next_if_context(0, "certValue");
            if (!value) {
                throw InputError(inner.path() + ": missing [0] value");
            }
            const auto v = value->children().next("value");
            bag.value = v.is_universal(der::tag::octet_string) ? octets(v) : v.contents();
        } else if (bag.type_oid == oid::secret_bag) {
            bag.type = BagType::secret;
            auto c = inner.children();
            bag.value_type_oid = c.next("secretTypeId").oid();
            const auto value = c.next_if_context(0, "secretValue");
            if (!value) {
                throw InputError(inner.path() + ": missing [0] secretValue");
            }
            const auto encoded = value->children().next("value").encoded();
            bag.secret.assign(encoded.begin(), encoded.end());
        } else {
            bag.type = BagType::unknown;
            bag.value = inner.encoded();
        }
        m_out.push_back(std::move(bag));
    }

    static void attribute_shortcuts(Bag& bag, const Attribute& a)
    {
        if (a.values.empty()) {
            return;
        }
        der::Reader v(a.values.front(), "attribute");
        const auto value = v.next("value");
        if (a.oid == oid::friendly_name) {
            bag.friendly_name = value.text();
        } else if (a.oid == oid::local_key_id && value.is_universal(der::tag::octet_string)) {
            bag.local_key_id = value.contents();
        }
    }

    const Limits& m_limits;
    std::vector<Bag>& m_out;
};

} // namespace

std::string_view bag_type_name(BagType type)
{
    switch (type) {
    case BagType::key: return "keyBag";
    case BagType::shrouded_key: return "pkcs8ShroudedKeyBag";
    case BagType::certificate: return "certBag";
    case BagType::crl: return "crlBag";
    case BagType::secret: return "secretBag";
    case BagType::unknown: return "unknown bag";
    }
    return "?";
}

Pfx Pfx::parse(std::span<const std::uint8_t> data, const Limits& limits)
{
    Pfx pfx;
    pfx.m_limits = limits;
    der::Reader top(data, "");
    auto r = top.next(der::tag::sequence, "PFX").children();
    top.end();
    const auto version = r.next(der::tag::integer, "version").integer();
    if (version != 3) {
        throw InputError("PFX version " + version.to_dec_string() + " is not supported (only version 3)");
    }
    auto auth_safe = r.next(der::tag::sequence, "authSafe").children();
    const auto type = auth_safe.next("contentType").oid();
    if (type == oid::signed_data) {
        throw InputError("the file uses public-key integrity mode (signedData), which pkitool does not support");
    }
    if (type != oid::data) {
        throw InputError("authSafe content type " + unsupported_name(type) + " is not supported");
    }
    const auto wrapped = auth_safe.next_if_context(0, "content");
    if (!wrapped) {
        throw InputError("authSafe has no content");
    }
    auto wrapped_reader = wrapped->children();
    pfx.m_auth_safe = octets(next_octet_string(wrapped_reader, "data"));

    if (auto mac_data = r.next_if_universal(der::tag::sequence, "macData")) {
        auto m = mac_data->children();
        auto digest_info = m.next(der::tag::sequence, "mac").children();
        const auto algorithm = digest_info.next(der::tag::sequence, "digestAlgorithm");
        pfx.m_mac_algorithm = algorithm.encoded();
        pfx.m_mac_value = digest_info.next(der::tag::octet_string, "digest").contents();
        pfx.m_mac_salt = m.next(der::tag::octet_string, "macSalt").contents();
        Botan::BigInt iterations(1);
        if (auto it = m.next_if_universal(der::tag::integer, "iterations")) {
            iterations = it->integer();
        }
        const auto mac_oid = algorithm.children().next("algorithm").oid();
        if (mac_oid == oid::pbmac1) {
            pfx.m_mac.kind = MacKind::pbmac1;
            auto params = algorithm.children();
            params.next("algorithm");
            auto p = params.next(der::tag::sequence, "PBMAC1-params").children();
            const auto kdf = p.next(der::tag::sequence, "keyDerivationFunc");
            const auto scheme_oid = p.next(der::tag::sequence, "messageAuthScheme").children().next("algorithm").oid();
            pfx.m_mac.hash = hash_for_oid(scheme_oid);
            if (pfx.m_mac.hash.empty()) {
                throw InputError("the PBMAC1 MAC " + unsupported_name(scheme_oid) + " is not supported");
            }
            pfx.m_mac.description = "PBMAC1: HMAC-" + hash_label(pfx.m_mac.hash) + ", " + describe_kdf(kdf);
        } else {
            pfx.m_mac.kind = MacKind::hmac;
            pfx.m_mac.hash = hash_for_oid(mac_oid);
            if (pfx.m_mac.hash.empty()) {
                throw InputError("the MAC digest " + unsupported_name(mac_oid) + " is not supported");
            }
            check_iterations(iterations, limits, "the MAC");
            pfx.m_mac.iterations = compat::to_u32(iterations);
            pfx.m_mac.description = "HMAC-" + hash_label(pfx.m_mac.hash) + ", PKCS#12 KDF, "
                + std::to_string(pfx.m_mac.iterations) + " iterations, " + std::to_string(pfx.m_mac_salt.size())
                + "-byte salt";
        }
    }
    r.end();

    try {
        pfx.m_der = !der::first_non_der_byte(data).has_value();
    } catch (const Error&) {
        pfx.m_der = false;
    }

    // AuthenticatedSafe ::= SEQUENCE OF ContentInfo
    der::Reader safe(pfx.m_auth_safe, "authSafe");
    auto contents = safe.next(der::tag::sequence, "AuthenticatedSafe").children();
    safe.end();
    while (contents.more()) {
        if (pfx.m_contents.size() >= limits.max_bags) {
            throw InputError("more than " + std::to_string(limits.max_bags) + " contents");
        }
        auto info = contents.next(der::tag::sequence, "ContentInfo").children();
        RawContent raw;
        raw.type_oid = info.next("contentType").oid();
        const auto content = info.next_if_context(0, "content");
        if (raw.type_oid == oid::data) {
            raw.kind = ContentKind::data;
            if (!content) {
                throw InputError("a data content has no content");
            }
            auto data_reader = content->children();
            raw.payload = octets(next_octet_string(data_reader, "data"));
        } else if (raw.type_oid == oid::encrypted_data) {
            raw.kind = ContentKind::encrypted_data;
            if (!content) {
                throw InputError("an encryptedData content has no content");
            }
            auto ed = content->children().next(der::tag::sequence, "EncryptedData").children();
            ed.next(der::tag::integer, "version");
            auto eci = ed.next(der::tag::sequence, "encryptedContentInfo").children();
            eci.next("contentType").oid();
            const auto algorithm = eci.next(der::tag::sequence, "contentEncryptionAlgorithm");
            raw.algorithm = algorithm.encoded();
            if (auto encrypted = eci.next_if_context(0, "encryptedContent")) {
                raw.payload = octets(*encrypted);
            }
        } else if (raw.type_oid == oid::enveloped_data) {
            raw.kind = ContentKind::enveloped_data;
        } else {
            raw.kind = ContentKind::other;
        }
        pfx.m_contents.push_back(std::move(raw));
    }
    return pfx;
}

bool Pfx::needs_password() const
{
    return m_mac.kind != MacKind::none || std::any_of(m_contents.begin(), m_contents.end(), [](const RawContent& c) {
        return c.kind == ContentKind::encrypted_data;
    });
}

bool Pfx::verify_mac(const Password& password) const
{
    der::Reader r(m_mac_algorithm, "macData.mac.digestAlgorithm");
    const auto algorithm = r.next("digestAlgorithm");
    if (m_mac.kind == MacKind::hmac) {
        return equal_mac(pkcs12::mac(m_mac.hash, password, m_mac_salt, m_mac.iterations, m_auth_safe), m_mac_value);
    }
    if (m_mac.kind == MacKind::pbmac1) {
        auto params = algorithm.children();
        params.next("algorithm");
        auto p = params.next(der::tag::sequence, "PBMAC1-params").children();
        const auto kdf = p.next(der::tag::sequence, "keyDerivationFunc");
        const auto key = derive_kdf_key(kdf, std::nullopt, password, m_limits);
        return equal_mac(hmac(m_mac.hash, key, m_auth_safe), m_mac_value);
    }
    return true;
}

Contents Pfx::open(const Password& password) const
{
    Contents out;
    out.der = m_der;
    out.mac = m_mac;
    if (m_mac.kind == MacKind::none) {
        out.notes.emplace_back("the file has no MAC: nothing proves it was not altered");
    }
    BagReader reader(m_limits, out.bags);
    for (std::size_t i = 0; i < m_contents.size(); ++i) {
        const auto& raw = m_contents[i];
        ContentSummary summary;
        summary.kind = raw.kind;
        summary.type_oid = raw.type_oid;
        const std::size_t before = reader.count();
        const std::string path = "authSafe content " + std::to_string(i + 1);
        if (raw.kind == ContentKind::data) {
            reader.safe_contents(raw.payload, i, path);
        } else if (raw.kind == ContentKind::encrypted_data) {
            der::Reader a(raw.algorithm, path);
            const auto algorithm = a.next("contentEncryptionAlgorithm");
            summary.encryption = describe(algorithm);
            if (!raw.payload.empty()) {
                const auto plain = decrypt(algorithm, raw.payload, password, m_limits);
                try {
                    reader.safe_contents(plain, i, path);
                } catch (const InputError&) {
                    // Padding can come out right by chance under a wrong password.
                    throw PasswordError("wrong password or corrupted file");
                }
            }
        } else if (raw.kind == ContentKind::enveloped_data) {
            out.notes.push_back(path + " is public-key encrypted (envelopedData); pkitool cannot open it");
        } else {
            out.notes.push_back(path + " has content type " + unsupported_name(raw.type_oid) + "; not read");
        }
        summary.bags = reader.count() - before;
        out.contents.push_back(std::move(summary));
    }
    for (auto& bag : out.bags) {
        if (bag.type != BagType::shrouded_key) {
            continue;
        }
        try {
            bag.secret = decrypt_private_key_info(bag.value, password, m_limits);
        } catch (const PasswordError&) {
            throw PasswordError("wrong password or corrupted file");
        }
    }
    return out;
}

namespace {

// OpenSSL 1.0.x turned a password into a BMPString one octet at a time, so
// a UTF-8 password's octets each became a character: the same as reading
// the octets as Latin-1. This is that reading, as UTF-8 again, so that the
// normal BMP encoding of the result gives OpenSSL 1.0's bytes. Nothing for
// an ASCII password, which both encode alike.
std::optional<util::SecretString> openssl1_password(const util::SecretString& password)
{
    const bool ascii = std::all_of(password.begin(), password.end(), [](char c) { return (c & 0x80) == 0; });
    if (ascii) {
        return std::nullopt;
    }
    util::SecretString out;
    for (const char c : password) {
        const auto b = static_cast<std::uint8_t>(c);
        if (b < 0x80) {
            out += c;
        } else {
            out += static_cast<char>(0xC0 | (b >> 6));
            out += static_cast<char>(0x80 | (b & 0x3F));
        }
    }
    return out;
}

} // namespace

Contents read(std::span<const std::uint8_t> data, const std::vector<util::SecretString>& candidates,
    const util::PasswordSource& ask, const std::string& what, const Limits& limits)
{
    const Pfx pfx = Pfx::parse(data, limits);
    if (!pfx.needs_password()) {
        // Unless a shrouded key sits in the plain contents.
        try {
            Contents out = pfx.open(std::nullopt);
            out.password = PasswordUsed::none;
            return out;
        } catch (const PasswordError&) {
        }
    }
    // Without a MAC the only test of a password is decrypting with it.
    const auto opens = [&pfx](const Password& password) -> std::optional<Contents> {
        if (pfx.mac().kind != MacKind::none) {
            if (!pfx.verify_mac(password)) {
                return std::nullopt;
            }
            return pfx.open(password);
        }
        try {
            return pfx.open(password);
        } catch (const PasswordError&) {
            return std::nullopt;
        }
    };
    const auto finish = [](Contents c, PasswordUsed used, std::size_t candidate = 0) {
        c.password = used;
        c.candidate = candidate;
        return c;
    };
    // The given passwords first: each try costs a key derivation.
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (auto c = opens(candidates[i])) {
            return finish(std::move(*c), PasswordUsed::given, i);
        }
    }
    if (auto c = opens(std::nullopt)) {
        return finish(std::move(*c), PasswordUsed::absent);
    }
    if (auto c = opens(util::SecretString())) {
        return finish(std::move(*c), PasswordUsed::empty);
    }
    std::optional<util::SecretString> asked;
    if (ask) {
        asked = ask(what);
    }
    if (asked) {
        if (auto c = opens(*asked)) {
            return finish(std::move(*c), PasswordUsed::given, candidates.size());
        }
    }
    // Files from OpenSSL 1.0.x with a non-ASCII password (OpenSSL 3 retries
    // the same way).
    for (std::size_t i = 0; i <= candidates.size(); ++i) {
        const util::SecretString* given = i < candidates.size() ? &candidates[i] : (asked ? &*asked : nullptr);
        if (given == nullptr) {
            continue;
        }
        if (const auto legacy = openssl1_password(*given)) {
            if (auto c = opens(*legacy)) {
                return finish(std::move(*c), PasswordUsed::given_openssl1, i);
            }
        }
    }
    if (!asked && candidates.empty()) {
        throw MissingPasswordError("needs a password (give it with --pass-file or --pass-env, or run on a terminal)");
    }
    throw PasswordError(pfx.mac().kind != MacKind::none ? "wrong password or corrupted file (the MAC does not match)"
                                                        : "wrong password or corrupted file");
}

} // namespace pkitool::pkcs12
