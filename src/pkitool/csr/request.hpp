// One certificate signing request: what it asks for (RequestSpec), the
// checks that run before any key is generated, key generation, and the
// PKCS#10 DER with exactly the profile's extensions and nothing else.
#pragma once

#include "pkitool/profile/profile.hpp"
#include "pkitool/util/password.hpp"

#include <botan/pk_keys.h>
#include <botan/rng.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pkitool::csr {

struct KeySpec {
    profile::KeyAlgorithm algorithm = profile::KeyAlgorithm::rsa;
    std::size_t rsa_bits = 2048;
    std::string curve = "P-256";
    std::string hash = "SHA-256";

    std::string description() const; // "RSA 2048", "EC P-256"
};

struct SubjectAttribute {
    std::string oid;
    std::string value;
};

struct RequestSpec {
    const profile::Profile* profile = nullptr;
    std::string basename; // output files: <basename>.csr and <basename>.key
    std::string node; // "cucm-pub", or "cucm-pub-ms" for a multi-server request
    std::vector<SubjectAttribute> subject; // encoded order: C, ST, L, O, OU, CN
    std::vector<std::string> dns_names; // subjectAltName dNSNames, in order
    std::vector<std::string> ip_addresses; // subjectAltName iPAddresses (--san IP:...), after them
    KeySpec key;

    std::string common_name() const;
    // "C=US, ST=Texas, ..., CN=host" as inspect prints it.
    std::string subject_text() const;
};

// Everything that must hold before a key is generated: the type allows a
// CSR, every name is a valid DNS name with no wildcard and fits X.509's
// bounds, the key and hash are ones CUCM takes and the hash is as strong as
// the key. Weak choices (RSA 1024, SHA-1) pass only with allow_weak.
// Throws UsageError.
void check(const RequestSpec& spec, bool allow_weak);

// What to warn of for this request (without its name; the CLI groups the
// requests a warning applies to): weak choices, a CallManager/TVS/CAPF key
// above 2048 bits (some phones fail to register), the RFC 5480 note for
// -ECDSA types.
std::vector<std::string> warnings(const RequestSpec& spec);

struct Request {
    RequestSpec spec;
    std::vector<std::uint8_t> csr_der;
    std::vector<std::uint8_t> spki;
    util::SecretString key_pem; // as it will be written (encrypted unless no password was given)
    bool key_encrypted = false;
};

// Generates the key, signs the request and encodes the key (PKCS#8 PBES2
// with `password`, plain PKCS#8 when it is null). Thread-safe given a
// separate `rng` per thread.
Request generate(const RequestSpec& spec, const util::SecretString* password, Botan::RandomNumberGenerator& rng);

// generate() for every spec on `jobs` threads, each with its own RNG; the
// results keep the order of `specs`. `progress` (may be empty) is called
// after each request, from the worker threads, with the count done.
// Rethrows the first failure.
std::vector<Request> generate_all(const std::vector<RequestSpec>& specs, const util::SecretString* password,
    unsigned jobs, const std::function<void(std::size_t)>& progress = {});

// The CSR for `key` (which must match spec.key), DER.
std::vector<std::uint8_t> build_csr(
    const RequestSpec& spec, const Botan::Private_Key& key, Botan::RandomNumberGenerator& rng);

// "-----BEGIN CERTIFICATE REQUEST-----..."
std::string csr_pem(const std::vector<std::uint8_t>& der);

} // namespace pkitool::csr
