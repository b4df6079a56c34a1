// The identifier and length octets DER gives a value: what the strict
// check compares each header with, and what an element read leniently is
// written back with.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace pkitool::der {

// At most 6 identifier octets (a 32-bit tag number) and 9 length octets.
struct Header {
    std::array<std::uint8_t, 16> octets{};
    std::size_t size = 0;

    std::span<const std::uint8_t> bytes() const& { return {octets.data(), size}; }
    // A view of a temporary's octets would dangle.
    std::span<const std::uint8_t> bytes() const&& = delete;
};

// X.690 8.1.2, 8.1.3 and 10.1: the low tag form below 31, the shortest
// definite length. `class_bits` holds the class and the constructed bit.
Header der_header(std::uint32_t number, std::uint32_t class_bits, std::size_t length);

} // namespace pkitool::der
