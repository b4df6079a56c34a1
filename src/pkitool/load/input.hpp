// Reading any input pkitool accepts: PEM with any number of blocks or a
// single DER object, recognised by its structure (not by its file name or
// PEM label), then parsed into the model of what it is.
#pragma once

#include "pkitool/error.hpp"
#include "pkitool/pkcs12/pbe.hpp"
#include "pkitool/util/password.hpp"
#include "pkitool/x509/certificate.hpp"
#include "pkitool/x509/csr.hpp"
#include "pkitool/x509/pkcs7.hpp"
#include "pkitool/x509/private_key.hpp"

#include <botan/secmem.h>

#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace pkitool::load {

enum class Kind {
    certificate,
    csr,
    pkcs7,
    certificate_sequence, // a bare SEQUENCE OF Certificate (no PKCS#7 around it)
    private_key, // PKCS#8
    encrypted_private_key, // PKCS#8 EncryptedPrivateKeyInfo
    rsa_private_key, // PKCS#1
    ec_private_key, // SEC1
    dsa_private_key, // OpenSSL's traditional DSA PRIVATE KEY
    public_key, // SubjectPublicKeyInfo
    rsa_public_key, // PKCS#1 RSAPublicKey
    ec_parameters,
    pkcs12,
    // Objects pkitool recognises, names, and does not examine.
    crl,
    ocsp_request,
    ocsp_response,
    certificate_pair,
    dsa_parameters,
    dh_parameters,
    ec_explicit_parameters,
    unknown,
};

std::string_view kind_name(Kind kind);

// What kind of DER object `der` is, from its shape alone; a PEM label
// only decides between shapes that are the same (DH parameters and an
// RSA public key are both two INTEGERs).
Kind sniff(std::span<const std::uint8_t> der, std::string_view pem_label = {});

// Where an item came from.
struct Origin {
    std::string file;
    std::optional<std::size_t> line; // of the PEM BEGIN line
    std::string pem_label;
    std::optional<std::size_t> bundle_index; // position in a PKCS#7 bundle or PKCS#12 bag list, from 0

    // "chain.pem:12", "resp.p7b (bundle item 2)"
    std::string to_string() const;
};

struct Pkcs7Summary {
    std::size_t certificates = 0;
    std::size_t crls = 0;
    std::size_t signers = 0;
    std::size_t other_certificates = 0;
};

struct EcParameters {
    std::string curve;
};

// One bag of a PKCS#12 file as listed (certificates and keys also become
// items of their own).
struct Pkcs12BagSummary {
    std::string type; // "certBag", "pkcs8ShroudedKeyBag", ...
    std::size_t content = 0; // which authenticated-safe content, from 0
    std::size_t depth = 0; // safeContentsBag nesting
    std::string friendly_name;
    std::string local_key_id; // hex with colons
    std::vector<std::string> attributes; // names of the others
    std::string encryption; // shrouded keys
    std::string value_type; // certId / crlId / secretTypeId name
};

struct Pkcs12ContentSummary {
    std::string type; // "data", "encryptedData", "envelopedData"
    std::string encryption;
    std::size_t bags = 0;
};

struct Pkcs12Summary {
    std::string encoding; // "DER" or "BER"
    std::string mac; // description, or "none"
    std::string password; // which password opened it
    std::vector<Pkcs12ContentSummary> contents;
    std::vector<Pkcs12BagSummary> bags;
    std::vector<std::string> notes;
};

// A tar or tar.gz archive (consolidated sets travel as one): its members
// are listed, not opened.
struct ArchiveMemberSummary {
    std::string path;
    std::size_t size = 0;
    bool directory = false;
    std::string kind; // "PKCS#12", "PEM", "JSON", ...
    std::string modified; // ISO 8601
};

struct ArchiveSummary {
    std::string format; // "tar.gz" or "tar"
    std::vector<ArchiveMemberSummary> members;
};

using Content = std::variant<x509::Certificate, x509::Csr, x509::PrivateKeyInfo, x509::PublicKey, Pkcs7Summary,
    EcParameters, Pkcs12Summary, ArchiveSummary>;

struct Item {
    Origin origin;
    Content content;
};

struct LoadFailure {
    Origin origin;
    ErrorKind kind = ErrorKind::input;
    std::string message;
};

struct LoadResult {
    std::vector<Item> items;
    std::vector<LoadFailure> failures;
    // An object asked for a password (an encrypted key, a PKCS#12 file
    // protected by one): a given password that no input asked for is
    // worth a word.
    bool asked_for_password = false;
};

struct LoadOptions {
    // Asked when an encrypted key or PKCS#12 file is met; empty = never ask.
    util::PasswordSource password;
    // Tried first on PKCS#12 files (a --pass-file with several lines).
    std::vector<util::SecretString> pkcs12_passwords;
    pkcs12::Limits pkcs12_limits;
};

// Reads everything in `data`. A PKCS#7 bundle yields a Pkcs7Summary item
// followed by one item per certificate; a PKCS#12 file a Pkcs12Summary
// followed by its certificates and keys (decrypted to be described). Each object that cannot be read is
// a LoadFailure; a file that is neither PEM nor a known DER object is one
// failure saying what its first bytes look like.
LoadResult load(std::span<const std::uint8_t> data, const std::string& name, const LoadOptions& options);

// Reads `path` ("-" for standard input) and loads it. Throws InputError
// when the file cannot be read at all.
LoadResult load_file(const std::string& path, const LoadOptions& options);

struct FileLoad {
    std::string path;
    LoadResult result;
};

// Loads each path in order; a file that cannot be opened becomes a
// failure of that file instead of an exception.
std::vector<FileLoad> load_files(const std::vector<std::string>& paths, const LoadOptions& options);

// load_files, for commands where a check on part of the input would
// mislead: the first failure is thrown (PasswordError or InputError).
std::vector<FileLoad> load_files_or_throw(const std::vector<std::string>& paths, const LoadOptions& options);

// The PrivateKeyInfo in a key file (PKCS#8 plain or encrypted, PKCS#1,
// SEC1; PEM or DER), decrypted with options.password when needed. Throws
// InputError when the file holds no key or more than one, PasswordError
// when it cannot be decrypted, UsageError when it is encrypted and no
// password can be had.
Botan::secure_vector<std::uint8_t> read_private_key(const std::string& path, const LoadOptions& options);

// "text: \"hello\"", "gzip data", "bytes 00 01 02 ..." for a message.
std::string describe_first_bytes(std::span<const std::uint8_t> data);

} // namespace pkitool::load
