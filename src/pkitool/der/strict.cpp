#include "pkitool/der/strict.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/botan_message.hpp"
#include "pkitool/der/header.hpp"
#include "pkitool/der/reader.hpp"
#include "pkitool/der/source.hpp"

#include "pkitool/error.hpp"
#include <botan/ber_dec.h>
#include <botan/data_src.h>
#include <botan/exceptn.h>

#include <algorithm>
#include <vector>

namespace pkitool::der {

namespace {

// The walk descends into universal and context constructed values;
// application and private ones are opaque to a generic walker, as are
// primitive ones.
bool descends(std::uint32_t class_bits)
{
    return (class_bits & k_constructed) != 0 && (class_bits & 0x40U) == 0;
}

// What a run of TLVs re-encoded in DER would be: the offset of its first
// byte that differs from the input, and its size.
struct Walk {
    std::optional<std::size_t> difference;
    std::size_t size = 0;
};

// Re-encoding in DER keeps every primitive value's contents and rewrites
// the identifier and length octets, so the walk compares each header with
// the one DER gives it, a constructed value's length being what its
// re-encoded contents add up to. `input` is the outermost data; `data`
// sits in it at `base`. Botan's decoder is used directly: this runs for
// every certificate read, and needs no Element.
Walk walk(std::span<const std::uint8_t> input, std::span<const std::uint8_t> data, std::size_t base, int depth)
{
    if (depth > k_max_depth) {
        throw InputError("DER nests deeper than " + std::to_string(k_max_depth) + " levels");
    }
    Walk out;
    std::size_t start = base; // of the value being decoded, for the message
    try {
        // Each level reads its parent's decoded contents in place.
        const auto source = view_source(data);
        Botan::BER_Decoder decoder(*source);
        for (;;) {
            start = base + source->get_bytes_read();
            const Botan::BER_Object obj = decoder.get_next_object();
            if (!obj.is_set()) {
                return out;
            }
            const std::size_t contents_start = base + source->get_bytes_read() - obj.length();
            const auto class_bits = compat::tag_class(obj);
            Walk inner{std::nullopt, obj.length()};
            if (descends(class_bits)) {
                inner = walk(input, {obj.bits(), obj.length()}, contents_start, depth + 1);
            }
            const auto der = der_header(compat::tag_number(obj), class_bits, inner.size);
            const auto header = der.bytes();
            const auto actual = input.subspan(start, contents_start - start);
            std::optional<std::size_t> difference;
            const auto n = std::min(header.size(), actual.size());
            for (std::size_t i = 0; i < n && !difference; ++i) {
                if (header[i] != actual[i]) {
                    difference = start + i;
                }
            }
            if (!difference && header.size() != actual.size()) {
                difference = start + n;
            }
            if (!out.difference) {
                out.difference = difference ? difference : inner.difference;
            }
            out.size += header.size() + inner.size;
        }
    } catch (const Botan::Exception& e) {
        throw InputError("malformed DER at byte " + std::to_string(start) + ": " + botan_message(e));
    }
}

} // namespace

std::optional<std::size_t> first_non_der_byte(std::span<const std::uint8_t> data)
{
    const auto result = walk(data, data, 0, 0);
    if (result.difference) {
        return result.difference;
    }
    // Everything matched as far as both go; a shorter re-encoding differs
    // where it ends.
    return result.size == data.size() ? std::nullopt : std::optional<std::size_t>(std::min(result.size, data.size()));
}

void DerCoverage::decoded(
    std::uint32_t number, std::uint32_t class_bits, std::size_t offset, std::size_t contents_offset, std::size_t length)
{
    if (!m_headers_der) {
        return; // the walk decides anyway
    }
    const auto header = der_header(number, class_bits, length);
    const auto der = header.bytes();
    const auto actual = offset <= contents_offset && contents_offset <= m_input.size()
        ? m_input.subspan(offset, contents_offset - offset)
        : std::span<const std::uint8_t>();
    if (actual.size() != der.size() || !std::equal(der.begin(), der.end(), actual.begin())) {
        m_headers_der = false;
        return;
    }
    m_spans.emplace_back(offset, descends(class_bits) ? contents_offset : contents_offset + length);
}

bool DerCoverage::proves_der() const
{
    if (!m_headers_der) {
        return false;
    }
    std::sort(m_spans.begin(), m_spans.end());
    std::size_t end = 0;
    for (const auto& [begin, span_end] : m_spans) {
        if (begin != end) {
            return false; // a gap (not read) or an overlap (read twice)
        }
        end = span_end;
    }
    return end == m_input.size();
}

std::optional<std::size_t> DerCoverage::first_non_der_byte() const
{
    if (proves_der()) {
        return std::nullopt;
    }
    return der::first_non_der_byte(m_input);
}

} // namespace pkitool::der
