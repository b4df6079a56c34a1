#include "pkitool/der/strict.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/botan_message.hpp"
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

// The identifier and length octets DER gives a value (X.690 8.1.2, 8.1.3
// and 10.1: the low tag form below 31, the shortest definite length).
std::vector<std::uint8_t> der_header(std::uint32_t number, std::uint32_t class_bits, std::size_t length)
{
    std::vector<std::uint8_t> out;
    if (number < 31) {
        out.push_back(static_cast<std::uint8_t>(class_bits | number));
    } else {
        out.push_back(static_cast<std::uint8_t>(class_bits | 31U));
        std::vector<std::uint8_t> digits;
        for (auto n = number; n != 0; n >>= 7) {
            digits.push_back(static_cast<std::uint8_t>((n & 0x7FU) | (digits.empty() ? 0U : 0x80U)));
        }
        out.insert(out.end(), digits.rbegin(), digits.rend());
    }
    if (length < 0x80) {
        out.push_back(static_cast<std::uint8_t>(length));
    } else {
        std::vector<std::uint8_t> octets;
        for (auto n = length; n != 0; n >>= 8) {
            octets.push_back(static_cast<std::uint8_t>(n & 0xFFU));
        }
        out.push_back(static_cast<std::uint8_t>(0x80U | octets.size()));
        out.insert(out.end(), octets.rbegin(), octets.rend());
    }
    return out;
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
Walk walk(
    std::span<const std::uint8_t> input, std::span<const std::uint8_t> data, std::size_t base, int depth, Contents kind)
{
    if (depth > k_max_depth) {
        throw InputError("DER nests deeper than " + std::to_string(k_max_depth) + " levels");
    }
    Walk out;
    std::size_t start = base; // of the value being decoded, for the message
    try {
        const auto source = make_source(data, kind);
        Botan::BER_Decoder decoder(*source);
        for (;;) {
            start = base + source->get_bytes_read();
            const Botan::BER_Object obj = decoder.get_next_object();
            if (!obj.is_set()) {
                return out;
            }
            const std::size_t contents_start = base + source->get_bytes_read() - obj.length();
            const auto class_bits = compat::tag_class(obj);
            // Universal and context constructed values hold more TLVs;
            // application and private ones are opaque to a generic walker,
            // as are primitive ones.
            Walk inner{std::nullopt, obj.length()};
            if ((class_bits & k_constructed) != 0 && (class_bits & 0x40U) == 0) {
                inner = walk(input, {obj.bits(), obj.length()}, contents_start, depth + 1, kind);
            }
            const auto header = der_header(compat::tag_number(obj), class_bits, inner.size);
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

std::optional<std::size_t> first_non_der_byte(std::span<const std::uint8_t> data, Contents kind)
{
    const auto result = walk(data, data, 0, 0, kind);
    if (result.difference) {
        return result.difference;
    }
    // Everything matched as far as both go; a shorter re-encoding differs
    // where it ends.
    return result.size == data.size() ? std::nullopt : std::optional<std::size_t>(std::min(result.size, data.size()));
}

} // namespace pkitool::der
