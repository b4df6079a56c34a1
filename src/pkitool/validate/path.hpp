// Certification path building (RFC 4158): from the leaf, every candidate
// issuer, depth first with backtracking and a bounded search, trust
// anchors before certificates of the response, key identifiers before mere
// name matches. Each complete path goes through RFC 5280 processing
// (rfc5280.hpp) and validity; the first without an error wins, otherwise
// the one with the fewest. Every other attempt is kept as a dead end with
// its reason.
#pragma once

#include "pkitool/finding.hpp"
#include "pkitool/util/time.hpp"
#include "pkitool/x509/certificate.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace pkitool::validate {

struct PathNode {
    const x509::Certificate* certificate = nullptr;
    bool trusted = false; // a --trust certificate, or byte-identical to one
    bool self_signed = false;
};

struct PathOptions {
    util::UnixTime at = 0;
    std::size_t max_depth = 10; // certificates in a path, the leaf and the anchor included
    // With trust anchors given, only they end a path; otherwise a
    // self-signed certificate of the response does.
    bool anchors_given = false;
};

struct DeadEnd {
    std::vector<std::size_t> path; // node indices, leaf first
    std::string reason;
};

struct Path {
    std::vector<std::size_t> nodes; // leaf first, the anchor (if reached) last
    bool anchored = false;
    // RFC 5280 processing, one entry per node.
    std::vector<std::vector<Finding>> findings;
    // Why the path stops short of an anchor: chain.missing-issuer,
    // chain.loop, chain.untrusted-root, chain.too-deep. Empty when anchored.
    std::vector<Finding> ending;
    std::vector<DeadEnd> dead_ends;
    std::size_t paths_tried = 0;
};

// The best path from nodes[leaf]. Never throws for what it finds.
Path build_path(const std::vector<PathNode>& nodes, std::size_t leaf, const PathOptions& options);

} // namespace pkitool::validate
