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
    // UTF-8; a value that is no character string is "#" and the hex of its
    // DER, as RFC 4514 writes it.
    std::string value;
    std::uint32_t string_tag = 0; // the universal tag of a string value, 0 otherwise
};

struct Name {
    std::vector<std::vector<NameAttribute>> rdns; // empty RDN SETs are left out (and are deviations)
    std::vector<std::uint8_t> der;
    // What decoding tolerated: empty RDNs, values of the wrong ASN.1 type
    // for their attribute, strings whose octets break their type's rules.
    der::Deviations deviations;

    // "C=US, O=Example, CN=host.example.com", in encoded order; "+" joins
    // the attributes of a multi-valued RDN.
    std::string to_string() const;
    // Values of every attribute of this type, in order.
    std::vector<std::string> values(std::string_view oid) const;
    // The last CN, or "" when there is none.
    std::string common_name() const;
    bool empty() const { return rdns.empty(); }
};

// RFC 5280 7.1 name matching: the same DER, or the same RDNs in the same
// order, each holding the same attributes (in any order within the RDN)
// whose string values agree after RFC 4518's case folding and space
// handling (ASCII case, leading, trailing and repeated spaces); a value of
// another type must match exactly. The string type itself does not count.
bool same_name(const Name& a, const Name& b);
// `name` lies in the directoryName subtree `base`: its first RDNs are
// base's, matched as above.
bool within_subtree(const Name& name, const Name& base);

// Throws InputError when the element is no SEQUENCE of SETs of
// attribute type and value pairs.
Name parse_name(const der::Element& element);

} // namespace pkitool::x509
