// Distinguished names as encoded: RDNs in order, each value with its
// string type, plus the exact DER (names are compared byte for byte when
// chains are built).
#pragma once

#include "pkitool/der/reader.hpp"

#include <string>
#include <vector>

namespace pkitool::x509 {

struct NameAttribute {
    std::string oid; // "2.5.4.3"
    std::string label; // "CN", or the dotted OID
    std::string value; // UTF-8
    std::uint32_t string_tag = 0;
};

struct Name {
    std::vector<std::vector<NameAttribute>> rdns;
    std::vector<std::uint8_t> der;

    // "C=US, O=Example, CN=host.example.com", in encoded order; "+" joins
    // the attributes of a multi-valued RDN.
    std::string to_string() const;
    // Values of every attribute of this type, in order.
    std::vector<std::string> values(std::string_view oid) const;
    // The last CN, or "" when there is none.
    std::string common_name() const;
    bool empty() const { return rdns.empty(); }
};

// Throws InputError.
Name parse_name(const der::Element& element);

} // namespace pkitool::x509
