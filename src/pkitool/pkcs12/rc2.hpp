// RC2 (RFC 2268) as a Botan::BlockCipher, so Botan's CBC mode can drive
// it: legacy PKCS#12 files encrypt their certificates with 40-bit RC2, and
// Botan dropped the cipher. Weak by any standard; read-compatibility only,
// plus writing for importers that know nothing newer.
#pragma once

#include <botan/block_cipher.h>
#include <botan/version.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

namespace pkitool::pkcs12 {

class Rc2 final : public Botan::BlockCipher {
public:
    // `effective_bits` is RFC 2268's T1 (1..1024); PKCS#12's RC2-40 uses 40.
    explicit Rc2(std::size_t effective_bits);

    std::size_t block_size() const override { return 8; }
    Botan::Key_Length_Specification key_spec() const override { return {1, 128}; }
    std::string name() const override;
    void clear() override;
    void encrypt_n(const std::uint8_t in[], std::uint8_t out[], std::size_t blocks) const override;
    void decrypt_n(const std::uint8_t in[], std::uint8_t out[], std::size_t blocks) const override;

#if BOTAN_VERSION_MAJOR >= 3
    std::unique_ptr<Botan::BlockCipher> new_object() const override
    {
        return std::make_unique<Rc2>(m_effective_bits);
    }
    bool has_keying_material() const override
    {
        return m_keyed;
    }

private:
    void key_schedule(std::span<const std::uint8_t> key) override
    {
        schedule(key.data(), key.size());
    }
#else
    Botan::BlockCipher* clone() const override
    {
        return new Rc2(m_effective_bits);
    } // NOLINT: Botan 2 owns it

private:
    void key_schedule(const std::uint8_t key[], std::size_t length) override
    {
        schedule(key, length);
    }
#endif

    void schedule(const std::uint8_t key[], std::size_t length);
    void require_key() const;

    std::size_t m_effective_bits;
    std::array<std::uint16_t, 64> m_k{};
    bool m_keyed = false;
};

} // namespace pkitool::pkcs12
