#include "pkitool/der/strings.hpp"

#include "pkitool/der/reader.hpp"

namespace pkitool::der {

namespace {

constexpr char32_t k_replacement = 0xFFFD;

void append_utf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool is_surrogate(char32_t c)
{
    return c >= 0xD800 && c <= 0xDFFF;
}

void note(StringDecode& out, const std::string& what, std::size_t octet)
{
    if (out.problem.empty()) {
        out.problem = what + " at octet " + std::to_string(octet);
    }
}

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
StringDecode utf8(std::span<const std::uint8_t> in)
{
    StringDecode out;
    std::size_t i = 0;
    while (i < in.size()) {
        const std::uint8_t b = in[i];
        std::size_t extra = 0;
        char32_t c = 0;
        char32_t min = 0;
        if (b < 0x80) {
            out.text += static_cast<char>(b);
            ++i;
            continue;
        }
        if ((b & 0xE0) == 0xC0) {
            extra = 1;
            c = b & 0x1F;
            min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            extra = 2;
            c = b & 0x0F;
            min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            extra = 3;
            c = b & 0x07;
            min = 0x10000;
        } else {
            note(out, "invalid UTF-8", i);
            append_utf8(out.text, k_replacement);
            ++i;
            continue;
        }
        bool ok = i + extra < in.size();
        for (std::size_t k = 1; ok && k <= extra; ++k) {
            if ((in[i + k] & 0xC0) != 0x80) {
                ok = false;
            } else {
                c = (c << 6) | (in[i + k] & 0x3F);
            }
        }
        if (!ok || c < min || c > 0x10FFFF || is_surrogate(c)) {
            note(out, "invalid UTF-8", i);
            append_utf8(out.text, k_replacement);
            ++i;
            continue;
        }
        append_utf8(out.text, c);
        i += extra + 1;
    }
    return out;
}

// One octet per character, each checked by `allowed`; the type is named in
// the problem.
template <typename Allowed> StringDecode octets(std::span<const std::uint8_t> in, const char* type, Allowed allowed)
{
    StringDecode out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const std::uint8_t b = in[i];
        if (!allowed(b)) {
            note(out, std::string("a character not allowed in a ") + type, i);
        }
        append_utf8(out.text, b < 0x80 ? static_cast<char32_t>(b) : k_replacement);
    }
    return out;
}

bool printable(std::uint8_t b)
{
    if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        return true;
    }
    const std::string_view extra = " '()+,-./:=?";
    return extra.find(static_cast<char>(b)) != std::string_view::npos;
}

// BMPString is UCS-2: two octets a character, surrogates are not characters.
StringDecode bmp(std::span<const std::uint8_t> in)
{
    StringDecode out;
    if (in.size() % 2 != 0) {
        note(out, "odd length for a BMPString", in.size() - 1);
    }
    for (std::size_t i = 0; i + 1 < in.size(); i += 2) {
        const auto c = static_cast<char32_t>((in[i] << 8) | in[i + 1]);
        if (is_surrogate(c)) {
            note(out, "a surrogate (BMPString holds UCS-2, not UTF-16)", i);
            append_utf8(out.text, k_replacement);
        } else {
            append_utf8(out.text, c);
        }
    }
    return out;
}

// UniversalString is UCS-4, big-endian.
StringDecode universal(std::span<const std::uint8_t> in)
{
    StringDecode out;
    if (in.size() % 4 != 0) {
        note(out, "a length that is no multiple of 4 for a UniversalString", in.size() - in.size() % 4);
    }
    for (std::size_t i = 0; i + 3 < in.size(); i += 4) {
        const auto c = static_cast<char32_t>(
            (static_cast<std::uint32_t>(in[i]) << 24) | (in[i + 1] << 16) | (in[i + 2] << 8) | in[i + 3]);
        if (c > 0x10FFFF || is_surrogate(c)) {
            note(out, "a value that is no character", i);
            append_utf8(out.text, k_replacement);
        } else {
            append_utf8(out.text, c);
        }
    }
    return out;
}

} // namespace

bool is_string_tag(std::uint32_t universal_tag)
{
    switch (universal_tag) {
    case tag::utf8_string:
    case 18: // NumericString
    case tag::printable_string:
    case tag::t61_string:
    case 21: // VideotexString
    case tag::ia5_string:
    case 25: // GraphicString
    case tag::visible_string:
    case 27: // GeneralString
    case tag::universal_string:
    case tag::bmp_string: return true;
    default: return false;
    }
}

StringDecode decode_string(std::uint32_t universal_tag, std::span<const std::uint8_t> contents)
{
    switch (universal_tag) {
    case tag::utf8_string: return utf8(contents);
    case tag::bmp_string: return bmp(contents);
    case tag::universal_string: return universal(contents);
    case tag::printable_string: return octets(contents, "PrintableString", printable);
    case tag::ia5_string: return octets(contents, "IA5String", [](std::uint8_t b) { return b < 0x80; });
    case tag::visible_string:
        return octets(contents, "VisibleString", [](std::uint8_t b) { return b >= 0x20 && b < 0x7F; });
    case 18:
        return octets(contents, "NumericString", [](std::uint8_t b) { return (b >= '0' && b <= '9') || b == ' '; });
    default: {
        // TeletexString (T.61) and the ISO 2022 types: read as Latin-1, as
        // OpenSSL and Botan do; their escape sequences are not interpreted.
        StringDecode out;
        for (const std::uint8_t b : contents) {
            append_utf8(out.text, b);
        }
        return out;
    }
    }
}

} // namespace pkitool::der
