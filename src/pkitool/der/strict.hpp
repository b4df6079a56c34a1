// Is a byte string the DER encoding of what it decodes to? Botan's decoder
// accepts BER (long-form lengths, indefinite lengths); CUCM and Java do
// not always. The check decodes with Botan and compares each value's
// identifier and length octets with the ones DER gives it (re-encoding
// changes nothing else), so nothing is encoded anew.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace pkitool::der {

// Nothing when `data` is canonical DER; otherwise the offset of the first
// byte that differs from the canonical encoding. Contents of primitive
// values (BOOLEAN, INTEGER rules) are not examined here.
// Throws InputError when `data` does not decode at all. The walk reads
// `data` in place: it makes no copy of it that would need wiping.
std::optional<std::size_t> first_non_der_byte(std::span<const std::uint8_t> data);

// What a lenient parse learns about `input` on its way through it, so
// that the strict check need not decode it all a second time. Each reader
// given one (der::Reader) reports every value it decodes: whether its
// identifier and length octets are the DER ones, and which bytes it
// accounts for: a primitive (or application or private) value all of
// them, a universal or context constructed one its header only, its
// contents being its children's. When those spans tile the input exactly
// and every header is DER, each value re-encodes to itself, so the input
// is DER; otherwise (a value not descended into, a header that is not DER,
// anything read twice) the strict walk decides, as before.
class DerCoverage {
public:
    explicit DerCoverage(std::span<const std::uint8_t> input) : m_input(input) { m_spans.reserve(128); }

    // A value decoded at `offset` (its tag byte, in `input`), its contents
    // starting at `contents_offset` and `length` octets long.
    void decoded(std::uint32_t number, std::uint32_t class_bits, std::size_t offset, std::size_t contents_offset,
        std::size_t length);

    // True when what was decoded shows the input is DER.
    bool proves_der() const;
    // first_non_der_byte(input), without the walk when proves_der().
    std::optional<std::size_t> first_non_der_byte() const;

private:
    std::span<const std::uint8_t> m_input;
    // [begin, end) in m_input, in the order decoded; proves_der() sorts them.
    mutable std::vector<std::pair<std::size_t, std::size_t>> m_spans;
    bool m_headers_der = true;
};

} // namespace pkitool::der
