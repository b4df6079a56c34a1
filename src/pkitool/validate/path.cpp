#include "pkitool/validate/path.hpp"

#include "pkitool/lint/rules.hpp"
#include "pkitool/validate/rfc5280.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace pkitool::validate {

using lint::finding;

namespace {

// Bounds on the search: a mesh of cross-signed CAs has exponentially many
// paths, and a hostile response should not make pkitool spin.
constexpr std::size_t k_max_expansions = 4096;
constexpr std::size_t k_max_complete_paths = 128;

class Search {
public:
    Search(const std::vector<PathNode>& nodes, const PathOptions& options) : nodes_(nodes), options_(options) { }

    Path run(std::size_t leaf)
    {
        current_ = {leaf};
        extend();
        Path out = best_ ? std::move(best_->path) : Path{};
        out.dead_ends = std::move(dead_ends_);
        out.paths_tried = tried_;
        return out;
    }

private:
    struct Scored {
        Path path;
        std::size_t errors = 0;
        std::string reason; // its first error
    };

    const std::vector<PathNode>& nodes_;
    const PathOptions& options_;
    std::map<std::pair<std::size_t, std::size_t>, x509::SignatureCheck> signatures_;
    std::vector<std::size_t> current_;
    std::optional<Scored> best_;
    std::vector<DeadEnd> dead_ends_;
    std::size_t expansions_ = 0;
    std::size_t tried_ = 0;
    bool done_ = false;

    const x509::Certificate& cert(std::size_t i) const { return *nodes_[i].certificate; }

    const x509::SignatureCheck& signature(std::size_t child, std::size_t issuer)
    {
        const auto key = std::make_pair(child, issuer);
        auto it = signatures_.find(key);
        if (it == signatures_.end()) {
            it = signatures_.emplace(key, x509::check_signature(cert(child), cert(issuer).public_key)).first;
        }
        return it->second;
    }

    // Why a certificate is not valid at the time of validation, or "".
    std::string invalid_at(std::size_t i) const
    {
        const auto from = der::check_time(cert(i).not_before).value;
        const auto until = der::check_time(cert(i).not_after).value;
        if (from && *from > options_.at) {
            return cert(i).subject.to_string() + " is not valid before " + util::format_iso(*from);
        }
        if (until && *until < options_.at) {
            return cert(i).subject.to_string() + " expired on " + util::format_iso(*until);
        }
        return {};
    }

    void finish(bool anchored, std::vector<Finding> ending)
    {
        ++tried_;
        Path p;
        p.nodes = current_;
        p.anchored = anchored;
        p.ending = std::move(ending);
        std::vector<const x509::Certificate*> certs;
        std::vector<x509::SignatureCheck> checks;
        const std::size_t top = current_.back();
        for (std::size_t k = 0; k < current_.size(); ++k) {
            certs.push_back(nodes_[current_[k]].certificate);
            if (k + 1 < current_.size()) {
                checks.push_back(signature(current_[k], current_[k + 1]));
            } else {
                checks.push_back(nodes_[top].self_signed ? signature(top, top) : x509::SignatureCheck{});
            }
        }
        p.findings = check_path(certs, checks, nodes_[top].self_signed);

        std::size_t errors = anchored ? 0 : 1000;
        std::string reason = p.ending.empty() ? std::string() : p.ending.front().message;
        for (const auto& list : p.findings) {
            for (const auto& f : list) {
                if (f.severity == Severity::error) {
                    reason = reason.empty() ? f.message : reason;
                    ++errors;
                }
            }
        }
        for (const auto i : current_) {
            if (auto why = invalid_at(i); !why.empty()) {
                reason = reason.empty() ? why : reason;
                ++errors;
            }
        }
        if (!best_ || errors < best_->errors) {
            if (best_) {
                dead_ends_.push_back({best_->path.nodes, best_->reason});
            }
            best_ = Scored{std::move(p), errors, reason};
        } else {
            dead_ends_.push_back({current_, reason});
        }
        done_ = errors == 0 || tried_ >= k_max_complete_paths;
    }

