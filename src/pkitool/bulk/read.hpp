// consolidate's first step: reading every input on the worker threads into
// one store of unique certificates. Internal to bulk.
#pragma once

#include "pkitool/bulk/consolidate.hpp"

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace pkitool::bulk::detail {

// One certificate as found in a file; the certificate itself lives once
// in the CertStore.
struct Found {
    std::string sha256;
    std::shared_ptr<const x509::Certificate> certificate; // the store's
    std::string friendly_name;
};

// A file (or archive member) after reading.
struct Scanned {
    FileReport report;
    std::string outer_path; // the file on disk (the archive for a member)
    std::string member; // the member's path inside an archive
    std::vector<Found> certificates;
    bool password_missing = false; // skipped because no password was given
    std::string manifest; // an earlier set's manifest.json (Options::read_sets)
};

// Every unique certificate, parsed once, shared by the worker threads.
// Memory grows with the unique certificates, not with the input.
class CertStore {
public:
    // The certificate `der` holds and its SHA-256 (hex), parsed and kept
    // the first time. Throws InputError when it is not a certificate.
    Found add(std::span<const std::uint8_t> der);
    // The same for a certificate already parsed.
    Found add(x509::Certificate&& cert);

private:
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<const x509::Certificate>> m_certificates; // by SHA-256
};

// Reads every input (`options.jobs` threads), then asks once for files no
// password opened. One list per input: an archive gives one Scanned per
// member. A file error is recorded in its report; anything else (out of
// memory, a bug) is thrown.
std::vector<std::vector<Scanned>> read_all(const std::vector<Input>& inputs, const Options& options, CertStore& store);

} // namespace pkitool::bulk::detail
