// Comparing trust lists: what changed between two files (diff), and the
// prediction a phone's behaviour gives (check): a phone holding CURRENT
// accepts a new file directly when its signer is a SAST/TFTP record of
// CURRENT, through TVS when a TVS of CURRENT still presents the certificate
// CURRENT holds for it and vouches for the new signer, else not at all.
#pragma once

#include "pkitool/finding.hpp"
#include "pkitool/itl/itl.hpp"
#include "pkitool/x509/certificate.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pkitool::itl {

struct RecordSummary {
    std::string function;
    std::string subject;
    std::string serial; // hex with colons
    std::string sha1; // the certificate's, else the CERTHASH (hex)
};

struct DiffEntry {
    enum class Kind { added, removed, changed };
    Kind kind = Kind::added;
    std::optional<RecordSummary> old_record;
    std::optional<RecordSummary> new_record;
    std::vector<std::string> changes; // "certificate", "serial", "DNS name", ...
};

struct Diff {
    std::vector<DiffEntry> entries;
    std::size_t unchanged = 0;
    bool signer_changed = false;
    std::string old_signer; // "CN=...; serial 01:02"
    std::string new_signer;
    std::vector<std::string> header_changes; // "digest SHA-1 -> SHA-512", ...
};

std::string_view kind_name(DiffEntry::Kind kind);

// Records are matched by function and subject.
Diff diff(const File& old_file, const File& new_file);

// One certificate regeneration of a plan: a type on a node, or on every
// node when the node is empty.
struct Regeneration {
    std::string type; // "CallManager", "TVS", "ITLRecovery", ...
    std::string node;
};

// "CallManager,TVS@cucm-pub" -> two regenerations on cucm-pub. Throws
// UsageError for an unknown type.
std::vector<Regeneration> parse_regeneration(std::string_view text);

// 10.5, 11.5, 12.5, 14 or 15; nothing: inferred from CURRENT's signer.
struct CheckOptions {
    std::optional<std::string> cucm_version;
    // What the TVS of CURRENT's cluster trusts besides its own cluster's
    // certificates (its CallManager-trust and Phone-SAST-trust stores).
    std::vector<x509::Certificate> tvs_trust;
};

enum class Acceptance { direct, through_tvs, rejected };

std::string_view acceptance_name(Acceptance acceptance);

struct Prediction {
    Acceptance acceptance = Acceptance::rejected;
    std::string version; // the CUCM version the prediction assumes
    bool version_inferred = false;
    std::string new_signer; // who signs the new file
    // The reasoning, step by step, for people.
    std::vector<std::string> steps;
    // When rejected: what brings the phones back.
    std::string recovery;
    std::vector<Finding> findings; // hazards worth knowing either way
};

// A phone holding `current` is offered `next`. Throws InputError when
// `next` names a signer it does not carry.
Prediction check_file(const File& current, const File& next, const CheckOptions& options);

// A phone holding `current`, after the plan: the cluster writes and signs a
// new file as its version does.
Prediction check_plan(const File& current, const std::vector<Regeneration>& plan, const CheckOptions& options);

} // namespace pkitool::itl
