// SHA-512/224 (FIPS 180-4 section 6.5): SHA-512 with its own initial value,
// cut to 28 octets. PKCS#12 files may name it as their MAC digest or as
// PBKDF2's PRF (hmacWithSHA512-224); neither Botan 2.19 nor Botan 3 has it,
// so it is written here, as a Botan::HashFunction for the PKCS#12 KDF, and
// tested against the published vectors.
#pragma once

#include "pkitool/botan_compat.hpp"

#include <array>
#include <cstdint>
#include <memory>

namespace pkitool::pkcs12 {

class Sha512_224 final : public compat::OwnHash {
public:
    Sha512_224();

    std::string name() const override { return "SHA-512-224"; }
    std::size_t output_length() const override { return 28; }
    std::size_t hash_block_size() const override { return 128; }
    void clear() override;

private:
    void absorb(const std::uint8_t* in, std::size_t length) override;
    void finish(std::uint8_t* out) override;
    std::unique_ptr<Botan::HashFunction> fresh_copy(bool with_state) const override;
    void compress(const std::uint8_t* block);

    std::array<std::uint64_t, 8> m_state{};
    std::array<std::uint8_t, 128> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0; // octets absorbed
};

} // namespace pkitool::pkcs12
