// Every difference between Botan 2.19 and Botan 3 that pkitool meets lives
// here, so the rest of the code is written once against these names.
#pragma once

#include <botan/asn1_obj.h>
#include <botan/ber_dec.h>
#include <botan/data_src.h>
#include <botan/der_enc.h>
#include <botan/ec_group.h>
#include <botan/pk_keys.h>
#include <botan/pkix_enums.h>
#include <botan/pubkey.h>
#include <botan/version.h>
#include <botan/x509_key.h>
#include <botan/x509_obj.h>

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

} // namespace pkitool::compat
