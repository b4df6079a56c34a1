#include "pkitool/load/input.hpp"

#include "pkitool/der/botan_message.hpp"
#include "pkitool/itl/itl.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/der/reader.hpp"
#include "pkitool/der/strict.hpp"
#include "pkitool/load/pem.hpp"
#include "pkitool/pkcs12/pfx.hpp"
#include "pkitool/util/archive.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/hex.hpp"

#include <botan/exceptn.h>

#include <algorithm>

namespace pkitool::load {

std::string_view kind_name(Kind kind)
{
    switch (kind) {
    case Kind::certificate: return "certificate";
    case Kind::csr: return "certificate request";
    case Kind::pkcs7: return "PKCS#7 bundle";
    case Kind::certificate_sequence: return "sequence of certificates";
    case Kind::private_key: return "private key";
    case Kind::encrypted_private_key: return "encrypted private key";
    case Kind::rsa_private_key: return "RSA private key";
    case Kind::ec_private_key: return "EC private key";
    case Kind::public_key: return "public key";
    case Kind::rsa_public_key: return "RSA public key";
    case Kind::ec_parameters: return "EC parameters";
    case Kind::pkcs12: return "PKCS#12";
    case Kind::dsa_private_key: return "DSA private key";
    case Kind::crl: return "CRL";
    case Kind::ocsp_request: return "OCSP request";
    case Kind::ocsp_response: return "OCSP response";
    case Kind::certificate_pair: return "certificate pair";
    case Kind::dsa_parameters: return "DSA parameters";
    case Kind::dh_parameters: return "DH parameters";
    case Kind::ec_explicit_parameters: return "EC parameters (explicit)";
    case Kind::unknown: return "unknown";
    }
    return "unknown";
}

std::string Origin::to_string() const
{
    std::string out = file == "-" ? std::string("<stdin>") : file;
    if (line) {
        out += ":" + std::to_string(*line);
    }
    if (bundle_index) {
        out += " (bundle item " + std::to_string(*bundle_index + 1) + ")";
    }
    return out;
}

namespace {

// Every object pkitool reads is a SEQUENCE, but for ECParameters, an
// OBJECT IDENTIFIER: other data is none of them, whatever it holds.
bool may_be_object(std::span<const std::uint8_t> data)
{
    return !data.empty() && (data[0] == 0x30 || data[0] == 0x06);
}

bool is_time(const der::Element& e)
{
    return e.is_universal(der::tag::utc_time) || e.is_universal(der::tag::generalized_time);
}

// The shape of a SIGNED{...} structure's to-be-signed part.
Kind sniff_signed(const der::Element& tbs)
{
    std::vector<der::Element> t;
    auto r = tbs.children();
    if (!r.more()) {
        return Kind::unknown;
    }
    // A certificate's [0] version comes first: decided without reading on.
    t.push_back(r.next("field"));
    if (t[0].is_context(0) && t[0].constructed()) {
        return Kind::certificate;
    }
    while (r.more() && t.size() < 8) {
        t.push_back(r.next("field"));
    }
    if (t.size() >= 3 && t.size() <= 4 && t[0].is_universal(der::tag::integer) && t[1].is_universal(der::tag::sequence)
        && t[2].is_universal(der::tag::sequence) && (t.size() == 3 || t[3].is_context(0))) {
        return Kind::csr;
    }
    const std::size_t first_time = t[0].is_universal(der::tag::integer) ? 3 : 2;
    if (t.size() > first_time && is_time(t[first_time])) {
        return Kind::crl;
    }
    if (t.size() >= 6 && t[0].is_universal(der::tag::integer) && t[3].is_universal(der::tag::sequence)) {
        return Kind::certificate; // version 1: no [0] version field
    }
    return Kind::unknown;
}

// SEQUENCE { SEQUENCE tbsCertificate, SEQUENCE algorithm, BIT STRING }
// whose first part looks like a TBSCertificate; one level only, so hostile
// nesting costs nothing.
bool is_certificate_shaped(const der::Element& e)
{
    if (!e.is_universal(der::tag::sequence) || !e.constructed()) {
        return false;
    }
    std::vector<der::Element> parts;
    auto r = e.children();
    while (r.more() && parts.size() < 4) {
        parts.push_back(r.next("field"));
    }
    return parts.size() == 3 && parts[0].is_universal(der::tag::sequence) && parts[0].constructed()
        && parts[1].is_universal(der::tag::sequence) && parts[2].is_universal(der::tag::bit_string)
        && sniff_signed(parts[0]) == Kind::certificate;
}

bool is_cms_content_type(const std::string& oid)
{
    return oid.starts_with("1.2.840.113549.1.7.") || oid.starts_with("1.2.840.113549.1.9.16.1.");
}

// OCSPRequest ::= SEQUENCE { tbsRequest SEQUENCE { [0] version?, [1]
// requestorName?, requestList SEQUENCE OF Request, [2] ext? }, [0] sig? }
// where Request ::= SEQUENCE { reqCert CertID SEQUENCE { AlgId, OCTET
// STRING, OCTET STRING, INTEGER }, ... }.
bool is_ocsp_request(const std::vector<der::Element>& c)
{
    if (c.empty() || c.size() > 2 || !c[0].is_universal(der::tag::sequence) || (c.size() == 2 && !c[1].is_context(0))) {
        return false;
    }
    auto tbs = c[0].children();
    while (tbs.more()) {
        const auto e = tbs.next("field");
        if (e.cls() == der::Class::context) {
            continue;
        }
        if (!e.is_universal(der::tag::sequence)) {
            return false;
        }
        auto list = e.children();
        if (!list.more()) {
            return false;
        }
        auto request = list.next("Request").children();
        auto cert_id = request.next(der::tag::sequence, "reqCert").children();
        cert_id.next(der::tag::sequence, "hashAlgorithm");
        return cert_id.next("issuerNameHash").is_universal(der::tag::octet_string);
    }
    return false;
}

Kind sniff_sequence(const der::Element& outer, std::string_view label)
{
    std::vector<der::Element> c;
    auto r = outer.children();
    while (r.more() && c.size() < 12) {
        c.push_back(r.next("field"));
    }
    if (c.empty()) {
        return Kind::unknown;
    }
    const auto& first = c[0];
    if (first.is_universal(der::tag::oid)) {
        return is_cms_content_type(first.oid()) ? Kind::pkcs7 : Kind::unknown;
    }
    // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, [0] responseBytes OPTIONAL }
    if (first.is_universal(10) && c.size() <= 2 && (c.size() == 1 || c[1].is_context(0))) {
        return Kind::ocsp_response;
    }
    // CertificatePair ::= SEQUENCE { forward [0] Certificate OPTIONAL, reverse [1] Certificate OPTIONAL }
    if (c.size() <= 2 && std::all_of(c.begin(), c.end(), [](const der::Element& e) {
            return (e.is_context(0) || e.is_context(1)) && e.constructed();
        })) {
        return Kind::certificate_pair;
    }
    if (is_ocsp_request(c)) {
        return Kind::ocsp_request;
    }
    if (first.is_universal(der::tag::integer) && c.size() >= 2) {
        const auto& version = first.contents();
        const bool v0_or_v1 = version == std::vector<std::uint8_t>{0} || version == std::vector<std::uint8_t>{1};
        const bool all_integers
            = std::all_of(c.begin(), c.end(), [](const der::Element& e) { return e.is_universal(der::tag::integer); });
        const bool dh_label = label == "DH PARAMETERS" || label == "X9.42 DH PARAMETERS";
        if (all_integers && dh_label && c.size() <= 5) {
            return Kind::dh_parameters;
        }
        if (c.size() == 2 && c[1].is_universal(der::tag::integer)) {
            return Kind::rsa_public_key;
        }
        // DSAPrivateKey (OpenSSL): version 0, p, q, g, y, x; Dss-Parms: p, q, g.
        if (all_integers && c.size() == 6 && version == std::vector<std::uint8_t>{0}) {
            return Kind::dsa_private_key;
        }
        if (all_integers && c.size() == 3) {
            return Kind::dsa_parameters;
        }
        // ECParameters (explicit): version 1, fieldID, curve, base, order, cofactor?
        if (version == std::vector<std::uint8_t>{1} && c.size() >= 5 && c[1].is_universal(der::tag::sequence)
            && c[2].is_universal(der::tag::sequence) && c[3].is_universal(der::tag::octet_string)) {
            return Kind::ec_explicit_parameters;
        }
        if (c[1].is_universal(der::tag::sequence) && version == std::vector<std::uint8_t>{3}) {
            return Kind::pkcs12;
        }
        if (v0_or_v1 && c.size() >= 3 && c[1].is_universal(der::tag::sequence)
            && c[2].is_universal(der::tag::octet_string)) {
            return Kind::private_key;
        }
        // ECPrivateKey: version 1, the secret, then only [0] and [1].
        if (version == std::vector<std::uint8_t>{1} && c[1].is_universal(der::tag::octet_string)
            && std::all_of(
                c.begin() + 2, c.end(), [](const der::Element& e) { return e.is_context(0) || e.is_context(1); })) {
            return Kind::ec_private_key;
        }
        if (v0_or_v1 && c.size() >= 9 && all_integers) {
            return Kind::rsa_private_key;
        }
        return Kind::unknown;
    }
    if (std::all_of(c.begin(), c.end(), is_certificate_shaped)) {
        return Kind::certificate_sequence;
    }
    if (first.is_universal(der::tag::sequence)) {
        if (c.size() == 2 && c[1].is_universal(der::tag::bit_string)) {
            return Kind::public_key;
        }
        if (c.size() == 2 && c[1].is_universal(der::tag::octet_string)) {
            return Kind::encrypted_private_key;
        }
        if (c.size() == 3 && c[1].is_universal(der::tag::sequence) && c[2].is_universal(der::tag::bit_string)) {
            return sniff_signed(first);
        }
    }
    return Kind::unknown;
}

bool starts_with(std::span<const std::uint8_t> data, std::initializer_list<std::uint8_t> magic)
{
    return data.size() >= magic.size() && std::equal(magic.begin(), magic.end(), data.begin());
}

std::string header_value(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& key)
{
    for (const auto& [k, v] : headers) {
        if (k == key) {
            return v;
        }
    }
    return {};
}

// The key format a traditional PEM label names.
x509::KeyFormat traditional_format(const std::string& label)
{
    if (label == "EC PRIVATE KEY") {
        return x509::KeyFormat::sec1_ec;
    }
    if (label == "DSA PRIVATE KEY") {
        return x509::KeyFormat::dsa_traditional;
    }
    return x509::KeyFormat::pkcs1_rsa;
}

std::string traditional_encryption(const std::string& cipher)
{
    return "OpenSSL traditional PEM encryption, " + cipher
        + " (MD5-based key derivation, weak; convert with openssl pkcs8 -topk8)";
}

// OpenSSL's traditional encrypted PEM ("Proc-Type: 4,ENCRYPTED") without a
// password: the DER is ciphertext, so only the label and the DEK-Info
// cipher can be told.
x509::PrivateKeyInfo legacy_encrypted_key(const PemBlock& block)
{
    x509::PrivateKeyInfo info;
    info.encrypted = true;
    info.format = traditional_format(block.label);
    const std::string dek = header_value(block.headers, "DEK-Info");
    info.legacy_pem_cipher = dek.substr(0, dek.find(','));
    info.encryption = traditional_encryption(info.legacy_pem_cipher);
    return info;
}

// The DER inside a traditional encrypted PEM block. Throws PasswordError
// when the password does not decrypt it to a key of the label's format.
Botan::secure_vector<std::uint8_t> decrypt_traditional(const PemBlock& block, const util::SecretString& password)
{
    auto plain = pkcs12::decrypt_traditional_pem(header_value(block.headers, "DEK-Info"), block.der, password);
    // Padding can come out right by chance under a wrong password.
    const Kind kind = sniff(plain, block.label);
    if (kind != Kind::rsa_private_key && kind != Kind::ec_private_key && kind != Kind::dsa_private_key) {
        throw PasswordError("wrong password or corrupted key");
    }
    return plain;
}

x509::PublicKey rsa_public_key(std::span<const std::uint8_t> der)
{
    der::Reader top(der, "");
    auto r = top.next(der::tag::sequence, "RSAPublicKey").children();
    x509::PublicKey key;
    key.algorithm = "RSA";
    key.algorithm_oid = std::string(der::oid::rsa_encryption);
    key.bits = r.next(der::tag::integer, "modulus").integer().bits();
    r.next(der::tag::integer, "publicExponent");
    r.end();
    return key;
}

std::string password_used(pkcs12::PasswordUsed used)
{
    switch (used) {
    case pkcs12::PasswordUsed::none: return "none needed";
    case pkcs12::PasswordUsed::absent: return "none (absent password)";
    case pkcs12::PasswordUsed::empty: return "the empty password";
    case pkcs12::PasswordUsed::given: return "the given password";
    case pkcs12::PasswordUsed::given_openssl1:
        return "the given password, encoded as OpenSSL 1.0.x did (each octet of its UTF-8 as one BMP character)";
    }
    return "?";
}

std::string content_type_name(pkcs12::ContentKind kind, const std::string& oid)
{
    switch (kind) {
    case pkcs12::ContentKind::data: return "data";
    case pkcs12::ContentKind::encrypted_data: return "encryptedData";
    case pkcs12::ContentKind::enveloped_data: return "envelopedData";
    case pkcs12::ContentKind::other: return der::oid_name(oid);
    }
    return "?";
}

Pkcs12Summary summarize(const pkcs12::Contents& contents)
{
    Pkcs12Summary s;
    s.encoding = contents.der ? "DER" : "BER";
    s.mac = contents.mac.kind == pkcs12::MacKind::none ? "none" : contents.mac.description + ", verified";
    s.password = password_used(contents.password);
    for (const auto& c : contents.contents) {
        s.contents.push_back({content_type_name(c.kind, c.type_oid), c.encryption, c.bags});
    }
    for (const auto& bag : contents.bags) {
        Pkcs12BagSummary b;
        b.type = bag.type == pkcs12::BagType::unknown ? der::oid_name(bag.type_oid)
                                                      : std::string(pkcs12::bag_type_name(bag.type));
        b.content = bag.content;
        b.depth = bag.depth;
        b.friendly_name = bag.friendly_name.value_or("");
        b.local_key_id = util::hex_colons(bag.local_key_id);
        b.encryption = bag.encryption;
        b.value_type = bag.value_type_oid.empty() ? "" : der::oid_name(bag.value_type_oid);
        for (const auto& a : bag.attributes) {
            if (a.oid != "1.2.840.113549.1.9.20" && a.oid != "1.2.840.113549.1.9.21") {
                b.attributes.push_back(der::oid_name(a.oid));
            }
        }
        s.bags.push_back(std::move(b));
    }
    s.notes = contents.notes;
    return s;
}

class Loader {
public:
    Loader(const LoadOptions& options, LoadResult& result) : m_options(options), m_result(result) { }

