#include "pkitool/der/writer.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/reader.hpp"

#include <algorithm>

namespace pkitool::der {

Bytes tlv(std::uint32_t number, std::uint32_t class_bits, const Bytes& contents)
{
    Botan::DER_Encoder enc;
    compat::add_object(enc, number, class_bits, contents);
    const auto out = enc.get_contents();
    return {out.begin(), out.end()};
}

Bytes concat(const std::vector<Bytes>& parts)
{
    Bytes out;
    for (const auto& p : parts) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

Bytes sequence(const std::vector<Bytes>& parts)
{
    return tlv(tag::sequence, k_constructed, concat(parts));
}

Bytes set(const std::vector<Bytes>& parts)
{
    // DER orders the elements of a SET OF by their encodings.
    std::vector<Bytes> sorted = parts;
    std::sort(sorted.begin(), sorted.end());
    return tlv(tag::set, k_constructed, concat(sorted));
}

Bytes object_identifier(const std::string& dotted)
{
    Botan::DER_Encoder enc;
    enc.encode(Botan::OID(dotted));
    const auto out = enc.get_contents();
    return {out.begin(), out.end()};
}

Bytes octet_string(const Bytes& contents)
{
    return tlv(tag::octet_string, 0, contents);
}

Bytes boolean(bool value)
{
    return tlv(tag::boolean, 0, {static_cast<std::uint8_t>(value ? 0xFF : 0x00)});
}

Bytes small_integer(std::uint64_t value)
{
    Bytes contents;
    do {
        contents.insert(contents.begin(), static_cast<std::uint8_t>(value & 0xFF));
        value >>= 8;
    } while (value != 0);
    if ((contents.front() & 0x80) != 0) {
        contents.insert(contents.begin(), 0x00);
    }
    return tlv(tag::integer, 0, contents);
}

Bytes directory_string(std::string_view text)
{
    const bool printable = std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || std::string_view(" '()+,-./:=?").find(c) != std::string_view::npos;
    });
    return tlv(printable ? tag::printable_string : tag::utf8_string, 0, Bytes(text.begin(), text.end()));
}

Bytes named_bits(std::uint32_t bits)
{
    int highest = -1;
    for (int i = 0; i < 32; ++i) {
        if ((bits >> i) & 1U) {
            highest = i;
        }
    }
    const std::size_t octets = highest < 0 ? 0 : static_cast<std::size_t>(highest / 8 + 1);
    Bytes contents(octets + 1, 0);
    contents[0] = highest < 0 ? 0 : static_cast<std::uint8_t>(7 - highest % 8);
    for (int i = 0; i <= highest; ++i) {
        if ((bits >> i) & 1U) {
            contents[1 + static_cast<std::size_t>(i / 8)] |= static_cast<std::uint8_t>(0x80U >> (i % 8));
        }
    }
    return tlv(tag::bit_string, 0, contents);
}

} // namespace pkitool::der
