#include "pkitool/der/header.hpp"

namespace pkitool::der {

namespace {

// `value` in base 2^shift, most significant digit first, each digit or'ed
// with `more` except the last: the high tag number form (7 bits a digit,
// 0x80 on all but the last) and the long length form (8 bits, no flag).
void put_digits(Header& h, std::uint64_t value, unsigned shift, std::uint8_t more)
{
    std::array<std::uint8_t, 10> digits{};
    std::size_t n = 0;
    const std::uint64_t mask = (1U << shift) - 1U;
    for (; value != 0; value >>= shift) {
        digits.at(n) = static_cast<std::uint8_t>((value & mask) | (n == 0 ? 0U : more));
        ++n;
    }
    while (n > 0) {
        h.octets.at(h.size++) = digits.at(--n);
    }
}

} // namespace

Header der_header(std::uint32_t number, std::uint32_t class_bits, std::size_t length)
{
    Header h;
    if (number < 31) {
        h.octets.at(h.size++) = static_cast<std::uint8_t>(class_bits | number);
    } else {
        h.octets.at(h.size++) = static_cast<std::uint8_t>(class_bits | 31U);
        put_digits(h, number, 7, 0x80);
    }
    if (length < 0x80) {
        h.octets.at(h.size++) = static_cast<std::uint8_t>(length);
    } else {
        const std::size_t at = h.size++;
        put_digits(h, length, 8, 0);
        h.octets.at(at) = static_cast<std::uint8_t>(0x80U | (h.size - at - 1));
    }
    return h;
}

} // namespace pkitool::der