    // Loads one DER object; every failure becomes a LoadFailure.
    void object(std::span<const std::uint8_t> der, const Origin& origin)
    {
        try {
            dispatch(der, origin);
        } catch (const Error& e) {
            m_result.failures.push_back({origin, e.kind(), origin.to_string() + ": " + e.what()});
        } catch (const Botan::Exception& e) {
            m_result.failures.push_back(
                {origin, ErrorKind::input, origin.to_string() + ": malformed: " + der::botan_message(e)});
        }
    }

    // A traditional encrypted PEM key: decrypted and described when a
    // password can be had, else described from its headers.
    void traditional_key(const PemBlock& block, const Origin& origin)
    {
        m_result.asked_for_password = true;
        const auto password = m_options.password ? m_options.password(origin.to_string()) : std::nullopt;
        if (!password) {
            add(origin, legacy_encrypted_key(block));
            return;
        }
        try {
            const auto plain = decrypt_traditional(block, *password);
            auto info = x509::describe_key(traditional_format(block.label), plain);
            const auto headers = legacy_encrypted_key(block);
            info.encrypted = true;
            info.legacy_pem_cipher = headers.legacy_pem_cipher;
            info.encryption = headers.encryption;
            add(origin, std::move(info));
        } catch (const Error& e) {
            m_result.failures.push_back({origin, e.kind(), origin.to_string() + ": " + e.what()});
        }
    }

