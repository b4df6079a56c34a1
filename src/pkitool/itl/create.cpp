#include "pkitool/itl/create.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/error.hpp"
#include "pkitool/itl/verify.hpp"

#include <botan/pubkey.h>

#include <algorithm>

namespace pkitool::itl {

namespace {

Field make(std::uint8_t tag, Bytes value)
{
    Field f;
    f.tag = tag;
    f.value = std::move(value);
    return f;
}

Field text_field(std::uint8_t tag, const std::string& text)
{
    Bytes value(text.begin(), text.end());
    value.push_back(0);
    return make(tag, std::move(value));
}

Field number_field(std::uint8_t tag, std::uint32_t value, std::size_t octets)
{
    Bytes bytes(octets);
    for (std::size_t i = 0; i < octets; ++i) {
        bytes[octets - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
    }
    return make(tag, std::move(bytes));
}

Field container(std::uint8_t tag, std::vector<Field> children)
{
    Field f;
    f.tag = tag;
    f.container = true;
    f.children = std::move(children);
    return f;
}

void check_value_size(const std::string& what, std::size_t size)
{
    if (size > 0xFFFF) {
        throw UsageError(what + " is " + std::to_string(size) + " bytes; a trust-list field holds at most 65535");
    }
}

Record make_record(const RecordSpec& spec)
{
    const auto& cert = spec.certificate;
    const auto who = "--record " + function_name(spec.function) + "=" + cert.subject.to_string();
    check_value_size(who + ": the certificate", cert.der.size());
    Record r;
    r.fields.push_back(number_field(rtag::record_length, 0, 2));
    if (cert.extensions.subject_alt_names) {
        for (const auto& name : *cert.extensions.subject_alt_names) {
            if (name.kind == x509::GeneralName::Kind::dns) {
                r.fields.push_back(text_field(rtag::dns_name, name.value));
                break;
            }
        }
    }
    r.fields.push_back(text_field(rtag::subject_name, list_name(cert.subject)));
    r.fields.push_back(number_field(rtag::function, spec.function, 2));
    r.fields.push_back(text_field(rtag::issuer_name, list_name(cert.issuer)));
    r.fields.push_back(make(rtag::serial_number, stripped(cert.serial_number())));
    r.fields.push_back(make(rtag::public_key, bit_string_at(cert.public_key.spki, 1, "SubjectPublicKeyInfo")));
    r.fields.push_back(make(rtag::signature, bit_string_at(cert.der, 2, "Certificate")));
    r.fields.push_back(make(rtag::certificate, cert.der));
    std::size_t length = 0;
    for (const auto& f : r.fields) {
        length += f.size();
    }
    check_value_size(who + ": the record", length);
    r.fields.front() = number_field(rtag::record_length, static_cast<std::uint32_t>(length), 2);
    r.length = length;
    return r;
}

std::uint8_t modulus_index(std::size_t bits)
{
    switch (bits) {
    case 512: return 0;
    case 1024: return 1;
    case 2048: return 2;
    case 4096: return 3;
    default:
        throw UsageError("the signer has a " + std::to_string(bits)
            + "-bit RSA key; the SIGNATUREMODULUS field knows 512, 1024, 2048 and 4096 bits");
    }
}

void refuse_weak(const CreateSpec& spec)
{
    if (spec.allow_weak) {
        return;
    }
    if (spec.digest == 1) {
        throw UsageError("--digest sha1 is weak (a collision could forge a trust list); phone firmware that needs "
                         "it is old: add --allow-weak to write it anyway");
    }
    const auto check = [](const x509::Certificate& c, const std::string& who) {
        if ((c.public_key.algorithm == "RSA" || c.public_key.algorithm == "DSA") && c.public_key.bits < 2048) {
            throw UsageError(who + " " + c.subject.to_string() + " has a " + c.public_key.description()
                + " key, under 2048 bits: add --allow-weak to write it anyway");
        }
    };
    check(spec.signer, "the signer");
    for (const auto& r : spec.records) {
        check(r.certificate, "--record " + function_name(r.function));
    }
}

} // namespace

File create(const CreateSpec& spec, const Botan::Private_Key& key, Botan::RandomNumberGenerator& rng)
{
    const auto hash = digest_name(spec.digest);
    if (hash.empty()) {
        throw UsageError("unknown digest code " + std::to_string(spec.digest));
    }
    const auto public_key = key.subject_public_key();
    if (Bytes(public_key.begin(), public_key.end()) != spec.signer.public_key.spki) {
        throw UsageError("--key is not the key of --signer " + spec.signer.subject.to_string());
    }
    if (key.algo_name() != "RSA") {
        throw UsageError("the signer's key is " + key.algo_name()
            + "; trust lists are signed with RSA (no phone is documented to take another algorithm)");
    }
    refuse_weak(spec);
    const std::size_t signature_size = (key.key_length() + 7) / 8;
    const auto modulus = modulus_index(key.key_length());

    std::vector<RecordSpec> records = spec.records;
    const bool signer_listed = std::any_of(records.begin(), records.end(),
        [&](const RecordSpec& r) { return r.function == 0 && r.certificate.der == spec.signer.der; });
    if (!signer_listed) {
        records.insert(records.begin(), RecordSpec{0, spec.signer});
    }
    const auto sast
        = std::count_if(records.begin(), records.end(), [](const RecordSpec& r) { return r.function == 0; });
    if (static_cast<std::size_t>(sast) > k_phone_max_sast) {
        throw UsageError(std::to_string(sast) + " SAST records (the signer counts as one); phones accept at most 2");
    }

    File file;
    file.header.push_back(make(tag::version, {1, 2}));
    file.header.push_back(number_field(tag::header_length, 0, 2));
    file.header.push_back(container(tag::signer_id,
        {text_field(tag::signer_name, list_name(spec.signer.subject)),
            make(tag::serial_number, stripped(spec.signer.serial_number())),
            text_field(tag::ca_name, list_name(spec.signer.issuer))}));
    file.header.push_back(container(tag::signature_info,
        {make(tag::digest_algorithm, {spec.digest}),
            container(tag::signature_algo_info,
                {make(tag::signature_algorithm, {k_rsa}), make(tag::signature_modulus, {modulus})})}));
    file.header.push_back(make(tag::signature, Bytes(signature_size, 0)));
    const auto filename = spec.filename.empty() ? std::string(spec.ctl ? "CTLFile.tlv" : "ITLFile.tlv") : spec.filename;
    file.header.push_back(text_field(tag::filename, filename));
    file.header.push_back(number_field(tag::timestamp, spec.timestamp, 4));
    std::size_t header_length = 0;
    for (const auto& f : file.header) {
        header_length += f.size();
    }
    while (header_length % 4 != 0) {
        Field pad;
        pad.tag = tag::padding;
        pad.padding = true;
        file.header.push_back(pad);
        ++header_length;
    }
    check_value_size("the header", header_length);
    file.header[1] = number_field(tag::header_length, static_cast<std::uint32_t>(header_length), 2);
    for (const auto& r : records) {
        file.records.push_back(make_record(r));
    }

    // Sign what the phones check: everything but the SIGNATURE field.
    file.bytes = serialize(file);
    auto reparsed = parse(file.bytes);
    const auto data = signed_bytes(reparsed);
    Botan::PK_Signer signer(key, rng, compat::rsa_pkcs1v15_padding(hash), compat::k_standard_signature);
    const auto signature = signer.sign_message(data, rng);
    if (signature.size() != signature_size) {
        throw InternalError("the RSA signature has " + std::to_string(signature.size()) + " bytes, expected "
            + std::to_string(signature_size));
    }
    file.header[4].value.assign(signature.begin(), signature.end());
    return parse(serialize(file));
}

} // namespace pkitool::itl
