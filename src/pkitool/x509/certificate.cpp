#include "pkitool/x509/certificate.hpp"

#include <memory>

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/strict.hpp"
#include "pkitool/error.hpp"
#include "pkitool/util/hex.hpp"

#include <botan/x509cert.h>

namespace pkitool::x509 {

namespace {

der::RawTime read_time(der::Reader& r, const std::string& field)
{
    const auto e = r.next(field);
    der::RawTime t;
    t.tag = e.cls() == der::Class::universal ? e.number() : 0xFFFF;
    t.text.assign(e.contents().begin(), e.contents().end());
    return t;
}

} // namespace

Certificate parse_certificate(std::span<const std::uint8_t> der)
{
    Certificate cert;
    cert.der.assign(der.begin(), der.end());

    // The strict check learns what it can from this parse (der/strict.hpp).
    const auto coverage = std::make_shared<der::DerCoverage>(der);
    der::Reader top(der, "", 0, der::Contents::public_data, coverage);
    const auto outer = top.next(der::tag::sequence, "Certificate");
    top.end();
    auto fields = outer.children();
    const auto tbs_element = fields.next(der::tag::sequence, "tbsCertificate");
    cert.signature_algorithm = parse_algorithm_identifier(fields.next("signatureAlgorithm"));
    fields.next(der::tag::bit_string, "signatureValue").bit_string_bytes();
    fields.end();

    auto tbs = tbs_element.children();
    if (auto version = tbs.next_if_context(0, "version")) {
        auto v = version->children();
        const auto n_element = v.next(der::tag::integer, "version");
        v.end();
        const auto n = n_element.magnitude();
        if (!n_element.integer_form_problem().empty() || n > 2) {
            cert.deviations.push_back(n_element.deviation("cert.version-unknown",
                "version INTEGER " + util::hex(n_element.contents())
                    + " is none of v1, v2 and v3 (0, 1, 2); read as a v3 certificate",
                util::hex(n_element.contents())));
            cert.version = n.bits() > 16 || !n_element.integer_form_problem().empty()
                ? 0
                : static_cast<int>(compat::to_u32(n)) + 1;
        } else {
            cert.version = static_cast<int>(compat::to_u32(n)) + 1;
        }
        cert.version_default_encoded = cert.version == 1;
    }
    const auto serial = tbs.next(der::tag::integer, "serialNumber");
    cert.serial = serial.contents();
    if (cert.serial.empty()) {
        cert.deviations.push_back(serial.deviation("der.serial-empty", "the serial number INTEGER has no octets"));
    }
    cert.tbs_signature_algorithm = parse_algorithm_identifier(tbs.next("signature"));
    cert.issuer = parse_name(tbs.next("issuer"));
    auto validity = tbs.next(der::tag::sequence, "validity").children();
    cert.not_before = read_time(validity, "notBefore");
    cert.not_after = read_time(validity, "notAfter");
    validity.end();
    cert.subject = parse_name(tbs.next("subject"));
    cert.public_key = parse_public_key(tbs.next("subjectPublicKeyInfo"));
    for (const char* field : {"issuerUniqueID", "subjectUniqueID"}) {
        const std::uint32_t n = field[0] == 'i' ? 1 : 2;
        if (auto id = tbs.next_if_context(n, field)) {
            cert.deviations.push_back(cert.version == 1
                    ? id->deviation(
                        "cert.unique-id-in-v1", std::string(field) + " is a v2 field, and this is a v1 certificate")
                    : id->deviation("cert.unique-id",
                        std::string(field)
                            + " is present; RFC 5280 4.1.2.8: CAs must not generate unique identifiers"));
        }
    }
    if (auto ext = tbs.next_if_context(3, "extensions")) {
        if (cert.version == 1 || cert.version == 2) {
            cert.deviations.push_back(ext->deviation("cert.extensions-not-v3",
                "extensions in a v" + std::to_string(cert.version) + " certificate; only v3 certificates carry them"));
        }
        auto holder = ext->children();
        cert.extensions = parse_extensions(holder.next("Extensions"));
        holder.end();
    }
    tbs.end();

    for (const auto* part : {&cert.issuer.deviations, &cert.subject.deviations, &cert.public_key.deviations}) {
        cert.deviations.insert(cert.deviations.end(), part->begin(), part->end());
    }
    cert.non_der_offset = coverage->first_non_der_byte();
    return cert;
}

std::vector<std::uint8_t> Certificate::serial_number() const
{
    if (serial.size() > 1 && serial[0] == 0x00 && (serial[1] & 0x80) != 0) {
        return {serial.begin() + 1, serial.end()};
    }
    return serial;
}

SignatureCheck from_status(Botan::Certificate_Status_Code code)
{
    SignatureCheck check;
    if (code == Botan::Certificate_Status_Code::OK || code == Botan::Certificate_Status_Code::VERIFIED) {
        check.status = SignatureCheck::Status::valid;
    } else if (code == Botan::Certificate_Status_Code::SIGNATURE_ERROR) {
        check.status = SignatureCheck::Status::invalid;
    } else {
        check.status = SignatureCheck::Status::unchecked;
        check.reason = Botan::to_string(code);
    }
    return check;
}

namespace {

// Loading an RSA key sets up its Montgomery parameters, which costs more
// than the verification itself; a chain check meets each issuer's key
// several times (its own self-signature, the certificates it issued, the
// candidates a path builder tries). A few recent keys are kept per thread.
std::shared_ptr<const Botan::Public_Key> cached_key(const std::vector<std::uint8_t>& spki)
{
    constexpr std::size_t k_kept = 16;
    thread_local std::vector<std::pair<std::vector<std::uint8_t>, std::shared_ptr<const Botan::Public_Key>>> cache;
    for (const auto& [der, key] : cache) {
        if (der == spki) {
            return key;
        }
    }
    std::shared_ptr<const Botan::Public_Key> key(compat::load_public_key(spki).release());
    if (cache.size() == k_kept) {
        cache.erase(cache.begin());
    }
    cache.emplace_back(spki, key);
    return key;
}

} // namespace

SignatureCheck check_signature(const Certificate& cert, const PublicKey& issuer_key)
{
    SignatureCheck check;
    try {
        const auto key = cached_key(issuer_key.spki);
        const Botan::X509_Certificate botan_cert(cert.der);
        check = from_status(compat::signature_status(botan_cert, *key));
    } catch (const std::exception& e) {
        check.status = SignatureCheck::Status::unchecked;
        check.reason = e.what();
    }
    return check;
}

} // namespace pkitool::x509