    void failure(const Origin& origin, const std::string& message)
    {
        m_result.failures.push_back({origin, ErrorKind::input, origin.to_string() + ": " + message});
    }

private:
    void add(const Origin& origin, Content content) { m_result.items.push_back({origin, std::move(content)}); }

    void dispatch(std::span<const std::uint8_t> der, const Origin& origin)
    {
        // A block its producer labelled a certificate (public by its own
        // word) is read as one straight away: sniffing first reads each of
        // them twice, which is a tenth of `report`'s time over a large
        // inventory. When it does not read as one, the contents decide.
        if (is_certificate_label(origin.pem_label)) {
            std::optional<x509::Certificate> cert;
            try {
                cert = x509::parse_certificate(der);
            } catch (const Error&) {
            } catch (const Botan::Exception&) {
            }
            if (cert) {
                add(origin, std::move(*cert));
                return;
            }
        }
        const Kind kind = sniff(der, origin.pem_label);
        switch (kind) {
        case Kind::certificate: add(origin, x509::parse_certificate(der)); return;
        case Kind::csr: add(origin, x509::parse_csr(der)); return;
        case Kind::pkcs7: pkcs7(der, origin); return;
        case Kind::certificate_sequence: certificate_sequence(der, origin); return;
        case Kind::private_key: add(origin, x509::describe_pkcs8(der)); return;
        case Kind::encrypted_private_key: add(origin, encrypted_key(der, origin)); return;
        case Kind::rsa_private_key: add(origin, x509::describe_pkcs1_rsa(der)); return;
        case Kind::ec_private_key: add(origin, x509::describe_sec1_ec(der)); return;
        case Kind::dsa_private_key: add(origin, x509::describe_dsa_traditional(der)); return;
        case Kind::public_key: {
            der::Reader r(der, "");
            add(origin, x509::parse_public_key(r.next("SubjectPublicKeyInfo")));
            r.end();
            return;
        }
        case Kind::rsa_public_key: add(origin, rsa_public_key(der)); return;
        case Kind::ec_parameters: {
            der::Reader r(der, "");
            const auto curve = der::oid_name(r.next("ECParameters").oid());
            r.end();
            add(origin, EcParameters{curve});
            return;
        }
        case Kind::pkcs12: pkcs12_file(der, origin); return;
        case Kind::crl: throw InputError("a certificate revocation list; pkitool does not examine CRLs");
        case Kind::ocsp_request: throw InputError("an OCSP request; pkitool does not examine OCSP messages");
        case Kind::ocsp_response: throw InputError("an OCSP response; pkitool does not examine OCSP messages");
        case Kind::certificate_pair:
            throw InputError("an X.509 certificate pair (cross-certificates); pkitool does not examine pairs, "
                             "give the certificates on their own");
        case Kind::dsa_parameters: throw InputError("DSA parameters; pkitool does not examine key parameters");
        case Kind::dh_parameters: throw InputError("DH parameters; pkitool does not examine key parameters");
        case Kind::ec_explicit_parameters:
            throw InputError("explicit EC curve parameters; pkitool does not examine key parameters (CUCM and "
                             "RFC 5480 use named curves)");
        case Kind::unknown:
            // Say why: data that does not decode is truncated or corrupt
            // (the walk throws with Botan's reason); data that decodes has
            // a shape pkitool does not know, whatever its label claims.
            der::first_non_der_byte(der);
            if (!origin.pem_label.empty()) {
                throw InputError("the " + origin.pem_label
                    + " block holds no object of that kind pkitool knows: " + describe_first_bytes(der));
            }
            throw InputError("not a certificate, CSR, key or PKCS#7 bundle: " + describe_first_bytes(der));
        }
    }

