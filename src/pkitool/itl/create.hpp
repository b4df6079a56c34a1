// Writing a signed ITL or CTL: the header and records laid out as CUCM lays
// them out (VERSION 1.2, SIGNERID, SIGNATUREINFO, SIGNATURE, FILENAME,
// TIMESTAMP, padding to a multiple of 4), each record with the fields of
// the certificate it carries, signed with RSA PKCS#1 v1.5.
#pragma once

#include "pkitool/itl/itl.hpp"
#include "pkitool/x509/certificate.hpp"

#include <botan/pk_keys.h>
#include <botan/rng.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pkitool::itl {

struct RecordSpec {
    std::uint16_t function = 0;
    x509::Certificate certificate;
};

struct CreateSpec {
    x509::Certificate signer;
    std::vector<RecordSpec> records; // the signer is added as the first SAST record unless listed as one
    bool ctl = false;
    std::uint8_t digest = 3; // SHA-512
    std::string filename; // default ITLFile.tlv / CTLFile.tlv
    std::uint32_t timestamp = 0;
    bool allow_weak = false;
};

// Throws UsageError for a choice that is refused: a key that is not the
// signer's, an EC signer, SHA-1 or keys under 2048 bits without
// allow_weak, more than two SAST records.
File create(const CreateSpec& spec, const Botan::Private_Key& key, Botan::RandomNumberGenerator& rng);

} // namespace pkitool::itl
