#include "pkitool/der/reader.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/botan_message.hpp"
#include "pkitool/der/header.hpp"
#include "pkitool/der/source.hpp"
#include "pkitool/der/strict.hpp"
#include "pkitool/der/strings.hpp"
#include "pkitool/error.hpp"
#include "pkitool/util/hex.hpp"

#include <botan/ber_dec.h>
#include <botan/data_src.h>
#include <botan/mem_ops.h>

#include <algorithm>
#include <map>
#include <memory>

namespace pkitool::der {

namespace {

std::string join(const std::string& path, std::string_view field)
{
    if (field.empty()) {
        return path;
    }
    if (path.empty()) {
        return std::string(field);
    }
    std::string out;
    out.reserve(path.size() + 1 + field.size());
    out.append(path).append(1, '.').append(field);
    return out;
}

} // namespace

std::string universal_tag_name(std::uint32_t number)
{
    switch (number) {
    case 0: return "end-of-contents";
    case tag::boolean: return "BOOLEAN";
    case tag::integer: return "INTEGER";
    case tag::bit_string: return "BIT STRING";
    case tag::octet_string: return "OCTET STRING";
    case tag::null: return "NULL";
    case tag::oid: return "OBJECT IDENTIFIER";
    case 10: return "ENUMERATED";
    case tag::utf8_string: return "UTF8String";
    case tag::sequence: return "SEQUENCE";
    case tag::set: return "SET";
    case 18: return "NumericString";
    case tag::printable_string: return "PrintableString";
    case tag::t61_string: return "TeletexString";
    case tag::ia5_string: return "IA5String";
    case tag::utc_time: return "UTCTime";
    case tag::generalized_time: return "GeneralizedTime";
    case tag::visible_string: return "VisibleString";
    case tag::universal_string: return "UniversalString";
    case tag::bmp_string: return "BMPString";
    default: return "universal tag " + std::to_string(number);
    }
}

Element::Element(std::uint32_t number, std::uint32_t class_bits, std::vector<std::uint8_t> contents, std::string path,
    std::size_t offset, std::size_t contents_offset, Contents kind, std::shared_ptr<DerCoverage> coverage)
    : m_number(number),
      m_class_bits(class_bits),
      m_contents(std::move(contents)),
      m_path(std::move(path)),
      m_offset(offset),
      m_contents_offset(contents_offset),
      m_kind(kind),
      m_coverage(std::move(coverage))
{
}

Deviation Element::deviation(std::string rule, std::string message, std::string value) const
{
    return {std::move(rule), m_path, m_offset, std::move(message), std::move(value)};
}

Element::~Element()
{
    if (m_kind == Contents::secret) {
        Botan::secure_scrub_memory(m_contents.data(), m_contents.size());
    }
}

Element Element::renamed(std::string path) &&
{
    m_path = std::move(path);
    return std::move(*this);
}

bool Element::is_universal(std::uint32_t number) const
{
    return cls() == Class::universal && m_number == number;
}

bool Element::is_context(std::uint32_t number) const
{
    return cls() == Class::context && m_number == number;
}

std::string Element::tag_name() const
{
    switch (cls()) {
    case Class::universal: return universal_tag_name(m_number);
    case Class::context: return "[" + std::to_string(m_number) + "]";
    case Class::application: return "[APPLICATION " + std::to_string(m_number) + "]";
    case Class::private_: return "[PRIVATE " + std::to_string(m_number) + "]";
    }
    return "?";
}

std::vector<std::uint8_t> Element::encoded() const
{
    const auto der = der_header(m_number, m_class_bits, m_contents.size());
    const auto header = der.bytes();
    std::vector<std::uint8_t> out;
    out.reserve(header.size() + m_contents.size());
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), m_contents.begin(), m_contents.end());
    return out;
}

void Element::require_constructed() const
{
    if (!constructed()) {
        throw InputError(m_path + ": expected a constructed " + tag_name() + ", found a primitive one");
    }
}

Reader Element::children() const&
{
    require_constructed();
    return Reader(m_contents, m_path, m_contents_offset, m_kind, m_coverage);
}

