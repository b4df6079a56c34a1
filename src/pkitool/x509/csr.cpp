#include "pkitool/x509/csr.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/der/strict.hpp"
#include "pkitool/error.hpp"
#include "pkitool/util/hex.hpp"

#include <botan/pkcs10.h>

namespace pkitool::x509 {

Csr parse_csr(std::span<const std::uint8_t> der)
{
    Csr csr;
    csr.der.assign(der.begin(), der.end());

    // The strict check learns what it can from this parse (der/strict.hpp).
    const auto coverage = std::make_shared<der::DerCoverage>(der);
    der::Reader top(der, "", 0, der::Contents::public_data, coverage);
    const auto outer = top.next(der::tag::sequence, "CertificationRequest");
    top.end();
    auto fields = outer.children();
    const auto info_element = fields.next(der::tag::sequence, "certificationRequestInfo");
    csr.signature_algorithm = parse_algorithm_identifier(fields.next("signatureAlgorithm"));
    fields.next(der::tag::bit_string, "signature").bit_string_bytes();
    fields.end();

    auto info = info_element.children();
    const auto version = info.next(der::tag::integer, "version");
    if (version.contents() != std::vector<std::uint8_t>{0}) {
        csr.deviations.push_back(version.deviation("request.version-unknown",
            "version INTEGER " + util::hex(version.contents()) + " is not v1 (0), the only CSR version",
            util::hex(version.contents())));
    }
    csr.subject = parse_name(info.next("subject"));
    csr.public_key = parse_public_key(info.next("subjectPKInfo"));
    for (const auto* part : {&csr.subject.deviations, &csr.public_key.deviations}) {
        csr.deviations.insert(csr.deviations.end(), part->begin(), part->end());
    }
    if (auto attributes = info.next_if_context(0, "attributes")) {
        auto list = attributes->children();
        while (list.more()) {
            auto attr = list.next(der::tag::sequence, "attribute").children();
            const auto type = attr.next("type").oid();
            const auto values = attr.next(der::tag::set, "values");
            attr.end();
            if (type == der::oid::pkcs9_extension_request) {
                auto set = values.children();
                csr.requested = parse_extensions(set.next("extensionRequest"));
                set.end();
                csr.has_extension_request = true;
            } else {
                csr.other_attributes.push_back(type);
            }
        }
    }
    info.end();

    csr.non_der_offset = coverage->first_non_der_byte();
    return csr;
}

SignatureCheck check_signature(const Csr& csr)
{
    SignatureCheck check;
    try {
        const auto key = compat::load_public_key(csr.public_key.spki);
        const Botan::PKCS10_Request request(csr.der);
        check = from_status(compat::signature_status(request, *key));
    } catch (const std::exception& e) {
        check.status = SignatureCheck::Status::unchecked;
        check.reason = e.what();
    }
    return check;
}

} // namespace pkitool::x509