    void pkcs7(std::span<const std::uint8_t> der, const Origin& origin)
    {
        const auto bundle = x509::parse_pkcs7(der);
        add(origin,
            Pkcs7Summary{
                bundle.certificates.size(), bundle.crl_count, bundle.signer_count, bundle.other_certificate_count});
        for (std::size_t i = 0; i < bundle.certificates.size(); ++i) {
            Origin inner = origin;
            inner.bundle_index = i;
            object(bundle.certificates[i], inner);
        }
    }

    // Each certificate of a bare SEQUENCE OF Certificate, by its position.
    void certificate_sequence(std::span<const std::uint8_t> der, const Origin& origin)
    {
        der::Reader top(der, "");
        auto list = top.next(der::tag::sequence, "certificates").children();
        for (std::size_t i = 0; list.more(); ++i) {
            Origin inner = origin;
            inner.bundle_index = i;
            object(list.next("certificate").encoded(), inner);
        }
    }

    void pkcs12_file(std::span<const std::uint8_t> der, const Origin& origin)
    {
        const auto contents = pkcs12::read(
            der, m_options.pkcs12_passwords, m_options.password, origin.to_string(), m_options.pkcs12_limits);
        m_result.asked_for_password = m_result.asked_for_password || contents.password == pkcs12::PasswordUsed::given
            || contents.password == pkcs12::PasswordUsed::given_openssl1;
        add(origin, summarize(contents));
        for (std::size_t i = 0; i < contents.bags.size(); ++i) {
            const auto& bag = contents.bags[i];
            Origin inner = origin;
            inner.bundle_index = i;
            if (bag.type == pkcs12::BagType::certificate) {
                object(bag.value, inner);
            } else if (bag.type == pkcs12::BagType::key || bag.type == pkcs12::BagType::shrouded_key) {
                try {
                    auto key = x509::describe_pkcs8(bag.secret);
                    if (bag.type == pkcs12::BagType::shrouded_key) {
                        key.format = x509::KeyFormat::pkcs8_encrypted;
                        key.encrypted = true;
                        key.encryption = bag.encryption;
                    }
                    add(inner, std::move(key));
                } catch (const Error& e) {
                    m_result.failures.push_back({inner, e.kind(), inner.to_string() + ": " + e.what()});
                }
            }
        }
    }

