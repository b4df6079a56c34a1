#include "pkitool/itl/check.hpp"

#include "pkitool/error.hpp"
#include "pkitool/itl/verify.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>

namespace pkitool::itl {

namespace {

std::string first_label(const std::string& name)
{
    return name.substr(0, name.find('.'));
}

bool has_function(const RecordView& v, std::initializer_list<std::uint16_t> functions)
{
    const auto f = v.record->function();
    return f && std::find(functions.begin(), functions.end(), *f) != functions.end();
}

std::string identity(const RecordView& v)
{
    return v.record->subject() + " (serial " + util::hex_colons(stripped(v.record->serial())) + ")";
}

bool same_certificate(const RecordView& a, const RecordView& b)
{
    if (!a.sha1.empty() && !b.sha1.empty()) {
        return a.sha1 == b.sha1;
    }
    return stripped(a.record->serial()) == stripped(b.record->serial())
        && same_list_names(a.record->issuer(), b.record->issuer());
}

// The TVS's trust stores hold the signer: the same certificate, or the same
// serial, issuer and key (TVS looks certificates up by serial and issuer).
bool store_holds(const std::vector<x509::Certificate>& store, const RecordView& signer)
{
    return std::any_of(store.begin(), store.end(), [&](const x509::Certificate& c) {
        if (signer.certificate && c.der == signer.certificate->der) {
            return true;
        }
        return stripped(c.serial_number()) == stripped(signer.record->serial())
            && same_list_name(signer.record->issuer(), c.issuer) && !signer.spki.empty()
            && c.public_key.spki == signer.spki;
    });
}

// The node a record is for: its DNS name, else its subject's CN.
bool on_node(const RecordView& v, const std::string& node)
{
    if (node.empty()) {
        return true;
    }
    const auto wanted = util::ascii_lower(node);
    for (const auto& name : {util::ascii_lower(v.record->dns_name()), list_common_name(v.record->subject())}) {
        if (!name.empty() && (name == wanted || first_label(name) == wanted || name == first_label(wanted))) {
            return true;
        }
    }
    return false;
}

const std::array<const char*, 8> k_types
    = {"CallManager", "CallManager-ECDSA", "TVS", "ITLRecovery", "CAPF", "tomcat", "tomcat-ECDSA", "ipsec"};

bool regenerated(const std::vector<Regeneration>& plan, std::string_view type, const RecordView& v)
{
    return std::any_of(plan.begin(), plan.end(), [&](const Regeneration& r) {
        return util::ascii_lower(r.type) == util::ascii_lower(std::string(type)) && on_node(v, r.node);
    });
}

// From 12.0 the ITL is signed by ITLRecovery, before that by CallManager.
bool modern(const std::string& version)
{
    int major = 0;
    std::from_chars(version.data(), version.data() + version.size(), major);
    return major >= 12;
}

const RecordView* recovery_record(const std::vector<RecordView>& views)
{
    for (const auto& v : views) {
        if (has_function(v, {0}) && is_itl_recovery(v)) {
            return &v;
        }
    }
    return nullptr;
}

void resolve_version(
    Prediction& p, const File& current, const std::vector<RecordView>& views, const CheckOptions& options)
{
    if (options.cucm_version) {
        p.version = *options.cucm_version;
        return;
    }
    const auto signer = find_signer(current);
    p.version = signer && is_itl_recovery(views[*signer]) ? "12.5" : "11.5";
    p.version_inferred = true;
}

std::string recovery_advice(const std::vector<RecordView>& views, const std::string& version)
{
    std::string out;
    if (const auto* r = recovery_record(views)) {
        out = "phones whose ITL holds the ITLRecovery record (" + identity(*r)
            + ") can be brought back: run `utils itl reset localkey` on the publisher (or `remotekey` with a key "
              "from another node), which re-signs the ITL with ITLRecovery, reset the phones, and let them download "
              "the new ITL; phones without that record need their ITL deleted by hand (Settings > Security > Reset "
              "Security Settings, or a factory reset).";
    } else {
        out = std::string("this ITL holds no ITLRecovery record, so `utils itl reset` cannot help")
            + (modern(version) ? "" : " (CUCM " + version + " signs with CallManager)")
            + ": delete the ITL on every phone by hand (Settings > Security > Reset Security Settings, or a factory "
              "reset).";
    }
    return out
        + " To avoid it, regenerate one certificate at a time and let the phones download each new ITL "
          "before the next.";
}

// ITLRecovery that stayed at 1024 bits after the cluster moved to 2048.
void recovery_key_hazard(const std::vector<RecordView>& views, Prediction& p)
{
    const auto* r = recovery_record(views);
    if (r == nullptr || !r->certificate || r->certificate->public_key.algorithm != "RSA"
        || r->certificate->public_key.bits >= 2048) {
        return;
    }
    const bool moved = std::any_of(views.begin(), views.end(), [](const RecordView& v) {
        return has_function(v, {1, 2, 3}) && v.certificate && v.certificate->public_key.bits >= 2048;
    });
    if (moved) {
        p.findings.push_back({"itl.recovery-key-weak", Severity::warning,
            "the ITLRecovery certificate has a " + r->certificate->public_key.description()
                + " key while CallManager uses 2048 bits or more: ITL recovery fails; regenerate ITLRecovery with "
                  "2048 bits while the phones still trust the current ITL",
            r->certificate->public_key.description(), "record[" + std::to_string(r->index + 1) + "]",
            r->record->offset});
    }
}

void reject(Prediction& p, const std::vector<RecordView>& views)
{
    p.acceptance = Acceptance::rejected;
    p.recovery = recovery_advice(views, p.version);
}

RecordSummary summarize(const RecordView& v)
{
    const auto f = v.record->function();
    return {f ? function_name(*f) : "none", v.record->subject(), util::hex_colons(stripped(v.record->serial())),
        util::hex(v.sha1)};
}

std::string signer_text(const File& file)
{
    return file.signer_name() + " (serial " + util::hex_colons(stripped(file.signer_serial())) + ", issuer "
        + file.ca_name() + ")";
}

} // namespace

std::string_view kind_name(DiffEntry::Kind kind)
{
    switch (kind) {
    case DiffEntry::Kind::added: return "added";
    case DiffEntry::Kind::removed: return "removed";
    case DiffEntry::Kind::changed: return "changed";
    }
    return "?";
}

std::string_view acceptance_name(Acceptance acceptance)
{
    switch (acceptance) {
    case Acceptance::direct: return "direct";
    case Acceptance::through_tvs: return "through-tvs";
    case Acceptance::rejected: return "rejected";
    }
    return "?";
}

Diff diff(const File& old_file, const File& new_file)
{
    Diff d;
    const auto old_views = itl::views(old_file);
    const auto new_views = itl::views(new_file);
    const auto key = [](const RecordView& v) {
        const auto f = v.record->function();
        return (f ? std::to_string(*f) : "-") + "|" + list_name_key(v.record->subject());
    };
    std::multimap<std::string, std::size_t> unmatched;
    for (const auto& v : old_views) {
        unmatched.emplace(key(v), v.index);
    }
    for (const auto& v : new_views) {
        const auto it = unmatched.find(key(v));
        if (it == unmatched.end()) {
            d.entries.push_back({DiffEntry::Kind::added, std::nullopt, summarize(v), {}});
            continue;
        }
        const auto& o = old_views[it->second];
        unmatched.erase(it);
        std::vector<std::string> changes;
        if (o.sha1 != v.sha1) {
            changes.emplace_back(v.record->certificate() != nullptr ? "certificate" : "certificate hash");
        }
        if (stripped(o.record->serial()) != stripped(v.record->serial())) {
            changes.emplace_back("serial");
        }
        if (!same_list_names(o.record->issuer(), v.record->issuer())) {
            changes.emplace_back("issuer");
        }
        if (o.spki != v.spki) {
            changes.emplace_back("public key");
        }
        if (o.record->dns_name() != v.record->dns_name()) {
            changes.emplace_back("DNS name");
        }
        const auto* oip = o.record->find(rtag::ip_address);
        const auto* nip = v.record->find(rtag::ip_address);
        if ((oip == nullptr) != (nip == nullptr) || (oip != nullptr && oip->value != nip->value)) {
            changes.emplace_back("IP address");
        }
        if (changes.empty()) {
            ++d.unchanged;
        } else {
            d.entries.push_back({DiffEntry::Kind::changed, summarize(o), summarize(v), changes});
        }
    }
    std::vector<std::size_t> removed;
    for (const auto& [k, index] : unmatched) {
        removed.push_back(index);
    }
    std::sort(removed.begin(), removed.end());
    for (const auto index : removed) {
        d.entries.push_back({DiffEntry::Kind::removed, summarize(old_views[index]), std::nullopt, {}});
    }
    d.old_signer = signer_text(old_file);
    d.new_signer = signer_text(new_file);
    d.signer_changed = stripped(old_file.signer_serial()) != stripped(new_file.signer_serial())
        || !same_list_names(old_file.ca_name(), new_file.ca_name());
    const auto digest = [](const File& f) {
        const auto code = f.digest();
        const auto name = code ? digest_name(*code) : std::string();
        return name.empty() ? std::string("unknown") : name;
    };
    if (digest(old_file) != digest(new_file)) {
        d.header_changes.push_back("digest " + digest(old_file) + " -> " + digest(new_file));
    }
    if (old_file.version() != new_file.version()) {
        d.header_changes.push_back("version " + old_file.version() + " -> " + new_file.version());
    }
    if (old_file.filename() != new_file.filename()) {
        d.header_changes.push_back("file name " + old_file.filename() + " -> " + new_file.filename());
    }
    return d;
}

std::vector<Regeneration> parse_regeneration(std::string_view text)
{
    const auto at = text.find('@');
    const std::string node(at == std::string_view::npos ? std::string_view() : text.substr(at + 1));
    const auto types = text.substr(0, at);
    std::vector<Regeneration> out;
    std::size_t start = 0;
    while (start <= types.size()) {
        auto end = types.find(',', start);
        if (end == std::string_view::npos) {
            end = types.size();
        }
        const std::string type(types.substr(start, end - start));
        const auto known = std::find_if(k_types.begin(), k_types.end(),
            [&](const char* t) { return util::ascii_lower(t) == util::ascii_lower(type); });
        if (known == k_types.end()) {
            std::string list;
            for (const auto* t : k_types) {
                list += std::string(list.empty() ? "" : ", ") + t;
            }
            throw UsageError("--regenerate " + std::string(text) + ": unknown certificate type \"" + type + "\"; use "
                + list + ", comma-separated, optionally @NODE");
        }
        out.push_back({*known, node});
        start = end + 1;
    }
    return out;
}

Prediction check_file(const File& current, const File& next, const CheckOptions& options)
{
    Prediction p;
    const auto views = itl::views(current);
    resolve_version(p, current, views, options);
    recovery_key_hazard(views, p);
    const auto signer_index = find_signer(next);
    if (!signer_index) {
        throw InputError("NEW: the signature is by a record that is not there (serial "
            + util::hex_colons(next.signer_serial()) + " issued by \"" + next.ca_name() + "\")");
    }
    const auto signer = view(next, *signer_index);
    p.new_signer = identity(signer);
    if (signer.spki.empty() || !signature_verifies(next, signer.spki)) {
        p.steps.push_back("NEW's signature does not verify with its own signer, " + record_label(signer)
            + ": every phone rejects it");
        reject(p, views);
        p.recovery = "rebuild NEW: it is not signed by the key of the record its header names";
        return p;
    }
    p.steps.push_back("NEW is signed by " + p.new_signer);
    for (const auto& v : views) {
        if (!has_function(v, {0, 2, 3}) || stripped(v.record->serial()) != stripped(signer.record->serial())
            || !same_list_names(v.record->issuer(), signer.record->issuer())) {
            continue;
        }
        if (!v.spki.empty() && signature_verifies(next, v.spki)) {
            p.acceptance = Acceptance::direct;
            p.steps.push_back("CURRENT holds that signer as " + record_label(v)
                + ": the phone verifies NEW with that key and accepts it directly");
            return p;
        }
        p.steps.push_back(record_label(v) + " of CURRENT has the signer's serial and issuer but another key");
    }
    p.steps.push_back("CURRENT holds no SAST or TFTP record of that signer: the phone asks a TVS it trusts");
    const auto next_views = itl::views(next);
    bool any_tvs = false;
    for (const auto& t : views) {
        if (!has_function(t, {21})) {
            continue;
        }
        any_tvs = true;
        const RecordView* listed = nullptr;
        for (const auto& n : next_views) {
            if (has_function(n, {21})
                && (same_list_names(n.record->subject(), t.record->subject())
                    || (!t.record->dns_name().empty() && n.record->dns_name() == t.record->dns_name()))) {
                listed = &n;
                break;
            }
        }
        if (listed != nullptr && !same_certificate(*listed, t)) {
            p.steps.push_back("TVS " + record_label(t) + ": NEW lists another certificate for it (SHA-1 "
                + util::hex(t.sha1) + " -> " + util::hex(listed->sha1)
                + "), so the TVS now presents a certificate the phone's ITL does not hold; the phone cannot "
                  "authenticate it");
            continue;
        }
        const bool own_cluster = listed != nullptr;
        const bool in_store = store_holds(options.tvs_trust, signer);
        const std::string presents = own_cluster
            ? "still presents the certificate CURRENT holds (NEW lists it unchanged)"
            : "is not in NEW (another cluster's file), so it keeps its certificate";
        if (own_cluster || in_store) {
            p.acceptance = Acceptance::through_tvs;
            p.steps.push_back("TVS " + record_label(t) + " " + presents + " and vouches for the new signer: "
                + (in_store ? "its trust stores (--tvs-trust) hold it"
                            : "it is a certificate of the TVS's own cluster"));
            return p;
        }
        p.steps.push_back("TVS " + record_label(t) + " " + presents + ", but "
            + (options.tvs_trust.empty()
                    ? "no --tvs-trust store was given, and nothing else says that TVS trusts the new signer"
                    : "its trust stores (--tvs-trust) do not hold the new signer: import it into the source "
                      "cluster's CallManager-trust or Phone-SAST-trust first"));
    }
    if (!any_tvs) {
        p.steps.push_back("CURRENT lists no TVS record: nothing can vouch for the new signer");
    }
    reject(p, views);
    if (any_tvs && !options.tvs_trust.empty()) {
        p.recovery = "before the phones are moved, import NEW's signer (" + p.new_signer
            + ") into the source cluster's CallManager-trust or Phone-SAST-trust (pkitool consolidate's import/"
              "<cluster>/ stores carry it when the destination's export is in the set) and restart TVS there. "
            + p.recovery;
    }
    return p;
}

Prediction check_plan(const File& current, const std::vector<Regeneration>& plan, const CheckOptions& options)
{
    Prediction p;
    const auto views = itl::views(current);
    resolve_version(p, current, views, options);
    recovery_key_hazard(views, p);
    const bool signs_with_recovery = modern(p.version);
    const RecordView* signer = nullptr;
    bool signer_changes = false;
    if (signs_with_recovery) {
        signer = recovery_record(views);
        if (signer == nullptr) {
            p.steps.push_back("CUCM " + p.version
                + " signs the ITL with ITLRecovery, and CURRENT holds no ITLRecovery record: the new ITL's signer is "
                  "not in it");
            signer_changes = true;
        } else {
            signer_changes = regenerated(plan, "ITLRecovery", *signer);
            p.steps.push_back("CUCM " + p.version + " signs the ITL with ITLRecovery, " + record_label(*signer)
                + (signer_changes ? ", which the plan regenerates" : ", which the plan keeps"));
        }
    } else {
        const auto index = find_signer(current);
        if (!index) {
            throw InputError("CURRENT: the signature is by a record that is not there");
        }
        signer = &views[*index];
        signer_changes = regenerated(plan, "CallManager", *signer);
        p.steps.push_back("CUCM " + p.version + " signs the ITL with the TFTP node's CallManager certificate, "
            + record_label(*signer) + (signer_changes ? ", which the plan regenerates" : ", which the plan keeps"));
    }
    for (const auto& r : plan) {
        const bool matches = std::any_of(views.begin(), views.end(), [&](const RecordView& v) {
            const bool typed = (util::ascii_lower(r.type).starts_with("callmanager") && has_function(v, {1, 2, 3}))
                || (util::ascii_lower(r.type) == "tvs" && has_function(v, {21}))
                || (util::ascii_lower(r.type) == "capf" && has_function(v, {4}))
                || (util::ascii_lower(r.type) == "itlrecovery" && is_itl_recovery(v));
            return typed && on_node(v, r.node);
        });
        if (!matches) {
            p.findings.push_back({"itl.plan-not-in-list", Severity::note,
                r.type + (r.node.empty() ? "" : "@" + r.node)
                    + " matches no record of CURRENT: its regeneration does not change what phones trust",
                r.type + (r.node.empty() ? "" : "@" + r.node), {}, std::nullopt});
        }
    }
    if (signer != nullptr) {
        p.new_signer = identity(*signer) + (signer_changes ? ", regenerated" : "");
    }
    if (!signer_changes) {
        p.acceptance = Acceptance::direct;
        p.steps.push_back("the new ITL is signed by a certificate CURRENT already holds: phones accept it directly");
        return p;
    }
    p.steps.push_back("phones do not hold the new signer and ask a TVS");
    bool any_tvs = false;
    for (const auto& t : views) {
        if (!has_function(t, {21})) {
            continue;
        }
        any_tvs = true;
        if (regenerated(plan, "TVS", t)) {
            p.steps.push_back("TVS " + record_label(t)
                + " is regenerated too: it presents a certificate the phones' ITL does not hold");
            continue;
        }
        p.acceptance = Acceptance::through_tvs;
        p.steps.push_back("TVS " + record_label(t)
            + " keeps its certificate and vouches for the new signer, a certificate of its own cluster");
        return p;
    }
    if (!any_tvs) {
        p.steps.push_back("CURRENT lists no TVS record");
    } else if (!signs_with_recovery) {
        p.steps.push_back("on CUCM 8.x to 11.5 the ITL signer (CallManager) and every TVS change together: the phones "
                          "can neither verify the new ITL nor ask a TVS they trust");
    }
    reject(p, views);
    return p;
}

} // namespace pkitool::itl