Reader Element::children() &&
{
    require_constructed();
    return Reader(std::move(m_contents), m_path, m_contents_offset, m_kind, std::move(m_coverage));
}

Reader Element::contents_as_der(std::string_view what) const
{
    // A BIT STRING's contents start with the unused-bits octet.
    const std::size_t skip = is_universal(tag::bit_string) ? 1 : 0;
    return Reader(std::span(m_contents).subspan(std::min(skip, m_contents.size())), join(m_path, what),
        m_contents_offset + skip, m_kind);
}

void Element::mismatch(const std::string& expected) const
{
    throw InputError(m_path + ": expected " + expected + ", found " + tag_name());
}

std::string Element::oid() const
{
    if (!is_universal(tag::oid) || constructed()) {
        mismatch("OBJECT IDENTIFIER");
    }
    // A certificate names the same few OIDs again and again: each thread
    // keeps the text of the ones it decoded (bounded, against inputs made
    // of distinct OIDs).
    constexpr std::size_t k_cache_limit = 512;
    thread_local std::map<std::vector<std::uint8_t>, std::string, std::less<>> cache;
    if (const auto it = cache.find(m_contents); it != cache.end()) {
        return it->second;
    }
    try {
        Botan::OID value;
        Botan::BER_Decoder(encoded()).decode(value);
        auto text = value.to_string();
        if (cache.size() < k_cache_limit) {
            cache.emplace(m_contents, text);
        }
        return text;
    } catch (const Botan::Exception& e) {
        throw InputError(m_path + ": malformed OBJECT IDENTIFIER: " + botan_message(e));
    }
}

bool Element::boolean() const
{
    if (!is_universal(tag::boolean) || m_contents.size() != 1) {
        mismatch("BOOLEAN");
    }
    return m_contents[0] != 0;
}

Botan::BigInt Element::integer() const
{
    if (!is_universal(tag::integer) || m_contents.empty()) {
        mismatch("INTEGER");
    }
    // Negative values are two's complement; callers that accept them read
    // contents() directly, so only the magnitude of a positive INTEGER here.
    if ((m_contents[0] & 0x80) != 0) {
        throw InputError(m_path + ": INTEGER is negative");
    }
    return Botan::BigInt(m_contents.data(), m_contents.size());
}

Botan::BigInt Element::magnitude() const
{
    if (!is_universal(tag::integer) || m_contents.empty()) {
        mismatch("INTEGER");
    }
    return Botan::BigInt(m_contents.data(), m_contents.size());
}

std::string Element::integer_form_problem() const
{
    if (m_contents.empty()) {
        return "is empty";
    }
    if ((m_contents[0] & 0x80) != 0) {
        return "is negative (two's complement: a positive value needs a leading 0x00)";
    }
    if (m_contents.size() > 1 && m_contents[0] == 0x00 && (m_contents[1] & 0x80) == 0) {
        return "has a redundant leading 0x00 (not minimal DER)";
    }
    return {};
}

std::vector<std::uint8_t> Element::bit_string_bytes() const
{
    if (!is_universal(tag::bit_string) || constructed() || m_contents.empty() || m_contents[0] > 7) {
        mismatch("BIT STRING");
    }
    return {m_contents.begin() + 1, m_contents.end()};
}

bool Element::is_string() const
{
    return cls() == Class::universal && !constructed() && is_string_tag(m_number);
}

std::string Element::text() const
{
    if (!is_string()) {
        mismatch("a character string");
    }
    auto decoded = decode_string(m_number, m_contents);
    if (!decoded.problem.empty()) {
        throw InputError(m_path + ": malformed " + tag_name() + ": " + decoded.problem);
    }
    return std::move(decoded.text);
}

DecodedText Element::lenient_text() const
{
    if (!is_string()) {
        return {"#" + util::hex(encoded()), {}};
    }
    auto decoded = decode_string(m_number, m_contents);
    return {std::move(decoded.text), std::move(decoded.problem)};
}

// The decoder reads from a source that counts what it consumed, so each
// element's offset is known without decoding anything by hand.
struct Reader::Impl {
    explicit Impl(std::unique_ptr<Botan::DataSource> from) : source(std::move(from)), decoder(*source) { }
    std::unique_ptr<Botan::DataSource> source;
    Botan::BER_Decoder decoder;
};

