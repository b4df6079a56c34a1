// Consolidation of the per-node bundles that each cluster's Bulk
// Certificate Management exports: read them all (any PKCS#12 flavour,
// PEM/DER/PKCS#7, tar.gz archives), attribute each file to a cluster,
// classify and deduplicate the certificates, apply CUCM's rules (latest
// notBefore per subject, no expired certificates), and plan what each
// cluster imports from the others.
#pragma once

#include "pkitool/bulk/classify.hpp"
#include "pkitool/error.hpp"
#include "pkitool/pkcs12/pbe.hpp"
#include "pkitool/pkcs12/writer.hpp"
#include "pkitool/profile/profile.hpp"
#include "pkitool/util/password.hpp"
#include "pkitool/util/time.hpp"
#include "pkitool/x509/certificate.hpp"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pkitool::bulk {

// One input to read: a file, or a member of an archive.
struct Input {
    std::string path; // the file on disk
    // Walked from a directory: files that hold no certificate are skipped
    // quietly instead of failing the run.
    bool walked = false;
    // Why it is not read at all (the output folder, an earlier set); it is
    // still listed, as ignored.
    std::string ignored;
};

// The files to read for `arguments`: files as given, directories walked
// (sorted, hidden entries skipped). The output folder `output` and every
// folder or archive that holds an earlier set (consolidate's manifest.json)
// are listed as ignored, never read, unless `read_sets` (report reads
// earlier sets like any other folder). Throws InputError for a path that
// does not exist.
std::vector<Input> expand_inputs(
    const std::vector<std::string>& arguments, const std::string& output = {}, bool read_sets = false);

struct ClusterRule {
    std::string name;
    std::string glob; // matched against the whole path and the file name
};

// Parses "NAME=GLOB". Throws UsageError.
ClusterRule parse_cluster_rule(const std::string& text);

// A cluster file's claim: certificates of its DNS domain, or of its
// nodes, belong to it.
struct ClusterClaim {
    std::string cluster;
    std::string file; // the cluster file, for the report of where a cluster came from
    std::string domain;
    std::vector<std::string> hosts; // lower case
};

struct Options {
    std::vector<ClusterRule> clusters;
    // From cluster files: a file whose certificates name only a claim's
    // domain, or only its nodes, belongs to its cluster (after --cluster
    // rules, before name prefixes).
    std::vector<ClusterClaim> claims;
    // Where a file nothing attributes goes (report); empty: it is skipped
    // with a usage error (consolidate).
    std::string fallback_cluster;
    // Earlier consolidated sets are read (report): their files like any
    // others, and their manifest.json for each certificate's cluster.
    bool read_sets = false;
    // Plan the imports and review them (consolidate); report only reads.
    bool plan_imports = true;
    util::UnixTime at = 0;
    bool include_expired = false;
    // Also the types CUCM's bulk import does not carry (TVS, ipsec, the IM
    // and Presence types), as sets of their own.
    bool all_types = false;
    bool keep_going = false;
    unsigned jobs = 0; // 0: every hardware thread
    // Tried on every PKCS#12 file, in order (the one that last worked first).
    std::vector<util::SecretString> passwords;
    // Asked once, after the parallel pass, for files no password opened;
    // empty when there is no terminal.
    util::PasswordSource ask;
    pkcs12::Limits limits;
    // Called as files are read (from any thread, one call at a time).
    std::function<void(std::size_t done, std::size_t total)> progress;
};

// included: in a set; duplicate: a further copy of a certificate;
// superseded: the same subject with a later notBefore is kept; expired;
// not_carried: a type CUCM's bulk import does not carry (without
// --all-types); unused: a CA that issued none of the exported
// certificates; unknown: no type could be told.
enum class Status { included, duplicate, superseded, expired, not_carried, unused, unknown };
inline constexpr std::array k_statuses = {Status::included, Status::duplicate, Status::superseded, Status::expired,
    Status::not_carried, Status::unused, Status::unknown};
std::string_view status_name(Status status);

// Where one copy of a certificate was found.
struct Source {
    std::string file; // "exports/a.p12", "set.tar.gz:a.p12"
    std::size_t position = 0; // its place in the file, from 0
    std::string friendly_name;
};

