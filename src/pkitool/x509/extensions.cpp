#include "pkitool/x509/extensions.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/ip.hpp"

#include <algorithm>
#include <arpa/inet.h>

namespace pkitool::x509 {

std::vector<std::string> KeyUsage::names() const
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < k_key_usage_names.size(); ++i) {
        if ((bits >> i) & 1U) {
            out.emplace_back(k_key_usage_names[i]);
        }
    }
    return out;
}

std::string_view GeneralName::label() const
{
    switch (kind) {
    case Kind::dns: return "DNS";
    case Kind::ip: return "IP";
    case Kind::email: return "email";
    case Kind::uri: return "URI";
    case Kind::directory: return "DirName";
    case Kind::registered_id: return "RID";
    case Kind::other: return "othername";
    }
    return "?";
}

const Extension* Extensions::find(std::string_view oid) const
{
    for (const auto& e : all) {
        if (e.oid == oid) {
            return &e;
        }
    }
    return nullptr;
}

namespace {

std::string ascii_of(const std::vector<std::uint8_t>& bytes)
{
    return {bytes.begin(), bytes.end()};
}

KeyUsage decode_key_usage(der::Reader& r)
{
    const auto bits = r.next(der::tag::bit_string, "keyUsage").bit_string_bytes();
    KeyUsage ku;
    for (std::size_t i = 0; i < k_key_usage_names.size(); ++i) {
        const std::size_t byte = i / 8;
        if (byte < bits.size() && ((bits[byte] >> (7 - i % 8)) & 1U)) {
            ku.bits = static_cast<std::uint16_t>(ku.bits | (1U << i));
        }
    }
    return ku;
}

std::vector<std::string> decode_eku(der::Reader& r)
{
    auto seq = r.next(der::tag::sequence, "extKeyUsage").children();
    std::vector<std::string> out;
    while (seq.more()) {
        out.push_back(seq.next("keyPurposeId").oid());
    }
    return out;
}

BasicConstraints decode_basic_constraints(der::Reader& r, Extensions& out)
{
    auto seq = r.next(der::tag::sequence, "basicConstraints").children();
    BasicConstraints bc;
    if (auto ca = seq.next_if_universal(der::tag::boolean, "cA")) {
        bc.ca = ca->boolean();
        if (!bc.ca) {
            out.default_encoded.emplace_back("basicConstraints: cA FALSE is encoded, DER omits a DEFAULT value");
        } else if (ca->contents()[0] != 0xFF) {
            out.bad_booleans.emplace_back("basicConstraints: cA TRUE is not encoded as 0xFF");
        }
    }
    if (auto len = seq.next_if_universal(der::tag::integer, "pathLenConstraint")) {
        // Any length beyond 32 bits is as good as unlimited.
        const auto value = len->integer();
        bc.path_length = value.bits() > 32 ? UINT64_MAX : compat::to_u32(value);
    }
    seq.end();
    return bc;
}

GeneralName decode_general_name(const der::Element& e)
{
    GeneralName gn;
    if (e.cls() != der::Class::context) {
        throw InputError(e.path() + ": expected a context-tagged GeneralName, found " + e.tag_name());
    }
    if (e.number() > 8) {
        throw InputError(
            e.path() + ": GeneralName [" + std::to_string(e.number()) + "] is no choice of GeneralName ([0] to [8])");
    }
    gn.tag = static_cast<int>(e.number());
    gn.raw = e.contents();
    switch (e.number()) {
    case 1:
        gn.kind = GeneralName::Kind::email;
        gn.value = ascii_of(gn.raw);
        break;
    case 2:
        gn.kind = GeneralName::Kind::dns;
        gn.value = ascii_of(gn.raw);
        break;
    case 4: {
        gn.kind = GeneralName::Kind::directory;
        auto inner = e.children();
        gn.directory = parse_name(inner.next("directoryName"));
        gn.value = gn.directory->to_string();
        break;
    }
    case 6:
        gn.kind = GeneralName::Kind::uri;
        gn.value = ascii_of(gn.raw);
        break;
    case 7:
        gn.kind = GeneralName::Kind::ip;
        gn.value = util::format_ip(gn.raw);
        break;
    case 8:
        gn.kind = GeneralName::Kind::registered_id;
        gn.value = der::Element(der::tag::oid, 0, gn.raw, e.path()).oid();
        break;
    default:
        gn.kind = GeneralName::Kind::other;
        gn.value = "[" + std::to_string(e.number()) + "] " + util::hex(gn.raw);
        break;
    }
    if (e.number() == 0) {
        // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }
        auto fields = e.children();
        gn.other_type = fields.next("type-id").oid();
        const auto value = fields.next_if_context(0, "value");
        fields.end();
        if (!value) {
            throw InputError(e.path() + ": otherName has no [0] value");
        }
        auto inner = value->children();
        const auto any = inner.next("value");
        inner.end();
        if (any.is_string()) {
            gn.other_text = any.lenient_text().text;
            gn.value = der::oid_name(gn.other_type) + ":" + *gn.other_text;
        }
    }
    return gn;
}

std::vector<GeneralName> decode_general_names(der::Reader& r, const std::string& field)
{
    auto seq = r.next(der::tag::sequence, field).children();
    std::vector<GeneralName> out;
    while (seq.more()) {
        out.push_back(decode_general_name(seq.next("generalName")));
    }
    if (out.empty()) {
        throw InputError(field + ": an empty SEQUENCE; GeneralNames holds at least one name (SIZE (1..MAX))");
    }
    return out;
}

// GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
std::vector<GeneralSubtree> decode_subtrees(const der::Element& holder)
{
    std::vector<GeneralSubtree> out;
    auto list = holder.children();
    while (list.more()) {
        auto fields = list.next(der::tag::sequence, "GeneralSubtree").children();
        GeneralSubtree subtree;
        subtree.base = decode_general_name(fields.next("base"));
        if (auto minimum = fields.next_if_context(0, "minimum")) {
            const auto& octets = minimum->contents();
            subtree.minimum_nonzero = std::any_of(octets.begin(), octets.end(), [](std::uint8_t b) { return b != 0; });
        }
        if (fields.next_if_context(1, "maximum")) {
            subtree.maximum_present = true;
        }
        fields.end();
        out.push_back(std::move(subtree));
    }
    return out;
}

NameConstraints decode_name_constraints(der::Reader& r)
{
    auto seq = r.next(der::tag::sequence, "nameConstraints").children();
    NameConstraints nc;
    if (auto permitted = seq.next_if_context(0, "permittedSubtrees")) {
        nc.permitted = decode_subtrees(*permitted);
    }
    if (auto excluded = seq.next_if_context(1, "excludedSubtrees")) {
        nc.excluded = decode_subtrees(*excluded);
    }
    seq.end();
    return nc;
}

std::vector<std::uint8_t> decode_aki(der::Reader& r)
{
    auto seq = r.next(der::tag::sequence, "authorityKeyIdentifier").children();
    if (auto id = seq.next_if_context(0, "keyIdentifier")) {
        return id->contents();
    }
    return {};
}

// Decodes one known extension into `out`; unknown ones are only kept raw.
void decode_known(const Extension& ext, const der::Element& holder, Extensions& out)
{
    auto r = holder.contents_as_der(der::oid_name(ext.oid));
    if (ext.oid == der::oid::key_usage) {
        out.key_usage = decode_key_usage(r);
    } else if (ext.oid == der::oid::ext_key_usage) {
        out.extended_key_usage = decode_eku(r);
    } else if (ext.oid == der::oid::basic_constraints) {
        out.basic_constraints = decode_basic_constraints(r, out);
    } else if (ext.oid == der::oid::subject_alt_name) {
        out.subject_alt_names = decode_general_names(r, "subjectAltName");
    } else if (ext.oid == der::oid::subject_key_identifier) {
        out.subject_key_id = r.next(der::tag::octet_string, "subjectKeyIdentifier").contents();
    } else if (ext.oid == der::oid::authority_key_identifier) {
        out.authority_key_id = decode_aki(r);
    } else if (ext.oid == der::oid::name_constraints) {
        out.name_constraints = decode_name_constraints(r);
    } else {
        return;
    }
    r.end();
}

} // namespace