Reader::Reader(std::span<const std::uint8_t> data, std::string path, std::size_t base_offset, Contents kind,
    std::shared_ptr<DerCoverage> coverage)
    : m_impl(std::make_unique<Impl>(make_source(data, kind))),
      m_path(std::move(path)),
      m_base_offset(base_offset),
      m_kind(kind),
      m_coverage(std::move(coverage))
{
}

Reader::Reader(std::vector<std::uint8_t>&& data, std::string path, std::size_t base_offset, Contents kind,
    std::shared_ptr<DerCoverage> coverage)
    : m_impl(std::make_unique<Impl>(make_source(std::move(data), kind))),
      m_path(std::move(path)),
      m_base_offset(base_offset),
      m_kind(kind),
      m_coverage(std::move(coverage))
{
}

Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

std::optional<Element> Reader::peek_or_read(std::string_view field)
{
    if (m_pushed) {
        // more() read it under this reader's own path.
        auto e = std::move(*m_pushed).renamed(join(m_path, field));
        m_pushed.reset();
        return e;
    }
    const std::size_t start = m_impl->source->get_bytes_read();
    try {
        Botan::BER_Object obj = m_impl->decoder.get_next_object();
        if (!obj.is_set()) {
            return std::nullopt;
        }
        const std::size_t end = m_impl->source->get_bytes_read();
        const auto* bits = obj.bits();
        std::vector<std::uint8_t> contents(bits, bits + obj.length());
        // The contents follow the tag and length octets; Botan keeps the
        // end-of-contents octets of an indefinite length in the contents.
        const std::size_t header = end - start - obj.length();
        const std::size_t offset = m_base_offset + start;
        if (m_coverage) {
            m_coverage->decoded(compat::tag_number(obj), compat::tag_class(obj), offset, offset + header, obj.length());
        }
        return Element(compat::tag_number(obj), compat::tag_class(obj), std::move(contents), join(m_path, field),
            offset, offset + header, m_kind, m_coverage);
    } catch (const Botan::Exception& e) {
        const std::string where = field.empty() ? m_path : join(m_path, field);
        throw InputError((where.empty() ? std::string() : where + ": ") + "malformed DER at byte "
            + std::to_string(m_base_offset + start) + ": " + botan_message(e));
    }
}

bool Reader::more()
{
    if (m_pushed) {
        return true;
    }
    m_pushed = peek_or_read("");
    return m_pushed.has_value();
}

Element Reader::next(std::string_view field)
{
    auto e = peek_or_read(field);
    if (!e) {
        throw InputError(
            (m_path.empty() ? std::string("data") : m_path) + ": ends where " + std::string(field) + " was expected");
    }
    return std::move(*e);
}

Element Reader::next(std::uint32_t universal_tag, std::string_view field)
{
    Element e = next(field);
    if (!e.is_universal(universal_tag)) {
        throw InputError(e.path() + ": expected " + universal_tag_name(universal_tag) + ", found " + e.tag_name());
    }
    const bool should_be_constructed = universal_tag == tag::sequence || universal_tag == tag::set;
    if (e.constructed() != should_be_constructed) {
        throw InputError(e.path() + ": " + e.tag_name() + " has the wrong constructed bit");
    }
    return e;
}

std::optional<Element> Reader::next_if_context(std::uint32_t n, std::string_view field)
{
    if (!more()) {
        return std::nullopt;
    }
    if (m_pushed->is_context(n)) {
        return next(field);
    }
    return std::nullopt;
}

std::optional<Element> Reader::next_if_universal(std::uint32_t universal_tag, std::string_view field)
{
    if (!more()) {
        return std::nullopt;
    }
    if (m_pushed->is_universal(universal_tag)) {
        return next(universal_tag, field);
    }
    return std::nullopt;
}

void Reader::end()
{
    if (more()) {
        throw InputError((m_path.empty() ? std::string("data") : m_path) + ": unexpected " + m_pushed->tag_name()
            + " after the last field");
    }
}

} // namespace pkitool::der