    x509::PrivateKeyInfo encrypted_key(std::span<const std::uint8_t> der, const Origin& origin)
    {
        m_result.asked_for_password = true;
        if (m_options.password) {
            if (const auto password = m_options.password(origin.to_string())) {
                return x509::decrypt_and_describe_pkcs8(der, *password);
            }
        }
        return x509::describe_encrypted_pkcs8(der);
    }

    const LoadOptions& m_options;
    LoadResult& m_result;
};

} // namespace

Kind sniff(std::span<const std::uint8_t> der, std::string_view pem_label)
{
    // Data no object starts like (PEM text, say) is told without copying it.
    if (!may_be_object(der)) {
        return Kind::unknown;
    }
    try {
        der::Reader top(der, "");
        const auto outer = top.next("object");
        if (outer.is_universal(der::tag::oid)) {
            return Kind::ec_parameters;
        }
        if (!outer.is_universal(der::tag::sequence) || !outer.constructed()) {
            return Kind::unknown;
        }
        return sniff_sequence(outer, pem_label);
    } catch (const Error&) {
        return Kind::unknown;
    } catch (const Botan::Exception&) {
        return Kind::unknown;
    }
}

std::string describe_first_bytes(std::span<const std::uint8_t> data)
{
    if (data.empty()) {
        return "it is empty";
    }
    if (starts_with(data, {0x1f, 0x8b})) {
        return "it starts like gzip data";
    }
    if (starts_with(data, {'P', 'K', 0x03, 0x04})) {
        return "it starts like a ZIP archive";
    }
    if (starts_with(data, {0xFE, 0xED, 0xFE, 0xED})) {
        return "it is a Java KeyStore (JKS); convert it with keytool -importkeystore -deststoretype PKCS12";
    }
    const std::size_t n = std::min<std::size_t>(data.size(), 24);
    const bool text = std::all_of(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n),
        [](std::uint8_t b) { return (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t'; });
    if (text) {
        std::string shown;
        for (std::size_t i = 0; i < n; ++i) {
            const char c = static_cast<char>(data[i]);
            shown += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
        }
        return "it starts with the text \"" + shown + (data.size() > n ? "...\"" : "\"")
            + " and holds no -----BEGIN line";
    }
    return "it starts with the bytes " + util::hex(data.first(std::min<std::size_t>(data.size(), 16)))
        + (data[0] == 0x30 ? " (a DER SEQUENCE of a shape pkitool does not know)" : "");
}

namespace {

ArchiveSummary summarize_archive(std::span<const std::uint8_t> data, const std::string& name)
{
    ArchiveSummary out{util::is_gzip(data) ? "tar.gz" : "tar", {}};
    for (const auto& member : util::read_tar(data, name)) {
        std::string kind = "directory";
        if (!member.directory) {
            const auto sniffed = sniff(member.data);
            if (looks_like_pem(member.data)) {
                kind = "PEM";
            } else if (sniffed != Kind::unknown) {
                kind = std::string(kind_name(sniffed));
            } else if (!member.data.empty() && member.data[0] == '{') {
                kind = "JSON";
            } else {
                kind = "data";
            }
        }
        out.members.push_back(
            {member.path, member.data.size(), member.directory, kind, util::format_iso(member.mtime)});
    }
    return out;
}

} // namespace

LoadResult load(std::span<const std::uint8_t> data, const std::string& name, const LoadOptions& options)
{
    LoadResult result;
    Loader loader(options, result);
    const Origin file_origin{name, std::nullopt, {}, std::nullopt};
    if (data.empty()) {
        loader.failure(file_origin, "the file is empty");
        return result;
    }
    if (util::is_gzip(data) || util::is_tar(data)) {
        try {
            result.items.push_back({file_origin, summarize_archive(data, name)});
        } catch (const Error& e) {
            result.failures.push_back({file_origin, e.kind(), e.what()});
        }
        return result;
    }
    if (!looks_like_pem(data)) {
        // DER: a single object. Anything else is described by its first bytes.
        if (itl::looks_like_trust_list(data)) {
            loader.failure(
                file_origin, "an ITL/CTL trust list, which inspect does not read: use `pkitool itl show " + name + "`");
            return result;
        }
        if (!may_be_object(data)) {
            loader.failure(file_origin, "not a certificate, CSR, key or PKCS#7 bundle: " + describe_first_bytes(data));
            return result;
        }
        loader.object(data, file_origin);
        return result;
    }
    const auto blocks = parse_pem(data, file_origin.to_string());
    // An item per block, at least: a bundle of certificates grows no copies.
    result.items.reserve(blocks.size());
    for (const auto& block : blocks) {
        const Origin origin{name, block.line, block.label, std::nullopt};
        if (!block.error.empty()) {
            result.failures.push_back({origin, ErrorKind::input, block.error});
            continue;
        }
        if (header_value(block.headers, "Proc-Type").find("ENCRYPTED") != std::string::npos) {
            loader.traditional_key(block, origin);
            continue;
        }
        loader.object(block.der, origin);
    }
    return result;
}

LoadResult load_file(const std::string& path, const LoadOptions& options)
{
    const auto data = util::read_input(path);
    return load(data, path, options);
}

std::vector<FileLoad> load_files_or_throw(const std::vector<std::string>& paths, const LoadOptions& options)
{
    auto files = load_files(paths, options);
    for (const auto& file : files) {
        if (!file.result.failures.empty()) {
            const auto& f = file.result.failures.front();
            throw_error(f.kind, f.message);
        }
    }
    return files;
}

Botan::secure_vector<std::uint8_t> read_private_key(const std::string& path, const LoadOptions& options)
{
    const auto data = util::read_input(path);
    std::vector<Botan::secure_vector<std::uint8_t>> objects;
    if (looks_like_pem(data)) {
        for (auto& block : parse_pem(data, path)) {
            if (!block.error.empty()) {
                throw InputError(block.error);
            }
            if (header_value(block.headers, "Proc-Type").find("ENCRYPTED") != std::string::npos) {
                const std::string where = path + ":" + std::to_string(block.line);
                const auto password = options.password ? options.password(where) : std::nullopt;
                if (!password) {
                    throw UsageError(where + " is encrypted: give --pass-file or --pass-env, or run on a terminal");
                }
                try {
                    objects.push_back(decrypt_traditional(block, *password));
                } catch (const Error& e) {
                    rethrow_with_prefix(e, where + ": ");
                }
                continue;
            }
            objects.push_back(std::move(block.der));
        }
    } else {
        objects.emplace_back(data.begin(), data.end());
    }
    std::optional<Botan::secure_vector<std::uint8_t>> key;
    for (const auto& der : objects) {
        const Kind kind = sniff(der);
        Botan::secure_vector<std::uint8_t> info;
        switch (kind) {
        case Kind::private_key: info = x509::to_pkcs8(x509::KeyFormat::pkcs8, der); break;
        case Kind::rsa_private_key: info = x509::to_pkcs8(x509::KeyFormat::pkcs1_rsa, der); break;
        case Kind::ec_private_key: info = x509::to_pkcs8(x509::KeyFormat::sec1_ec, der); break;
        case Kind::dsa_private_key: info = x509::to_pkcs8(x509::KeyFormat::dsa_traditional, der); break;
        case Kind::encrypted_private_key: {
            const auto password = options.password ? options.password(path) : std::nullopt;
            if (!password) {
                throw UsageError(path + " is encrypted: give --pass-file or --pass-env, or run on a terminal");
            }
            try {
                info = pkcs12::decrypt_private_key_info(der, *password, options.pkcs12_limits);
            } catch (const Error& e) {
                rethrow_with_prefix(e, path + ": ");
            }
            break;
        }
        default: continue;
        }
        if (key) {
            throw InputError(path + " holds more than one private key");
        }
        key = std::move(info);
    }
    if (!key) {
        throw InputError(path + " holds no private key");
    }
    return std::move(*key);
}

std::vector<FileLoad> load_files(const std::vector<std::string>& paths, const LoadOptions& options)
{
    std::vector<FileLoad> out;
    for (const auto& path : paths) {
        FileLoad file{path, {}};
        try {
            file.result = load_file(path, options);
        } catch (const Error& e) {
            file.result.failures.push_back({Origin{path, std::nullopt, {}, std::nullopt}, e.kind(), e.what()});
        }
        out.push_back(std::move(file));
    }
    return out;
}

} // namespace pkitool::load