// One certificate as the manifest lists it: each unique certificate once
// with every source, plus one short `duplicate` entry per further copy
// (its source; the rest is in the entry of the same SHA-256).
struct Entry {
    std::shared_ptr<const x509::Certificate> certificate;
    std::string sha256; // hex, lowercase
    Classification classification;
    std::string cluster;
    // Every cluster that exported it (a shared CA, a copied file).
    std::vector<std::string> clusters;
    std::vector<Source> sources; // the first is where this entry was found
    Status status = Status::included;
    std::string reason; // why superseded, expired, unknown or duplicate
    bool expired = false;
    std::vector<std::string> stores; // bulk import stores, when included
    std::vector<std::string> sets; // the <type>.p12 sets it goes into, when included

    std::string type() const; // the profile's type, "CA", or "unknown"
    std::string friendly_name() const; // <cluster>_<host>_<type>
};

// What one destination cluster imports from the others into one store:
// every included certificate whose type maps to the store and that the
// destination cluster did not export itself, in the order of
// Result::entries.
struct ImportSet {
    std::string cluster;
    std::string store;
    std::vector<const Entry*> entries;
};

enum class FileStatus { read, skipped, ignored };
std::string_view file_status_name(FileStatus status);

struct FileReport {
    std::string file;
    FileStatus status = FileStatus::read;
    std::string cluster;
    std::string cluster_source; // "--cluster A=a/*", "file name prefix", "DNS domain a.example.com"
    std::string format; // "PKCS#12 (legacy: ...)", "PEM", ...
    bool legacy = false; // a PKCS#12 file in the legacy flavour (RC2/3DES, SHA-1 MAC)
    std::size_t certificates = 0;
    std::vector<std::string> notes; // private keys ignored, other objects
    std::string error; // why skipped or ignored
    ErrorKind error_kind = ErrorKind::input;
};

// What an earlier set's manifest.json says of one certificate.
struct Recorded {
    std::string cluster;
    std::string manifest; // the file it was read from
};

struct Result {
    util::UnixTime at = 0;
    // With Options::read_sets: every certificate the manifests read list,
    // by SHA-256. Their entries take the manifest's cluster.
    std::map<std::string, Recorded, std::less<>> recorded;
    std::vector<FileReport> files; // in input order
    std::vector<Entry> entries; // by cluster, type, host, subject, notBefore, SHA-256
    std::vector<std::string> clusters; // sorted
    std::vector<std::string> warnings;
    // Why the run needs attention (exit status 1): unknown certificates,
    // skipped files, a cluster that imports nothing, a type whose every
    // certificate expired, no set at all.
    std::vector<std::string> attention;
    // What the PKCS#12 inputs used: legacy when any of them was legacy.
    bool inputs_legacy = false;
    // Every non-empty import, by cluster, then store (import_sets()). It
    // points into `entries`, so a Result moves but is never copied.
    std::vector<ImportSet> imports;

    Result() = default;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    Result(Result&&) = default;
    Result& operator=(Result&&) = default;
    ~Result() = default;

    std::size_t count(Status status) const;
};

// The imports of `result` as its entries stand (consolidate() keeps them
// in Result::imports).
std::vector<ImportSet> import_sets(const Result& result);

// Reads every input and applies the rules. Throws the first file's error
// (PasswordError, InputError, or UsageError for a file that belongs to no
// cluster) unless options.keep_going, which records it and goes on.
Result consolidate(const std::vector<Input>& inputs, const profile::Registry& registry, const Options& options);

// The included certificates of each type, for the consolidated PKCS#12
// files, in type order; a CA is in the set of every type it issued.
struct TypeSet {
    std::string type;
    std::vector<const Entry*> entries;
};
std::vector<TypeSet> type_sets(const Result& result);

struct OutputFile {
    std::string path; // relative to the output folder
    std::vector<std::uint8_t> data;
};

// The consolidated sets: <type>.p12 for each type set (friendlyName
// <cluster>_<host>_<type>, made unique), and import/<cluster>/<store>.pem
// for each import set. The files are made on `jobs` threads (a PKCS#12
// file costs its key derivations), each with its own random generator, and
// each is handed to `sink` from the thread that made it, as soon as it is
// made, so that writing it to disk overlaps the rest.
void write_outputs(const Result& result, const pkcs12::WriteOptions& options, const pkcs12::Password& password,
    unsigned jobs, const std::function<void(OutputFile&&)>& sink);
// The paths write_outputs() makes, known before the work.
std::vector<std::string> output_paths(const Result& result);

// Phones accept an ITL of at most 64 KB, about 39 certificates.
inline constexpr std::size_t k_phone_trust_bytes = std::size_t{64} * 1024;
inline constexpr std::size_t k_phone_trust_certificates = 39;

} // namespace pkitool::bulk
