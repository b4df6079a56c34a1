#include "pkitool/x509/name.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

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
            out.append(attr.label).append(1, '=').append(attr.value);
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
    for (auto rdn = rdns.rbegin(); rdn != rdns.rend(); ++rdn) {
        for (auto attr = rdn->rbegin(); attr != rdn->rend(); ++attr) {
            if (attr->oid == der::oid::common_name) {
                return attr->value;
            }
        }
    }
    return {};
}

namespace {

// The ASN.1 types X.520, RFC 5280 (appendix A) and PKCS#9 give the
// attributes pkitool meets; other attributes take any type.
enum class ValueType { any, directory_string, printable, ia5, bit_string };

ValueType expected_type(std::string_view oid)
{
    static constexpr std::array<std::string_view, 17> k_directory = {"2.5.4.3", "2.5.4.4", "2.5.4.7", "2.5.4.8",
        "2.5.4.9", "2.5.4.10", "2.5.4.11", "2.5.4.12", "2.5.4.15", "2.5.4.17", "2.5.4.41", "2.5.4.42", "2.5.4.43",
        "2.5.4.44", "2.5.4.65", "2.5.4.97", "1.3.6.1.4.1.311.60.2.1.1"};
    static constexpr std::array<std::string_view, 4> k_printable
        = {"2.5.4.6", "2.5.4.5", "2.5.4.46", "1.3.6.1.4.1.311.60.2.1.3"};
    static constexpr std::array<std::string_view, 2> k_ia5 = {"1.2.840.113549.1.9.1", "0.9.2342.19200300.100.1.25"};
    const auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), oid) != list.end(); };
    if (in(k_directory)) {
        return ValueType::directory_string;
    }
    if (in(k_printable)) {
        return ValueType::printable;
    }
    if (in(k_ia5)) {
        return ValueType::ia5;
    }
    if (oid == "2.5.4.45") { // x500UniqueIdentifier
        return ValueType::bit_string;
    }
    return ValueType::any;
}

// The type the attribute needs, when `value` is not of it.
std::optional<std::string_view> wrong_type(ValueType want, const der::Element& value)
{
    const bool universal = value.cls() == der::Class::universal && !value.constructed();
    const auto n = value.number();
    switch (want) {
    case ValueType::any: return std::nullopt;
    case ValueType::directory_string:
        if (universal
            && (n == der::tag::utf8_string || n == der::tag::printable_string || n == der::tag::t61_string
                || n == der::tag::universal_string || n == der::tag::bmp_string)) {
            return std::nullopt;
        }
        return "a DirectoryString (UTF8String, PrintableString, TeletexString, BMPString or UniversalString)";
    case ValueType::printable:
        return universal && n == der::tag::printable_string ? std::nullopt
                                                            : std::optional<std::string_view>("a PrintableString");
    case ValueType::ia5:
        return universal && n == der::tag::ia5_string ? std::nullopt : std::optional<std::string_view>("an IA5String");
    case ValueType::bit_string:
        return universal && n == der::tag::bit_string ? std::nullopt : std::optional<std::string_view>("a BIT STRING");
    }
    return std::nullopt;
}

NameAttribute read_attribute(const der::Element& element, der::Deviations& deviations)
{
    auto atv = element.children();
    NameAttribute attr;
    attr.oid = atv.next("type").oid();
    attr.label = der::oid_name(attr.oid);
    const auto value = atv.next("value");
    atv.end();
    attr.string_tag = value.is_string() ? value.number() : 0;
    auto decoded = value.lenient_text();
    attr.value = std::move(decoded.text);
    if (!decoded.problem.empty()) {
        deviations.push_back(value.deviation("name.bad-string",
            attr.label + " " + value.tag_name() + ": " + decoded.problem + " of its contents", attr.value));
    }
    if (const auto want = wrong_type(expected_type(attr.oid), value)) {
        deviations.push_back(value.deviation("name.value-type",
            attr.label + " is " + (value.is_string() ? "a " : "") + value.tag_name() + "; it must be "
                + std::string(*want),
            value.tag_name()));
    }
    return attr;
}

} // namespace

Name parse_name(const der::Element& element)
{
    if (!element.is_universal(der::tag::sequence)) {
        throw InputError(element.path() + ": expected a Name (SEQUENCE), found " + element.tag_name());
    }
    Name name;
    name.der = element.encoded();
    auto rdns = element.children();
    for (std::size_t i = 0; rdns.more(); ++i) {
        const auto set = rdns.next(der::tag::set, "rdn[" + std::to_string(i) + "]");
        auto attrs = set.children();
        std::vector<NameAttribute> rdn;
        std::vector<std::uint8_t> previous;
        for (std::size_t j = 0; attrs.more(); ++j) {
            const auto attr = attrs.next(
                der::tag::sequence, "attribute" + (j == 0 ? std::string() : "[" + std::to_string(j) + "]"));
            // X.690 11.6: the members of a SET OF in ascending order of their
            // encodings (Botan's re-encoding keeps the order it read).
            auto encoding = attr.encoded();
            if (j > 0
                && std::lexicographical_compare(encoding.begin(), encoding.end(), previous.begin(), previous.end())) {
                name.deviations.push_back(attr.deviation("der.not-der",
                    "RDN " + std::to_string(i + 1)
                        + ": its attributes are not in the ascending order of their encodings that DER's SET OF "
                          "requires (X.690 11.6)"));
            }
            previous = std::move(encoding);
            rdn.push_back(read_attribute(attr, name.deviations));
        }
        if (rdn.empty()) {
            name.deviations.push_back(set.deviation("name.empty-rdn",
                "RDN " + std::to_string(i + 1)
                    + " is an empty SET; a RelativeDistinguishedName holds at least one attribute"));
            continue;
        }
        name.rdns.push_back(std::move(rdn));
    }
    return name;
}

namespace {

std::string prepared(const NameAttribute& a)
{
    if (a.string_tag == 0) {
        return a.value;
    }
    std::string out;
    bool space = false;
    for (const char c : a.value) {
        if (c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

bool same_rdn(const std::vector<NameAttribute>& a, const std::vector<NameAttribute>& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    std::vector<std::pair<std::string, std::string>> left;
    std::vector<std::pair<std::string, std::string>> right;
    for (const auto& x : a) {
        left.emplace_back(x.oid, prepared(x));
    }
    for (const auto& x : b) {
        right.emplace_back(x.oid, prepared(x));
    }
    std::sort(left.begin(), left.end());
    std::sort(right.begin(), right.end());
    return left == right;
}

bool prefix_matches(const Name& name, const Name& base)
{
    if (base.rdns.size() > name.rdns.size()) {
        return false;
    }
    for (std::size_t i = 0; i < base.rdns.size(); ++i) {
        if (!same_rdn(name.rdns[i], base.rdns[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

bool same_name(const Name& a, const Name& b)
{
    return a.der == b.der || (a.rdns.size() == b.rdns.size() && prefix_matches(a, b));
}

bool within_subtree(const Name& name, const Name& base)
{
    return prefix_matches(name, base);
}

} // namespace pkitool::x509
