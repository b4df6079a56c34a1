// Every difference between Botan 2.19 and Botan 3 that pkitool meets lives
// here, so the rest of the code is written once against these names.
#pragma once

#include <botan/asn1_obj.h>
#include <botan/ber_dec.h>
#include <botan/bigint.h>
#include <botan/block_cipher.h>
#include <botan/cipher_mode.h>
#include <botan/data_src.h>
#include <botan/der_enc.h>
#include <botan/ec_group.h>
#include <botan/hash.h>
#include <botan/pk_keys.h>
#include <botan/pkix_enums.h>
#include <botan/pubkey.h>
#include <botan/version.h>
#include <botan/x509_key.h>
#include <botan/x509_obj.h>

#if BOTAN_VERSION_MAJOR < 3
#include <botan/cbc.h>
#include <botan/mode_pad.h>
#endif

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace pkitool::compat {

#if BOTAN_VERSION_MAJOR >= 3
using AsnType = Botan::ASN1_Type;
using AsnClass = Botan::ASN1_Class;
#else
using AsnType = Botan::ASN1_Tag;
using AsnClass = Botan::ASN1_Tag;
#endif

// The low 32 bits of `n` (BigInt::to_u32bit is deprecated in Botan 3 with
// no replacement); callers check the size first.
inline std::uint32_t to_u32(const Botan::BigInt& n)
{
    std::uint32_t out = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        out |= static_cast<std::uint32_t>(n.byte_at(i)) << (8 * i);
    }
    return out;
}

// Tag number and class bits (including the constructed bit 0x20) of a
// decoded object, as plain numbers.
inline std::uint32_t tag_number(const Botan::BER_Object& obj)
{
    return static_cast<std::uint32_t>(obj.type());
}

inline std::uint32_t tag_class(const Botan::BER_Object& obj)
{
    return static_cast<std::uint32_t>(obj.get_class());
}

inline void add_object(
    Botan::DER_Encoder& enc, std::uint32_t number, std::uint32_t cls, std::span<const std::uint8_t> contents)
{
    enc.add_object(static_cast<AsnType>(number), static_cast<AsnClass>(cls), contents.data(), contents.size());
}

// Botan 2 returns an owning raw pointer here, Botan 3 a unique_ptr.
inline std::unique_ptr<Botan::Public_Key> load_public_key(std::span<const std::uint8_t> spki)
{
    Botan::DataSource_Memory source(spki.data(), spki.size());
#if BOTAN_VERSION_MAJOR >= 3
    return Botan::X509::load_key(source);
#else
    return std::unique_ptr<Botan::Public_Key>(Botan::X509::load_key(source));
#endif
}

// The padding name Botan uses for RSA PKCS#1 v1.5 signatures with `hash`
// ("EMSA3(SHA-256)" in Botan 2, "PKCS1v15(SHA-256)" in Botan 3).
inline std::string rsa_pkcs1v15_padding(const std::string& hash)
{
#if BOTAN_VERSION_MAJOR >= 3
    return "PKCS1v15(" + hash + ")";
#else
    return "EMSA3(" + hash + ")";
#endif
}

// A signature check that tells a bad signature from an algorithm Botan
// cannot check (Botan 3 returns the code with a message).
inline Botan::Certificate_Status_Code signature_status(const Botan::X509_Object& object, const Botan::Public_Key& key)
{
#if BOTAN_VERSION_MAJOR >= 3
    return object.verify_signature(key).first;
#else
    return object.verify_signature(key);
#endif
}

// The padding name for ECDSA with `hash`.
inline std::string ecdsa_padding(const std::string& hash)
{
#if BOTAN_VERSION_MAJOR >= 3
    return hash;
#else
    return "EMSA1(" + hash + ")";
#endif
}

// Signature encodings: PKCS#1 as is, ECDSA as the DER SEQUENCE X.509 wants.
#if BOTAN_VERSION_MAJOR >= 3
inline constexpr Botan::Signature_Format k_standard_signature = Botan::Signature_Format::Standard;
inline constexpr Botan::Signature_Format k_der_signature = Botan::Signature_Format::DerSequence;
#else
inline constexpr Botan::Signature_Format k_standard_signature = Botan::IEEE_1363;
inline constexpr Botan::Signature_Format k_der_signature = Botan::DER_SEQUENCE;
#endif

// A named curve ("secp256r1").
inline Botan::EC_Group ec_group(const std::string& name)
{
#if BOTAN_VERSION_MAJOR >= 3
    return Botan::EC_Group::from_name(name);
#else
    return Botan::EC_Group(name);
#endif
}

