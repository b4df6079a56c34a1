// Raw-DER views on top of Botan's BER_Decoder. Botan does the TLV decoding
// (lengths, truncation, indefinite forms); these types keep what pkitool
// needs and Botan's X.509 classes do not expose: the exact tag of each
// field, its exact contents, and error messages that name the field.
#pragma once

#include <botan/asn1_obj.h>
#include <botan/bigint.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::der {

// Universal tag numbers pkitool reads.
namespace tag {
inline constexpr std::uint32_t boolean = 1;
inline constexpr std::uint32_t integer = 2;
inline constexpr std::uint32_t bit_string = 3;
inline constexpr std::uint32_t octet_string = 4;
inline constexpr std::uint32_t null = 5;
inline constexpr std::uint32_t oid = 6;
inline constexpr std::uint32_t utf8_string = 12;
inline constexpr std::uint32_t sequence = 16;
inline constexpr std::uint32_t set = 17;
inline constexpr std::uint32_t printable_string = 19;
inline constexpr std::uint32_t t61_string = 20;
inline constexpr std::uint32_t ia5_string = 22;
inline constexpr std::uint32_t utc_time = 23;
inline constexpr std::uint32_t generalized_time = 24;
inline constexpr std::uint32_t visible_string = 26;
inline constexpr std::uint32_t universal_string = 28;
inline constexpr std::uint32_t bmp_string = 30;
} // namespace tag

enum class Class : std::uint32_t { universal = 0x00, application = 0x40, context = 0x80, private_ = 0xC0 };

inline constexpr std::uint32_t k_constructed = 0x20;

// Structures nest no deeper than this anywhere pkitool looks; deeper input
// is refused instead of risking the stack.
inline constexpr int k_max_depth = 32;

class Reader;
class DerCoverage; // der/strict.hpp

// A departure from the rules that decoding could still follow: it becomes
// a finding (the rule id is lint's) at an exact place instead of a refusal.
struct Deviation {
    std::string rule; // "name.empty-rdn"
    std::string path; // "Certificate.tbsCertificate.issuer.rdn[4]"
    std::size_t offset = 0; // of the element's first (tag) byte
    std::string message;
    std::string value; // the offending value, may be empty
};

using Deviations = std::vector<Deviation>;

// A character string decoded as far as it goes: UTF-8 for display (invalid
// code units become U+FFFD) and, when the contents break the string type's
// rules, what is wrong and at which octet of the contents.
struct DecodedText {
    std::string text;
    std::string problem; // empty when the contents are valid for the type
};

// Whether what is read may hold secrets: decrypted PKCS#12 contents and
// keys pass through elements, so contents are wiped when freed unless the
// reader was told they are public (a certificate), which spares the wipe
// of every element of every certificate.
enum class Contents { secret, public_data };

// One decoded TLV: its tag and its contents octets.
class Element {
public:
    // `coverage`: what the readers of its children report to.
    Element(std::uint32_t number, std::uint32_t class_bits, std::vector<std::uint8_t> contents, std::string path,
        std::size_t offset = 0, std::size_t contents_offset = 0, Contents kind = Contents::secret,
        std::shared_ptr<DerCoverage> coverage = {});
    ~Element();
    Element(const Element&) = default;
    Element(Element&&) noexcept = default;
    Element& operator=(const Element&) = default;
    Element& operator=(Element&&) noexcept = default;

    std::uint32_t number() const { return m_number; }
    Class cls() const { return static_cast<Class>(m_class_bits & 0xC0); }
    bool constructed() const { return (m_class_bits & k_constructed) != 0; }
    const std::vector<std::uint8_t>& contents() const { return m_contents; }
    // Where this element sits, e.g. "certificate.tbsCertificate.validity".
    const std::string& path() const { return m_path; }
    // Where the element starts (its tag byte) and where its contents start,
    // counted from the start of the outermost data being read.
    std::size_t offset() const { return m_offset; }
    std::size_t contents_offset() const { return m_contents_offset; }

    bool is_universal(std::uint32_t number) const;
    bool is_context(std::uint32_t number) const;
    // "SEQUENCE", "INTEGER", "[0]", "[APPLICATION 3]"...
    std::string tag_name() const;