Extensions parse_extensions(const der::Element& element)
{
    if (!element.is_universal(der::tag::sequence)) {
        throw InputError(element.path() + ": expected Extensions (SEQUENCE), found " + element.tag_name());
    }
    Extensions out;
    auto list = element.children();
    while (list.more()) {
        auto fields = list.next(der::tag::sequence, "extension").children();
        Extension ext;
        ext.oid = fields.next("extnID").oid();
        if (auto critical = fields.next_if_universal(der::tag::boolean, "critical")) {
            ext.critical = critical->boolean();
            if (!ext.critical) {
                out.default_encoded.push_back(
                    der::oid_name(ext.oid) + ": critical FALSE is encoded, DER omits a DEFAULT value");
            } else if (critical->contents()[0] != 0xFF) {
                out.bad_booleans.push_back(der::oid_name(ext.oid) + ": critical TRUE is not encoded as 0xFF");
            }
        }
        const auto value = fields.next(der::tag::octet_string, "extnValue");
        fields.end();
        ext.value = value.contents();

        const bool seen
            = std::any_of(out.all.begin(), out.all.end(), [&](const Extension& e) { return e.oid == ext.oid; });
        if (seen) {
            if (std::find(out.duplicates.begin(), out.duplicates.end(), ext.oid) == out.duplicates.end()) {
                out.duplicates.push_back(ext.oid);
            }
        } else {
            try {
                decode_known(ext, value, out);
            } catch (const InputError& e) {
                out.malformed.push_back(der::oid_name(ext.oid) + ": " + e.what());
            }
        }
        out.all.push_back(std::move(ext));
    }
    return out;
}

} // namespace pkitool::x509
