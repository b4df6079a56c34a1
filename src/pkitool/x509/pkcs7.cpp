#include "pkitool/x509/pkcs7.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/der/reader.hpp"
#include "pkitool/error.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace pkitool::x509 {

namespace {

std::size_t count_elements(const der::Element& e)
{
    auto r = e.children();
    std::size_t n = 0;
    while (r.more()) {
        r.next("element");
        ++n;
    }
    return n;
}

// What each CMS content type other than signedData is, in words.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> k_content_types = {{
    {"1.2.840.113549.1.7.3", "envelopedData (content encrypted for its recipients)"},
    {"1.2.840.113549.1.7.6", "encryptedData (content encrypted with a key or password)"},
    {"1.2.840.113549.1.9.16.1.23", "authEnvelopedData (content encrypted for its recipients)"},
    {"1.2.840.113549.1.7.1", "data content"},
    {"1.2.840.113549.1.7.5", "digestedData"},
    {"1.2.840.113549.1.9.16.1.9", "compressedData"},
}};

std::string content_type_description(const std::string& oid)
{
    for (const auto& [type, words] : k_content_types) {
        if (type == oid) {
            return std::string(words);
        }
    }
    return "content of type " + der::oid_name(oid);
}

} // namespace

Pkcs7Bundle parse_pkcs7(std::span<const std::uint8_t> der)
{
    der::Reader top(der, "");
    auto content_info = top.next(der::tag::sequence, "ContentInfo").children();
    top.end();
    const auto type = content_info.next("contentType").oid();
    if (type != der::oid::pkcs7_signed_data) {
        throw InputError("a CMS/PKCS#7 " + content_type_description(type)
            + "; pkitool examines only signedData (certificate bundles and the certificates of signed messages)");
    }
    const auto explicit_content = content_info.next("content");
    if (!explicit_content.is_context(0)) {
        throw InputError(explicit_content.path() + ": expected [0], found " + explicit_content.tag_name());
    }
    auto holder = explicit_content.children();
    auto signed_data = holder.next(der::tag::sequence, "SignedData").children();
    signed_data.next(der::tag::integer, "version");
    signed_data.next(der::tag::set, "digestAlgorithms");
    signed_data.next(der::tag::sequence, "encapContentInfo");

    Pkcs7Bundle bundle;
    if (auto certs = signed_data.next_if_context(0, "certificates")) {
        auto list = certs->children();
        while (list.more()) {
            const auto choice = list.next("certificate");
            if (choice.is_universal(der::tag::sequence)) {
                bundle.certificates.push_back(choice.encoded());
            } else {
                ++bundle.other_certificate_count;
            }
        }
    }
    if (auto crls = signed_data.next_if_context(1, "crls")) {
        bundle.crl_count = count_elements(*crls);
    }
    bundle.signer_count = count_elements(signed_data.next(der::tag::set, "signerInfos"));
    signed_data.end();
    return bundle;
}

} // namespace pkitool::x509
