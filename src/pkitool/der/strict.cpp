#include "pkitool/der/strict.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/reader.hpp"
#include "pkitool/error.hpp"

#include <botan/der_enc.h>

#include <vector>

namespace pkitool::der {

namespace {

// Universal and context constructed values hold more TLVs; application
// and private ones are opaque to a generic walker, as are primitive ones.
bool holds_tlvs(const Element& e)
{
    return e.constructed() && (e.cls() == Class::universal || e.cls() == Class::context);
}

std::vector<std::uint8_t> canonical(std::span<const std::uint8_t> data, int depth)
{
    if (depth > k_max_depth) {
        throw InputError("DER nests deeper than " + std::to_string(k_max_depth) + " levels");
    }
    std::vector<std::uint8_t> out;
    Reader reader(data, "");
    while (reader.more()) {
        const Element e = reader.next("element");
        Botan::DER_Encoder enc;
        const std::uint32_t class_bits = static_cast<std::uint32_t>(e.cls()) | (e.constructed() ? k_constructed : 0);
        if (holds_tlvs(e)) {
            compat::add_object(enc, e.number(), class_bits, canonical(e.contents(), depth + 1));
        } else {
            compat::add_object(enc, e.number(), class_bits, e.contents());
        }
        const auto bytes = enc.get_contents();
        out.insert(out.end(), bytes.begin(), bytes.end());
    }
    return out;
}

} // namespace

std::optional<std::size_t> first_non_der_byte(std::span<const std::uint8_t> data)
{
    const auto der = canonical(data, 0);
    const std::size_t n = std::min(der.size(), data.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (der[i] != data[i]) {
            return i;
        }
    }
    if (der.size() != data.size()) {
        return n;
    }
    return std::nullopt;
}

} // namespace pkitool::der
