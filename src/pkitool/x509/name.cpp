#include "pkitool/x509/name.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"

namespace pkitool::x509 {

std::string Name::to_string() const
{
    std::string out;
    for (const auto& rdn : rdns) {
        if (!out.empty()) {
            out += ", ";
        }
        bool first = true;
        for (const auto& attr : rdn) {
            if (!first) {
                out += " + ";
            }
            first = false;
            out += attr.label + "=" + attr.value;
        }
    }
    return out;
}

std::vector<std::string> Name::values(std::string_view oid) const
{
    std::vector<std::string> out;
    for (const auto& rdn : rdns) {
        for (const auto& attr : rdn) {
            if (attr.oid == oid) {
                out.push_back(attr.value);
            }
        }
    }
    return out;
}

std::string Name::common_name() const
{
    const auto cns = values(der::oid::common_name);
    return cns.empty() ? std::string() : cns.back();
}

Name parse_name(const der::Element& element)
{
    if (!element.is_universal(der::tag::sequence)) {
        throw InputError(element.path() + ": expected a Name (SEQUENCE), found " + element.tag_name());
    }
    Name name;
    name.der = element.encoded();
    auto rdns = element.children();
    while (rdns.more()) {
        const auto set = rdns.next(der::tag::set, "rdn");
        auto attrs = set.children();
        std::vector<NameAttribute> rdn;
        while (attrs.more()) {
            auto atv = attrs.next(der::tag::sequence, "attribute").children();
            NameAttribute attr;
            attr.oid = atv.next("type").oid();
            attr.label = der::oid_name(attr.oid);
            const auto value = atv.next("value");
            attr.string_tag = value.number();
            attr.value = value.text();
            atv.end();
            rdn.push_back(std::move(attr));
        }
        if (rdn.empty()) {
            throw InputError(set.path() + ": empty RelativeDistinguishedName");
        }
        name.rdns.push_back(std::move(rdn));
    }
    return name;
}

} // namespace pkitool::x509
