#include "pkitool/pkcs12/writer.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"

#include <algorithm>
#include <array>

namespace pkitool::pkcs12 {

namespace {

constexpr std::string_view k_data = "1.2.840.113549.1.7.1";
constexpr std::string_view k_encrypted_data = "1.2.840.113549.1.7.6";
constexpr std::string_view k_shrouded_key_bag = "1.2.840.113549.1.12.10.1.2";
constexpr std::string_view k_cert_bag = "1.2.840.113549.1.12.10.1.3";
constexpr std::string_view k_friendly_name = "1.2.840.113549.1.9.20";
constexpr std::string_view k_local_key_id = "1.2.840.113549.1.9.21";
constexpr std::string_view k_oracle_trusted_key_usage = "2.16.840.1.113894.746875.1.1";

struct MacName {
    std::string_view name;
    std::string_view hash;
    std::string_view oid;
};

constexpr std::array k_macs = {
    MacName{"SHA1", "SHA-1", "1.3.14.3.2.26"},
    MacName{"SHA224", "SHA-224", "2.16.840.1.101.3.4.2.4"},
    MacName{"SHA256", "SHA-256", "2.16.840.1.101.3.4.2.1"},
    MacName{"SHA384", "SHA-384", "2.16.840.1.101.3.4.2.2"},
    MacName{"SHA512", "SHA-512", "2.16.840.1.101.3.4.2.3"},
};

der::Bytes oid(std::string_view dotted)
{
    return der::object_identifier(std::string(dotted));
}

der::Bytes explicit0(const der::Bytes& inner)
{
    return der::tlv(0, 0xA0, inner);
}

der::Bytes bmp_string(std::string_view text)
{
    // The BMPString of a UTF-8 string: the password encoding without its
    // terminating 00 00.
    const auto encoded = bmp_password(util::SecretString(text.begin(), text.end()));
    return der::tlv(30, 0, der::Bytes(encoded.begin(), encoded.end() - 2));
}

der::Bytes attributes(const std::optional<std::string>& friendly_name, const der::Bytes& local_key_id, bool trusted)
{
    std::vector<der::Bytes> attrs;
    if (friendly_name) {
        attrs.push_back(der::sequence({oid(k_friendly_name), der::set({bmp_string(*friendly_name)})}));
    }
    if (!local_key_id.empty()) {
        attrs.push_back(der::sequence({oid(k_local_key_id), der::set({der::octet_string(local_key_id)})}));
    }
    if (trusted) {
        attrs.push_back(
            der::sequence({oid(k_oracle_trusted_key_usage), der::set({oid(der::oid::any_extended_key_usage)})}));
    }
    return attrs.empty() ? der::Bytes{} : der::set(attrs);
}

der::Bytes safe_bag(std::string_view bag_id, const der::Bytes& value, const der::Bytes& attrs)
{
    std::vector<der::Bytes> parts = {oid(bag_id), explicit0(value)};
    if (!attrs.empty()) {
        parts.push_back(attrs);
    }
    return der::sequence(parts);
}

der::Bytes data_content(const der::Bytes& safe_contents)
{
    return der::sequence({oid(k_data), explicit0(der::octet_string(safe_contents))});
}

der::Bytes encrypted_content(const Encrypted& e)
{
    // EncryptedData { version 0, EncryptedContentInfo { data, algorithm, [0] IMPLICIT ciphertext } }
    const der::Bytes info = der::sequence({oid(k_data), e.algorithm, der::tlv(0, 0x80, e.ciphertext)});
    return der::sequence({oid(k_encrypted_data), explicit0(der::sequence({der::small_integer(0), info}))});
}

std::string upper_alnum(std::string_view name)
{
    std::string out;
    for (const char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

} // namespace

WriteOptions profile_options(std::string_view profile)
{
    WriteOptions o;
    if (profile == "modern") {
        return o;
    }
    if (profile == "legacy") {
        o.cert_scheme = Scheme::pbe_sha1_rc2_40;
        o.key_scheme = Scheme::pbe_sha1_3des;
        o.mac_hash = "SHA-1";
        return o;
    }
    throw UsageError("unknown PKCS#12 profile \"" + std::string(profile) + "\" (one of: modern, legacy)");
}

std::optional<std::string> mac_hash_from_name(std::string_view name)
{
    const std::string wanted = upper_alnum(name);
    if (wanted == "NONE") {
        return std::nullopt;
    }
    std::string names;
    for (const auto& m : k_macs) {
        if (wanted == m.name) {
            return std::string(m.hash);
        }
        names += std::string(m.name) + ", ";
    }
    throw UsageError("unknown MAC \"" + std::string(name) + "\" (one of: " + names + "none)");
}

std::vector<std::string> weaknesses(const WriteOptions& options, bool has_key)
{
    std::vector<std::string> out;
    if (has_key && !scheme_weakness(options.key_scheme).empty()) {
        out.push_back("the key is encrypted with " + std::string(scheme_name(options.key_scheme)) + ": "
            + std::string(scheme_weakness(options.key_scheme)));
    }
    if (options.cert_scheme && !scheme_weakness(*options.cert_scheme).empty()) {
        out.push_back("the certificates are encrypted with " + std::string(scheme_name(*options.cert_scheme)) + ": "
            + std::string(scheme_weakness(*options.cert_scheme)));
    }
    if (options.mac_hash && *options.mac_hash == "SHA-1") {
        out.emplace_back("the MAC uses SHA-1, which only old importers need");
    }
    if (!options.mac_hash) {
        out.emplace_back("there is no MAC: nothing will show if the file is altered");
    }
    return out;
}

bool java_accepts_password(std::string_view password)
{
    return std::all_of(password.begin(), password.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

der::Bytes write(const std::vector<CertEntry>& certificates, const std::optional<KeyEntry>& key,
    const WriteOptions& options, const Password& password, Botan::RandomNumberGenerator& rng)
{
    std::vector<der::Bytes> cert_bags;
    for (const auto& c : certificates) {
        const der::Bytes cert_bag
            = der::sequence({oid(der::oid::pkcs9_x509_certificate), explicit0(der::octet_string(c.der))});
        const bool trusted = options.java_trusted && !key;
        cert_bags.push_back(safe_bag(k_cert_bag, cert_bag, attributes(c.friendly_name, c.local_key_id, trusted)));
    }
    std::vector<der::Bytes> contents;
    if (!cert_bags.empty()) {
        const der::Bytes safe_contents = der::sequence(cert_bags);
        if (options.cert_scheme) {
            contents.push_back(
                encrypted_content(encrypt(*options.cert_scheme, options.iterations, safe_contents, password, rng)));
        } else {
            contents.push_back(data_content(safe_contents));
        }
    }
    if (key) {
        const auto e = encrypt(options.key_scheme, options.iterations, key->private_key_info, password, rng);
        const der::Bytes epki = der::sequence({e.algorithm, der::octet_string(e.ciphertext)});
        const der::Bytes bag
            = safe_bag(k_shrouded_key_bag, epki, attributes(key->friendly_name, key->local_key_id, false));
        contents.push_back(data_content(der::sequence({bag})));
    }
    const der::Bytes auth_safe = der::sequence(contents);
    std::vector<der::Bytes> pfx = {der::small_integer(3), data_content(auth_safe)};

    if (options.mac_hash) {
        const MacName* mac_name = nullptr;
        for (const auto& m : k_macs) {
            if (m.hash == *options.mac_hash) {
                mac_name = &m;
            }
        }
        if (mac_name == nullptr) {
            throw UsageError("pkitool does not write a " + *options.mac_hash + " MAC");
        }
        const auto salt = rng.random_vec(16);
        const auto value = mac(*options.mac_hash, password, salt, options.mac_iterations, auth_safe);
        const der::Bytes digest_info = der::sequence({der::sequence({oid(mac_name->oid), der::tlv(5, 0, {})}),
            der::octet_string(der::Bytes(value.begin(), value.end()))});
        pfx.push_back(der::sequence({digest_info, der::octet_string(der::Bytes(salt.begin(), salt.end())),
            der::small_integer(options.mac_iterations)}));
    }
    return der::sequence(pfx);
}

} // namespace pkitool::pkcs12