    // The DER encoding of this element (tag, length, contents).
    std::vector<std::uint8_t> encoded() const;

    // Reads the contents of a constructed element, reporting to the
    // coverage its own reader reports to. Throws InputError when the
    // element is primitive.
    Reader children() const&;
    // The same, taking the contents over instead of copying them.
    Reader children() &&;
    // Reads the contents as DER (for OCTET STRING and BIT STRING wrappers),
    // a structure of its own: it reports to no coverage.
    Reader contents_as_der(std::string_view what) const;

    // The same element under another path (for messages).
    Element renamed(std::string path) &&;

    // Typed views; each throws InputError naming the path on a mismatch.
    std::string oid() const;
    bool boolean() const;
    Botan::BigInt integer() const;
    // The contents of an INTEGER read as an unsigned magnitude, whatever
    // the sign bit says: what a producer that forgot the leading 0x00 of a
    // modulus meant. Throws InputError when it is no INTEGER or empty.
    Botan::BigInt magnitude() const;
    // "negative" or "has redundant leading octets" for an INTEGER that
    // should be a minimal positive one; empty when it is.
    std::string integer_form_problem() const;
    // The contents of a BIT STRING without the unused-bits octet.
    std::vector<std::uint8_t> bit_string_bytes() const;
    // Any ASN.1 character string as UTF-8.
    std::string text() const;
    // True for the universal character string types.
    bool is_string() const;
    // A character string decoded leniently (never throws); any other type
    // is shown as RFC 4514 does, "#" and the hex of its encoding.
    DecodedText lenient_text() const;

    // A deviation at this element.
    Deviation deviation(std::string rule, std::string message, std::string value = {}) const;

private:
    [[noreturn]] void mismatch(const std::string& expected) const;
    // Throws InputError when the element is primitive.
    void require_constructed() const;

    std::uint32_t m_number;
    std::uint32_t m_class_bits;
    std::vector<std::uint8_t> m_contents;
    std::string m_path;
    std::size_t m_offset = 0;
    std::size_t m_contents_offset = 0;
    Contents m_kind = Contents::secret;
    std::shared_ptr<DerCoverage> m_coverage;
};

// Sequential reader over a run of DER elements.
class Reader {
public:
    // `path` names what is being read, for messages ("" at the top);
    // `base_offset` is where `data` sits in the outermost input.
    // The elements it reads, and their children, inherit `kind`. Every
    // value it and its children's readers decode is reported to `coverage`
    // when one is given (its input being the outermost data).
    Reader(std::span<const std::uint8_t> data, std::string path, std::size_t base_offset = 0,
        Contents kind = Contents::secret, std::shared_ptr<DerCoverage> coverage = {});
    // The same over bytes it takes over.
    Reader(std::vector<std::uint8_t>&& data, std::string path, std::size_t base_offset, Contents kind,
        std::shared_ptr<DerCoverage> coverage = {});
    ~Reader();
    Reader(Reader&&) noexcept;
    Reader& operator=(Reader&&) noexcept;

    bool more();
    // The next element, whatever it is; `field` names it in messages.
    // Throws InputError when the data ends or is malformed.
    Element next(std::string_view field);
    // The next element, which must have this universal tag.
    Element next(std::uint32_t universal_tag, std::string_view field);
    // The next element if it is context tag [n] (an OPTIONAL field).
    std::optional<Element> next_if_context(std::uint32_t n, std::string_view field);
    // The next element if it has this universal tag.
    std::optional<Element> next_if_universal(std::uint32_t universal_tag, std::string_view field);
    // Throws InputError if anything is left.
    void end();

    const std::string& path() const { return m_path; }

private:
    // The next element named `field`, or nothing at the end.
    std::optional<Element> peek_or_read(std::string_view field);

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_path;
    std::size_t m_base_offset = 0;
    Contents m_kind = Contents::secret;
    std::shared_ptr<DerCoverage> m_coverage;
    std::optional<Element> m_pushed;
};

// Name of a universal tag number ("SEQUENCE"), for messages.
std::string universal_tag_name(std::uint32_t number);

} // namespace pkitool::der