// A cipher mode by name ("AES-256/CBC/PKCS7"); nullptr when Botan lacks it.
inline std::unique_ptr<Botan::Cipher_Mode> cipher_mode(const std::string& name, bool encrypt)
{
#if BOTAN_VERSION_MAJOR >= 3
    return Botan::Cipher_Mode::create(name, encrypt ? Botan::Cipher_Dir::Encryption : Botan::Cipher_Dir::Decryption);
#else
    return Botan::Cipher_Mode::create(name, encrypt ? Botan::ENCRYPTION : Botan::DECRYPTION);
#endif
}

// CBC with PKCS#7 padding over a block cipher Botan does not know (RC2).
// Botan 2 exports its CBC mode; Botan 3 keeps it internal, so there the
// few lines of chaining are written out. Throws Botan::Exception on bad
// padding or a length that is not a whole number of blocks.
inline Botan::secure_vector<std::uint8_t> cbc_with(std::unique_ptr<Botan::BlockCipher> cipher,
    std::span<const std::uint8_t> key, std::span<const std::uint8_t> iv, std::span<const std::uint8_t> data,
    bool encrypt)
{
    Botan::secure_vector<std::uint8_t> buffer(data.begin(), data.end());
#if BOTAN_VERSION_MAJOR >= 3
    const std::size_t bs = cipher->block_size();
    cipher->set_key(key);
    std::vector<std::uint8_t> chain(iv.begin(), iv.end());
    if (encrypt) {
        const std::size_t pad = bs - buffer.size() % bs;
        buffer.insert(buffer.end(), pad, static_cast<std::uint8_t>(pad));
        for (std::size_t off = 0; off < buffer.size(); off += bs) {
            for (std::size_t i = 0; i < bs; ++i) {
                buffer[off + i] ^= chain[i];
            }
            cipher->encrypt(&buffer[off]);
            std::copy(&buffer[off], &buffer[off] + bs, chain.begin());
        }
        return buffer;
    }
    if (buffer.empty() || buffer.size() % bs != 0) {
        throw Botan::Decoding_Error("CBC ciphertext is not a whole number of blocks");
    }
    for (std::size_t off = 0; off < buffer.size(); off += bs) {
        const std::vector<std::uint8_t> next(&buffer[off], &buffer[off] + bs);
        cipher->decrypt(&buffer[off]);
        for (std::size_t i = 0; i < bs; ++i) {
            buffer[off + i] ^= chain[i];
        }
        chain = next;
    }
    const std::size_t pad = buffer.back();
    if (pad == 0 || pad > bs) {
        throw Botan::Decoding_Error("bad CBC padding");
    }
    for (std::size_t i = 0; i < pad; ++i) {
        if (buffer[buffer.size() - 1 - i] != pad) {
            throw Botan::Decoding_Error("bad CBC padding");
        }
    }
    buffer.resize(buffer.size() - pad);
    return buffer;
#else
    std::unique_ptr<Botan::Cipher_Mode> mode;
    if (encrypt) {
        mode = std::make_unique<Botan::CBC_Encryption>(
            cipher.release(), new Botan::PKCS7_Padding); // NOLINT: owned by the mode
    } else {
        mode = std::make_unique<Botan::CBC_Decryption>(
            cipher.release(), new Botan::PKCS7_Padding); // NOLINT: owned by the mode
    }
    mode->set_key(key.data(), key.size());
    mode->start(iv.data(), iv.size());
    mode->finish(buffer);
    return buffer;
#endif
}

// A hash pkitool writes itself because Botan lacks it, as a
// Botan::HashFunction: a subclass implements absorb(), finish() (which also
// resets) and fresh_copy(); the virtuals whose signatures differ between
// Botan 2 and 3 forward to them.
class OwnHash : public Botan::HashFunction {
public:
    std::unique_ptr<Botan::HashFunction> copy_state() const override { return fresh_copy(true); }
#if BOTAN_VERSION_MAJOR >= 3
    std::unique_ptr<Botan::HashFunction> new_object() const override
    {
        return fresh_copy(false);
    }

private:
    void add_data(std::span<const std::uint8_t> in) override
    {
        absorb(in.data(), in.size());
    }
    void final_result(std::span<std::uint8_t> out) override
    {
        finish(out.data());
    }
#else
    // Botan 2's interface hands out an owning raw pointer.
    Botan::HashFunction* clone() const override
    {
        return fresh_copy(false).release();
    }

private:
    void add_data(const std::uint8_t in[], std::size_t length) override
    {
        absorb(in, length);
    }
    void final_result(std::uint8_t out[]) override
    {
        finish(out);
    }
#endif

protected:
    virtual void absorb(const std::uint8_t* in, std::size_t length) = 0;
    virtual void finish(std::uint8_t* out) = 0;
    virtual std::unique_ptr<Botan::HashFunction> fresh_copy(bool with_state) const = 0;
};

} // namespace pkitool::compat