    // RFC 4158 5.2: a loop is a certificate whose subject and key are
    // already on the path (a cross-certificate of a CA already there).
    bool on_path(std::size_t i) const
    {
        return std::any_of(current_.begin(), current_.end(), [&](std::size_t k) {
            return k == i
                || (cert(k).subject.der == cert(i).subject.der && cert(k).public_key.spki == cert(i).public_key.spki);
        });
    }

    // RFC 4158 4.2's preferences: a key identifier that contradicts comes
    // last; before it, a trust anchor, a key identifier that matches, a
    // signature that verifies, a certificate valid now; then the order of
    // the input.
    std::vector<std::size_t> candidates(std::size_t child)
    {
        const x509::Certificate& c = cert(child);
        std::vector<std::tuple<int, int, int, int, int, std::size_t>> ranked;
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (i == child || !x509::same_name(cert(i).subject, c.issuer)) {
                continue;
            }
            const auto& aki = c.extensions.authority_key_id;
            const auto& ski = cert(i).extensions.subject_key_id;
            const int key_id = aki && ski && !aki->empty() ? (*aki == *ski ? 0 : 2) : 1;
            const bool verifies = signature(child, i).status == x509::SignatureCheck::Status::valid;
            ranked.emplace_back(key_id == 2 ? 1 : 0, nodes_[i].trusted ? 0 : 1, key_id, verifies ? 0 : 1,
                invalid_at(i).empty() ? 0 : 1, i);
        }
        std::sort(ranked.begin(), ranked.end());
        std::vector<std::size_t> out;
        for (const auto& r : ranked) {
            out.push_back(std::get<5>(r));
        }
        return out;
    }

    void extend()
    {
        if (done_ || ++expansions_ > k_max_expansions) {
            return;
        }
        const std::size_t top = current_.back();
        const PathNode& node = nodes_[top];
        if (options_.anchors_given ? node.trusted : node.self_signed) {
            // A trusted intermediate is an anchor (RFC 5280), but CUCM's
            // trust store wants the chain up to the root: go on through
            // trusted issuers while there are any, and end here otherwise.
            if (!node.self_signed) {
                for (const auto i : candidates(top)) {
                    if (nodes_[i].trusted && !on_path(i)) {
                        current_.push_back(i);
                        extend();
                        current_.pop_back();
                        if (done_) {
                            return;
                        }
                    }
                }
            }
            finish(true, {});
            return;
        }
        if (current_.size() >= options_.max_depth) {
            finish(false,
                {finding("chain.too-deep",
                    "no anchor within " + std::to_string(options_.max_depth)
                        + " certificates (--max-depth); the path stops at " + cert(top).subject.to_string(),
                    std::to_string(options_.max_depth))});
            return;
        }
        const auto issuers = candidates(top);
        bool extended = false;
        for (const auto i : issuers) {
            if (on_path(i)) {
                auto looped = current_;
                looped.push_back(i);
                dead_ends_.push_back({looped, "loop: " + cert(i).subject.to_string() + " is already on the path"});
                continue;
            }
            extended = true;
            current_.push_back(i);
            extend();
            current_.pop_back();
            if (done_) {
                return;
            }
        }
        if (extended) {
            return;
        }
        const auto& c = cert(top);
        if (node.self_signed) {
            // Only with --trust given: a self-signed certificate that no
            // trusted one issued (a cross-certificate would have been tried).
            finish(false,
                {finding("chain.untrusted-root",
                    "the chain ends at " + c.subject.to_string()
                        + ", a self-signed certificate of the response that is not among --trust: nothing you "
                          "trust vouches for it",
                    c.subject.to_string())});
            return;
        }
        if (!issuers.empty()) {
            finish(false,
                {finding("chain.loop", "the issuers loop back to " + cert(issuers.front()).subject.to_string(),
                    cert(issuers.front()).subject.to_string())});
            return;
        }
        finish(false,
            {finding("chain.missing-issuer",
                "nothing in the response or --trust issued " + c.subject.to_string() + "; its issuer "
                    + c.issuer.to_string() + " is missing (add the intermediate or root, or --trust it)",
                c.issuer.to_string())});
    }
};

} // namespace

Path build_path(const std::vector<PathNode>& nodes, std::size_t leaf, const PathOptions& options)
{
    return Search(nodes, options).run(leaf);
}

} // namespace pkitool::validate
