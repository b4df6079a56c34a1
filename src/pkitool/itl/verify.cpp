#include "pkitool/itl/verify.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/botan_message.hpp"
#include "pkitool/der/reader.hpp"
#include "pkitool/der/writer.hpp"
#include "pkitool/error.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/text.hpp"
#include "pkitool/util/time.hpp"

#include <botan/exceptn.h>
#include <botan/pubkey.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace pkitool::itl {

namespace {

std::string trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\"");
    if (first == std::string_view::npos) {
        return "";
    }
    const auto last = s.find_last_not_of(" \t\"");
    return std::string(s.substr(first, last - first + 1));
}

using Attributes = std::vector<std::pair<std::string, std::string>>;

// "CN=a;OU=b" (CUCM) or "C=US,O=x,CN=y" (other tools): label and value
// pairs, labels and values folded for comparison, sorted.
Attributes split_list_name(std::string_view name)
{
    const char separator = name.find(';') != std::string_view::npos ? ';' : ',';
    Attributes out;
    std::size_t start = 0;
    while (start <= name.size()) {
        auto end = name.find(separator, start);
        if (end == std::string_view::npos) {
            end = name.size();
        }
        const auto part = name.substr(start, end - start);
        const auto eq = part.find('=');
        if (eq != std::string_view::npos) {
            out.emplace_back(util::ascii_lower(trim(part.substr(0, eq))), util::ascii_lower(trim(part.substr(eq + 1))));
        }
        start = end + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
}

Attributes name_attributes(const x509::Name& name)
{
    Attributes out;
    for (const auto& rdn : name.rdns) {
        for (const auto& a : rdn) {
            out.emplace_back(util::ascii_lower(a.label), util::ascii_lower(trim(a.value)));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// An RSAPublicKey (PKCS#1) wrapped as a SubjectPublicKeyInfo.
Bytes rsa_spki(const Bytes& pkcs1)
{
    Bytes bits(pkcs1.size() + 1, 0x00); // no unused bits, then the key
    std::copy(pkcs1.begin(), pkcs1.end(), bits.begin() + 1);
    return der::sequence(
        {der::sequence({der::object_identifier("1.2.840.113549.1.1.1"), der::tlv(der::tag::null, 0, {})}),
            der::tlv(der::tag::bit_string, 0, bits)});
}

// Where a header field starts, when the file has it (a hostile file may
// lack any of them).
std::optional<std::size_t> header_offset(const File& file, std::uint8_t tag)
{
    const auto* field = file.header_field(tag);
    return field == nullptr ? std::nullopt : std::optional<std::size_t>(field->offset);
}

void add(std::vector<Finding>& out, std::string rule, Severity severity, std::string message, std::string value,
    const RecordView* v = nullptr, std::optional<std::size_t> offset = std::nullopt)
{
    Finding f{std::move(rule), severity, std::move(message), std::move(value), {}, offset};
    if (v != nullptr) {
        f.path = "record[" + std::to_string(v->index + 1) + "]";
        if (!f.offset) {
            f.offset = v->record->offset;
        }
    }
    out.push_back(std::move(f));
}

const Field* field_of(const RecordView& v, std::uint8_t tag)
{
    return v.record->find(tag);
}

void check_record(const RecordView& v, const VerifyOptions& options, std::vector<Finding>& out)
{
    const auto label = record_label(v);
    if (!v.record->function()) {
        add(out, "itl.record-no-function", Severity::warning, label + " has no FUNCTION (tag 4, 2 bytes)", "", &v);
    }
    if (!v.certificate_problem.empty()) {
        add(out, "itl.record-certificate-unreadable", Severity::error,
            label + ": its CERTIFICATE cannot be read: " + v.certificate_problem, "", &v,
            field_of(v, rtag::certificate)->offset);
        return;
    }
    if (!v.certificate) {
        return;
    }
    const auto& cert = *v.certificate;
    if (const auto* f = field_of(v, rtag::subject_name); f != nullptr && !same_list_name(f->text(), cert.subject)) {
        add(out, "itl.record-subject-mismatch", Severity::warning,
            label + ": SUBJECTNAME is not the certificate's subject (" + cert.subject.to_string() + ")", f->text(), &v,
            f->offset);
    }
    if (const auto* f = field_of(v, rtag::issuer_name); f != nullptr && !same_list_name(f->text(), cert.issuer)) {
        add(out, "itl.record-issuer-mismatch", Severity::warning,
            label + ": ISSUERNAME is not the certificate's issuer (" + cert.issuer.to_string() + ")", f->text(), &v,
            f->offset);
    }
    if (const auto* f = field_of(v, rtag::serial_number);
        f != nullptr && stripped(f->value) != stripped(cert.serial_number())) {
        add(out, "itl.record-serial-mismatch", Severity::error,
            label + ": SERIALNUMBER is not the certificate's serial (" + util::hex_colons(cert.serial_number()) + ")",
            util::hex_colons(f->value), &v, f->offset);
    }
    if (const auto* f = field_of(v, rtag::public_key); f != nullptr) {
        Bytes key;
        try {
            key = bit_string_at(cert.public_key.spki, 1, "SubjectPublicKeyInfo");
        } catch (const Error&) {
        }
        if (key != f->value) {
            add(out, "itl.record-key-mismatch", Severity::error,
                label + ": PUBLICKEY is not the certificate's public key: phones would verify with another key",
                std::to_string(f->value.size()) + " bytes", &v, f->offset);
        }
    }
    if (const auto* f = field_of(v, rtag::signature); f != nullptr) {
        Bytes signature;
        try {
            signature = bit_string_at(cert.der, 2, "Certificate");
        } catch (const Error&) {
        }
        if (signature != f->value) {
            add(out, "itl.record-signature-mismatch", Severity::warning,
                label + ": SIGNATURE is not the certificate's signature value",
                std::to_string(f->value.size()) + " bytes", &v, f->offset);
        }
    }
    const auto not_after = der::check_time(cert.not_after).value;
    const auto not_before = der::check_time(cert.not_before).value;
    if (not_after && *not_after < options.at) {
        add(out, "itl.expired", Severity::error, label + " expired on " + util::format_iso(*not_after),
            cert.not_after.text, &v);
    } else if (not_after && *not_after < options.at + options.warn_days * util::k_seconds_per_day) {
        add(out, "itl.expires-soon", Severity::warning,
            label + " expires on " + util::format_iso(*not_after) + ", within " + std::to_string(options.warn_days)
                + " days",
            cert.not_after.text, &v);
    }
    if (not_before && *not_before > options.at) {
        add(out, "itl.not-yet-valid", Severity::warning,
            label + " is not valid before " + util::format_iso(*not_before), cert.not_before.text, &v);
    }
    const auto& key = cert.public_key;
    if ((key.algorithm == "RSA" || key.algorithm == "DSA") && key.bits < 2048) {
        add(out, "itl.weak-key", key.bits < 1024 ? Severity::error : Severity::warning,
            label + " has a " + key.description() + " key (CUCM and the phones expect 2048 bits or more)",
            key.description(), &v);
    }
    const auto algorithm = util::ascii_lower(cert.signature_algorithm.name + " " + cert.signature_algorithm.oid);
    if (algorithm.find("md5") != std::string::npos || algorithm.find("md2") != std::string::npos) {
        add(out, "itl.weak-certificate-hash", Severity::warning,
            label + " is signed with " + cert.signature_algorithm.name, cert.signature_algorithm.name, &v);
    }
}

void check_certhash(const RecordView& v, const VerifyOptions& options, std::vector<Finding>& out)
{
    const auto* hash = field_of(v, rtag::cert_hash);
    if (hash == nullptr || v.certificate) {
        return;
    }
    const auto* algorithm_field = field_of(v, rtag::hash_algorithm);
    const auto algorithm = algorithm_field != nullptr && algorithm_field->value.size() == 1
        ? digest_name(algorithm_field->value[0])
        : std::string(hash->value.size() == 20 ? "SHA-1" : "");
    const auto label = record_label(v);
    if (algorithm.empty()) {
        add(out, "itl.certhash-unknown-algorithm", Severity::warning,
            label + ": the CERTHASH algorithm is unknown, so no certificate can be compared with it",
            util::hex(hash->value), &v, hash->offset);
        return;
    }
    const Field* subject = field_of(v, rtag::subject_name);
    for (const auto& cert : options.certs) {
        const auto digest = algorithm == "SHA-1" ? util::sha1(cert.der) : util::sha256(cert.der);
        if (digest == hash->value) {
            add(out, "itl.certhash-matched", Severity::note,
                label + ": CERTHASH is the hash of " + cert.subject.to_string() + " given with --cert",
                util::hex(hash->value), &v, hash->offset);
            return;
        }
    }
    for (const auto& cert : options.certs) {
        if (subject != nullptr && same_list_name(subject->text(), cert.subject)) {
            add(out, "itl.certhash-mismatch", Severity::error,
                label + ": CERTHASH is not the " + algorithm + " of the certificate given with --cert for "
                    + cert.subject.to_string() + " (" + util::hex(util::sha1(cert.der))
                    + "): the node presents another certificate than the one phones trust",
                util::hex(hash->value), &v, hash->offset);
            return;
        }
    }
    if (!options.certs.empty()) {
        add(out, "itl.certhash-unchecked", Severity::note,
            label + ": no certificate given with --cert has this subject or hash", util::hex(hash->value), &v,
            hash->offset);
    }
}

std::string describe_generation(const File& file, const std::vector<RecordView>& views, std::size_t signer)
{
    const auto& s = views[signer];
    if (is_itl_recovery(s)) {
        return "CUCM 12.0 or later: signed by the ITLRecovery certificate";
    }
    for (const auto& v : views) {
        const auto f = v.record->function();
        if (v.index != signer && f && (*f == 1 || *f == 2 || *f == 3)
            && stripped(v.record->serial()) == stripped(s.record->serial())) {
            return "CUCM 8.x to 11.5: signed by the TFTP node's CallManager certificate";
        }
    }
    if (file.header_field(tag::signer_version) != nullptr) {
        return "not CUCM: a third-party tool's file (SIGNERVERSION, tag 28), signed by its own SAST record";
    }
    return file.kind() == "CTL" ? "a SAST security token (hardware eToken or CUCM's tokenless CTL)"
                                : "not CUCM's ITL signer: a SAST record that is neither ITLRecovery nor CallManager";
}

} // namespace

Bytes bit_string_at(std::span<const std::uint8_t> der, std::size_t index, const std::string& what)
{
    der::Reader outer(der, what);
    auto children = outer.next(der::tag::sequence, what).children();
    for (std::size_t i = 0; i < index; ++i) {
        children.next("field");
    }
    return children.next(der::tag::bit_string, what + " BIT STRING").bit_string_bytes();
}

Bytes stripped(std::span<const std::uint8_t> serial)
{
    std::size_t i = 0;
    while (i + 1 < serial.size() && serial[i] == 0) {
        ++i;
    }
    return Bytes(serial.begin() + static_cast<std::ptrdiff_t>(i), serial.end());
}

bool same_list_name(std::string_view list_name_text, const x509::Name& name)
{
    return split_list_name(list_name_text) == name_attributes(name);
}

bool same_list_names(std::string_view a, std::string_view b)
{
    return split_list_name(a) == split_list_name(b);
}

std::string list_name_key(std::string_view list_name_text)
{
    std::string out;
    for (const auto& [label, value] : split_list_name(list_name_text)) {
        out += label + "=" + value + ";";
    }
    return out;
}

std::string list_common_name(std::string_view list_name_text)
{
    for (const auto& [label, value] : split_list_name(list_name_text)) {
        if (label == "cn") {
            return value;
        }
    }
    return "";
}

std::string list_name(const x509::Name& name)
{
    std::string out;
    for (auto rdn = name.rdns.rbegin(); rdn != name.rdns.rend(); ++rdn) {
        for (const auto& a : *rdn) {
            out += (out.empty() ? "" : ";") + a.label + "=" + a.value;
        }
    }
    return out;
}

RecordView view(const File& file, std::size_t index)
{
    RecordView v;
    v.index = index;
    v.record = &file.records.at(index);
    if (const auto* der = v.record->certificate()) {
        v.sha1 = util::sha1(*der);
        v.sha256 = util::sha256(*der);
        try {
            v.certificate = x509::parse_certificate(*der);
            v.spki = v.certificate->public_key.spki;
        } catch (const Error& e) {
            v.certificate_problem = e.what();
        }
    } else if (const auto* hash = v.record->find(rtag::cert_hash); hash != nullptr && hash->value.size() == 20) {
        v.sha1 = hash->value;
    }
    if (v.spki.empty()) {
        if (const auto* key = v.record->find(rtag::public_key);
            key != nullptr && !key->value.empty() && key->value[0] == 0x30) {
            v.spki = rsa_spki(key->value);
        }
    }
    return v;
}

std::string record_label(const RecordView& v)
{
    const auto f = v.record->function();
    return "record #" + std::to_string(v.index + 1) + " (" + (f ? function_name(*f) : "no function") + " "
        + v.record->subject() + ")";
}

std::vector<RecordView> views(const File& file)
{
    std::vector<RecordView> out;
    for (std::size_t i = 0; i < file.records.size(); ++i) {
        out.push_back(view(file, i));
    }
    return out;
}

bool is_itl_recovery(const RecordView& record)
{
    const auto cn = record.certificate ? record.certificate->subject.common_name() : record.record->subject();
    return util::ascii_lower(cn).find("itlrecovery") != std::string::npos;
}

std::optional<std::size_t> find_signer(const File& file)
{
    const auto serial = stripped(file.signer_serial());
    const auto issuer = file.ca_name();
    std::optional<std::size_t> any;
    for (std::size_t i = 0; i < file.records.size(); ++i) {
        const auto& r = file.records[i];
        if (stripped(r.serial()) != serial || !same_list_names(r.issuer(), issuer)) {
            continue;
        }
        if (r.function() == std::uint16_t{0}) {
            return i;
        }
        if (!any) {
            any = i;
        }
    }
    return any;
}

bool signature_verifies(const File& file, std::span<const std::uint8_t> spki)
{
    const auto digest = file.digest();
    const auto hash = digest ? digest_name(*digest) : std::string();
    if (hash.empty()) {
        throw InputError("DIGESTALGORTITHM (tag 8) is "
            + (digest ? std::to_string(*digest) : std::string("missing or not one byte"))
            + "; known: 1 SHA-1, 2 SHA-256, 3 SHA-512");
    }
    const auto algorithm = file.signature_algorithm().value_or(k_rsa);
    if (algorithm != k_rsa && algorithm != k_ecdsa) {
        throw InputError("SIGNATUREALGORTITHM (tag 10) is " + std::to_string(algorithm) + "; known: 0 RSA, 1 ECDSA");
    }
    std::unique_ptr<Botan::Public_Key> key;
    try {
        key = compat::load_public_key(spki);
    } catch (const Botan::Exception& e) {
        throw InputError("the signer's public key cannot be used: " + der::botan_message(e));
    }
    const bool rsa = algorithm == k_rsa;
    const auto& signature = file.signature()->value;
    const auto data = signed_bytes(file);
    try {
        Botan::PK_Verifier verifier(*key, rsa ? compat::rsa_pkcs1v15_padding(hash) : compat::ecdsa_padding(hash),
            rsa ? compat::k_standard_signature : compat::k_der_signature);
        return verifier.verify_message(data.data(), data.size(), signature.data(), signature.size());
    } catch (const Botan::Exception& e) {
        throw InputError("the signature cannot be checked with the signer's key: " + der::botan_message(e));
    }
}

SignatureStatus check_signature(const File& file)
{
    SignatureStatus status;
    try {
        status.signer = find_signer(file);
        if (!status.signer) {
            status.problem = "no record has the signer's serial and issuer";
            return status;
        }
        const auto v = view(file, *status.signer);
        if (v.spki.empty()) {
            status.problem = "the signer's record carries no usable key";
            return status;
        }
        status.valid = signature_verifies(file, v.spki);
    } catch (const InputError& e) {
        status.problem = e.what();
    }
    return status;
}

Verification verify(const File& file, const VerifyOptions& options)
{
    Verification result;
    result.findings = file.findings;
    auto& out = result.findings;
    const auto signer = find_signer(file);
    if (!signer) {
        throw InputError("the signature is by a record that is not there: the header names serial "
            + util::hex_colons(file.signer_serial()) + " issued by \"" + file.ca_name() + "\" and no record has both");
    }
    const auto views = itl::views(file);
    result.signer = *signer;
    const auto& s = views[*signer];
    if (s.spki.empty()) {
        throw InputError(record_label(s)
            + " signed the file, but it carries neither a certificate nor an RSA "
              "PUBLICKEY to check the signature with");
    }
    result.signature_valid = signature_verifies(file, s.spki);
    const auto sig_offset = file.signature()->offset;
    if (!result.signature_valid) {
        add(out, "itl.signature-invalid", Severity::error,
            "the signature does not verify with the key of " + record_label(s)
                + ": the file was changed after signing or signed with another key",
            "", nullptr, sig_offset);
    }
    if (s.record->function() != std::uint16_t{0}) {
        add(out, "itl.signer-not-sast", Severity::warning,
            "the signer is " + record_label(s) + ", not a SAST record: phones look for the signer among SAST records",
            "", &s);
    }
    if (!same_list_names(file.signer_name(), s.record->subject())) {
        add(out, "itl.signer-name-mismatch", Severity::warning,
            "SIGNERNAME is not the subject of the signer's record (" + s.record->subject() + ")", file.signer_name(),
            nullptr, header_offset(file, tag::signer_name));
    }
    if (const auto modulus = file.signature_modulus(); modulus && file.signature_algorithm().value_or(k_rsa) == k_rsa) {
        if (*modulus > 3 || (std::size_t{64} << *modulus) != file.signature()->value.size()) {
            add(out, "itl.modulus-mismatch", Severity::warning,
                "SIGNATUREMODULUS says index " + std::to_string(*modulus) + " (0 = 512 ... 3 = 4096 bits), the "
                    + "signature has " + std::to_string(file.signature()->value.size() * 8) + " bits",
                std::to_string(*modulus), nullptr, header_offset(file, tag::signature_modulus));
        }
    }
    if (file.digest() == std::uint8_t{1}) {
        add(out, "itl.weak-digest", Severity::warning,
            "the file is signed with SHA-1 (what CUCM writes; a collision could forge a trust list)", "SHA-1", nullptr,
            header_offset(file, tag::digest_algorithm));
    }
    if (s.certificate && (s.certificate->public_key.algorithm == "RSA") && s.certificate->public_key.bits < 2048) {
        add(out, "itl.weak-signer-key", s.certificate->public_key.bits < 1024 ? Severity::error : Severity::warning,
            "the signer's key is " + s.certificate->public_key.description()
                + ": after a move to 2048-bit keys a 1024-bit ITLRecovery makes ITL recovery fail",
            s.certificate->public_key.description(), &s);
    }
    if (!options.trust.empty()) {
        const bool trusted = std::any_of(options.trust.begin(), options.trust.end(), [&](const x509::Certificate& t) {
            return (s.certificate && t.der == s.certificate->der)
                || (t.public_key.spki == s.spki && same_list_name(s.record->subject(), t.subject));
        });
        if (!trusted) {
            add(out, "itl.signer-not-trusted", Severity::error,
                "the signer " + s.record->subject() + " is none of the --trust certificates", util::hex(s.sha1), &s);
        }
    }
    // The phones' limits.
    if (file.bytes.size() > k_phone_max_bytes) {
        add(out, "itl.too-large", Severity::error,
            "the file has " + std::to_string(file.bytes.size()) + " bytes; phones stop registering above 64 KB",
            std::to_string(file.bytes.size()));
    }
    const auto certificates = static_cast<std::size_t>(
        std::count_if(views.begin(), views.end(), [](const auto& v) { return v.record->certificate() != nullptr; }));
    if (certificates > k_phone_max_certificates) {
        add(out, "itl.too-many-certificates", Severity::warning,
            std::to_string(certificates) + " certificates; phones hold about "
                + std::to_string(k_phone_max_certificates),
            std::to_string(certificates));
    }
    const auto sast = static_cast<std::size_t>(
        std::count_if(views.begin(), views.end(), [](const auto& v) { return v.record->function() == 0; }));
    if (sast > k_phone_max_sast) {
        add(out, "itl.too-many-sast", Severity::error,
            std::to_string(sast) + " SAST records; phones accept at most " + std::to_string(k_phone_max_sast),
            std::to_string(sast));
    }
    for (const auto& v : views) {
        check_record(v, options, out);
        check_certhash(v, options, out);
    }
    result.generation = describe_generation(file, views, *signer);
    return result;
}

} // namespace pkitool::itl
