#include "pkitool/plan/plan.hpp"

#include "pkitool/csr/plan.hpp"
#include "pkitool/error.hpp"
#include "pkitool/profile/toml_reader.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/json.hpp"
#include "pkitool/util/text.hpp"
#include "pkitool/util/time.hpp"

#include <algorithm>
#include <map>

namespace pkitool::plan {

using profile::Cluster;
using profile::Node;
using profile::Product;
using profile::Profile;

std::string_view step_kind_name(StepKind kind)
{
    switch (kind) {
    case StepKind::action: return "do";
    case StepKind::check: return "check";
    case StepKind::wait: return "wait";
    }
    return "?";
}

bool Plan::refused() const
{
    return std::any_of(notices.begin(), notices.end(), [](const Notice& n) { return n.refuse; });
}

namespace {

bool same_name(std::string_view a, std::string_view b)
{
    return util::ascii_lower(a) == util::ascii_lower(b);
}

std::string replace_all(std::string text, std::string_view key, std::string_view value)
{
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
        text.replace(at, key.size(), value);
    }
    return text;
}

// The nodes of `product`, publisher first, then the others in file order.
std::vector<const Node*> nodes_in_order(const Cluster& cluster, Product product)
{
    auto nodes = cluster.nodes_of(product);
    std::stable_partition(nodes.begin(), nodes.end(), [](const Node* n) { return profile::is_publisher(n->role); });
    return nodes;
}

// One type of the plan: its profile on each product that has it.
struct PlannedType {
    std::string name; // "tomcat"
    std::vector<const Profile*> profiles; // cucm first
};

class Builder {
public:
    Builder(const Cluster& cluster, const Runbook& runbook, Plan& plan)
        : m_cluster(cluster), m_runbook(runbook), m_plan(plan)
    {
    }

    Section& section(std::string title)
    {
        m_plan.sections.push_back({std::move(title), {}});
        return m_plan.sections.back();
    }

    void add(Section& s, Step step)
    {
        step.number = ++m_count;
        s.steps.push_back(std::move(step));
    }

    std::string fill(std::string text, std::string_view type = {}, std::string_view node = {}) const
    {
        text = replace_all(std::move(text), "{type}", type);
        text = replace_all(std::move(text), "{node}", node);
        text = replace_all(std::move(text), "{cluster_file}", m_cluster.file);
        return replace_all(std::move(text), "{version}", m_plan.situation.version.text());
    }

    Step step_of(const StepData& d, std::string_view type, const std::string& node) const
    {
        Step s;
        s.kind = d.check ? StepKind::check : StepKind::action;
        s.node = node;
        s.text = fill(d.text, type, node);
        s.click = fill(d.click, type, node);
        s.cli = fill(d.cli, type, node);
        s.source = d.source;
        return s;
    }

    // The nodes a step's `on` names among `products` (the first one's
    // publisher for "publisher").
    std::vector<std::string> nodes_for(Where on, const std::vector<Product>& products) const
    {
        std::vector<std::string> out;
        if (on == Where::cluster) {
            return {std::string()};
        }
        const auto* first_publisher = m_cluster.publisher(products.front());
        if (on == Where::publisher) {
            return {first_publisher->host};
        }
        for (const auto product : products) {
            for (const auto* n : nodes_in_order(m_cluster, product)) {
                if (on == Where::every || n != first_publisher) {
                    out.push_back(n->host);
                }
            }
        }
        return out;
    }

    // A step from the data, on each node its `on` names, when it applies.
    void add_data_step(Section& s, const StepData& d, std::string_view type, const std::vector<Product>& products)
    {
        if (!d.when.holds(m_plan.situation)) {
            return;
        }
        for (const auto& node : nodes_for(d.on, products)) {
            add(s, step_of(d, type, node));
        }
    }

    // Restarts `service` on the nodes of `products` where it runs,
    // publisher first.
    void add_restart(
        Section& s, const std::string& name, const std::vector<Product>& products, const std::string& source)
    {
        const Service* service = m_runbook.service(name);
        if (service == nullptr) {
            throw InputError("the runbook describes no service \"" + name
                + "\" that a profile restarts: add a [[service]] for it in a plan/*.toml file");
        }
        for (const auto product : products) {
            const auto nodes = nodes_in_order(m_cluster, product);
            if (nodes.empty()) {
                continue;
            }
            std::vector<const Node*> targets;
            std::string note = service->note;
            if (service->runs == Runs::publisher) {
                targets.push_back(nodes.front());
            } else if (service->runs == Runs::every) {
                targets = nodes;
            } else {
                const bool described
                    = std::any_of(nodes.begin(), nodes.end(), [](const Node* n) { return n->services.has_value(); });
                for (const auto* n : nodes) {
                    const bool runs = !described
                        || (n->services
                            && std::any_of(n->services->begin(), n->services->end(),
                                [&](const std::string& x) { return service->is(x); }));
                    if (runs) {
                        targets.push_back(n);
                    }
                }
                if (!described) {
                    note = "where started";
                }
            }
            for (const auto* n : targets) {
                Step step;
                step.node = n->host;
                step.text = "Restart " + service->name + (note.empty() ? "" : " (" + note + ")") + ".";
                step.cli = "utils service restart " + service->name;
                step.source = source;
                add(s, std::move(step));
            }
        }
    }

    const Cluster& cluster() const { return m_cluster; }
    const Runbook& runbook() const { return m_runbook; }
    const Situation& situation() const { return m_plan.situation; }

private:
    const Cluster& m_cluster;
    const Runbook& m_runbook;
    Plan& m_plan;
    std::size_t m_count = 0;
};

std::vector<Product> products_of(const PlannedType& t)
{
    std::vector<Product> out;
    for (const auto* p : t.profiles) {
        out.push_back(p->product);
    }
    return out;
}

// The types as given, each on every product of the cluster that has it,
// in the runbook's order.
std::vector<PlannedType> resolve_types(const Cluster& cluster, const profile::Registry& registry,
    const Runbook& runbook, const std::vector<std::string>& names)
{
    std::vector<PlannedType> out;
    const bool has_imp = !cluster.nodes_of(Product::imp).empty();
    for (const auto& name : names) {
        const Profile& found = registry.find(name);
        std::vector<const Profile*> profiles;
        for (const auto& p : registry.all()) {
            const bool product_ok = p.product == Product::cucm || has_imp;
            const bool wanted = name.find('/') != std::string::npos ? &p == &found : same_name(p.type, found.type);
            if (wanted && product_ok) {
                profiles.push_back(&p);
            }
        }
        if (profiles.empty()) {
            throw UsageError(
                "--types " + name + ": an IM and Presence type, and " + cluster.file + " has no IM and Presence node");
        }
        const auto same = [&](const PlannedType& t) { return same_name(t.name, found.type); };
        const auto it = std::find_if(out.begin(), out.end(), same);
        if (it == out.end()) {
            out.push_back({found.type, profiles});
        } else {
            for (const auto* p : profiles) {
                if (std::find(it->profiles.begin(), it->profiles.end(), p) == it->profiles.end()) {
                    it->profiles.push_back(p);
                }
            }
        }
    }
    const auto rank = [&](const PlannedType& t) {
        const auto at = std::find_if(
            runbook.order.begin(), runbook.order.end(), [&](const std::string& o) { return same_name(o, t.name); });
        return std::make_pair(static_cast<std::size_t>(at - runbook.order.begin()), t.name);
    };
    std::sort(out.begin(), out.end(), [&](const PlannedType& a, const PlannedType& b) { return rank(a) < rank(b); });
    for (auto& t : out) {
        std::sort(t.profiles.begin(), t.profiles.end(),
            [](const Profile* a, const Profile* b) { return a->product < b->product; });
    }
    return out;
}

bool plan_has(const std::vector<PlannedType>& types, const std::vector<std::string>& alternatives)
{
    return std::any_of(types.begin(), types.end(), [&](const PlannedType& t) {
        return std::any_of(
            alternatives.begin(), alternatives.end(), [&](const std::string& a) { return same_name(a, t.name); });
    });
}

std::string key_text(const Cluster& cluster, const Profile& p)
{
    if (p.key_algorithm == profile::KeyAlgorithm::ec) {
        return " (key: EC " + cluster.key.ec_curve + ")";
    }
    return " (key: RSA " + std::to_string(cluster.key.rsa_bits) + " bits)";
}

std::string renew_command(const Cluster& cluster, const Situation& s, const std::vector<std::string>& types)
{
    return "pkitool plan renew --cluster " + cluster.file + " --types " + util::join(types, ",") + " --cucm-version "
        + s.version.text() + (s.mixed_mode ? " --mixed-mode" : "") + (s.ca_signed ? " --ca-signed" : "")
        + (s.with.empty() ? "" : " --with " + util::join(s.with, ","));
}

// The two windows a splitting hazard offers: everything but its last
// types, then those.
std::vector<AlternativeLine> split_windows(const Cluster& cluster, const Situation& s,
    const std::vector<PlannedType>& types, const std::vector<std::string>& second)
{
    std::vector<std::string> first_types;
    std::vector<std::string> second_types;
    for (const auto& t : types) {
        const bool later
            = std::any_of(second.begin(), second.end(), [&](const std::string& x) { return same_name(x, t.name); });
        (later ? second_types : first_types).push_back(t.name);
    }
    return {{"window 1:", renew_command(cluster, s, first_types)},
        {"then every phone registered again, with the new ITL downloaded through TVS", ""},
        {"window 2:", renew_command(cluster, s, second_types)}};
}

void check_hazards(
    Plan& plan, const Cluster& cluster, const Runbook& runbook, const std::vector<PlannedType>& types, bool itl_given)
{
    for (const auto& h : runbook.hazards) {
        if ((h.itl_decides && itl_given) || !h.when.holds(plan.situation)) {
            continue;
        }
        const bool all
            = std::all_of(h.types.begin(), h.types.end(), [&](const auto& group) { return plan_has(types, group); });
        if (!all || (h.rsa_bits_below && static_cast<std::int64_t>(cluster.key.rsa_bits) >= *h.rsa_bits_below)) {
            continue;
        }
        Notice n{
            "plan." + h.id, h.refuse, replace_all(h.reason, "{version}", plan.situation.version.text()), {}, h.source};
        if (!h.alternative.empty()) {
            n.alternative.push_back({h.alternative, ""});
        }
        if (h.split) {
            for (auto& line : split_windows(cluster, plan.situation, types, h.types.back())) {
                n.alternative.push_back(std::move(line));
            }
        }
        plan.notices.push_back(std::move(n));
    }
}

// With the cluster's ITL, `itl check`'s prediction for the plan decides
// the trust hazards.
void predict(Plan& plan, const Cluster& cluster, const Runbook& runbook, const std::vector<PlannedType>& types,
    const itl::File& current)
{
    std::vector<itl::Regeneration> regenerations;
    for (const auto& t : types) {
        for (const char* known : {"CallManager", "CallManager-ECDSA", "TVS", "ITLRecovery", "CAPF"}) {
            if (same_name(t.name, known)) {
                regenerations.push_back({known, ""});
            }
        }
    }
    // The release says who signs the ITL (CallManager before 12.0,
    // ITLRecovery from then on), unless the file says otherwise: an ITL
    // signed by CallManager on a later release (an upgrade that kept it) is
    // judged as the file is, the hazard "whenever the ITL is signed by
    // CallManager" names.
    auto prediction = itl::check_plan(current, regenerations, {});
    const bool signed_by_callmanager = prediction.version == "11.5";
    if (signed_by_callmanager && plan.situation.version.major >= 12) {
        plan.notices.push_back({"plan.itl-signed-by-callmanager", false,
            "the given ITL is not signed by ITLRecovery, as CUCM " + plan.situation.version.text()
                + " signs it, but as CUCM 8.x to 11.5 do: the prediction follows the file",
            {}, "§6: from 12.0 the ITL is signed by ITLRecovery, before that by CallManager"});
    } else {
        itl::CheckOptions options;
        options.cucm_version = plan.situation.version.text();
        prediction = itl::check_plan(current, regenerations, options);
    }
    for (const auto& f : prediction.findings) {
        if (f.severity == Severity::note) {
            continue;
        }
        std::string message = f.message;
        if (f.rule == "itl.recovery-key-weak" && !plan_has(types, {"ITLRecovery"})) {
            message += " (add ITLRecovery to --types)";
        }
        plan.notices.push_back({f.rule, false, message, {}, "pkitool itl check"});
    }
    const std::string last = prediction.steps.empty() ? std::string() : prediction.steps.back();
    if (prediction.acceptance == itl::Acceptance::rejected) {
        Notice n{"plan.itl-rejected", true,
            "pkitool itl check predicts that phones holding the given ITL reject the new one: " + last, {},
            "pkitool itl check"};
        // The windows of a splitting hazard the plan raises, else TVS on
        // its own after the rest.
        for (const auto& h : runbook.hazards) {
            const bool all
                = std::all_of(h.types.begin(), h.types.end(), [&](const auto& g) { return plan_has(types, g); });
            if (h.split && all) {
                n.alternative = split_windows(cluster, plan.situation, types, h.types.back());
                n.alternative.insert(n.alternative.begin(), {h.alternative, ""});
                break;
            }
        }
        if (n.alternative.empty() && types.size() > 1 && plan_has(types, {"TVS"})) {
            n.alternative = split_windows(cluster, plan.situation, types, {"TVS"});
            n.alternative.insert(n.alternative.begin(), {"Two maintenance windows, TVS in the second:", ""});
        }
        n.alternative.push_back({"to recover phones that already reject the new ITL: " + prediction.recovery, ""});
        plan.notices.push_back(std::move(n));
    } else if (prediction.acceptance == itl::Acceptance::through_tvs) {
        plan.notices.push_back({"plan.itl-through-tvs", false,
            "pkitool itl check predicts that phones accept the new ITL through TVS: " + last
                + "; keep every TVS running until the phones have it",
            {}, "pkitool itl check"});
    }
    plan.prediction = std::move(prediction);
}

// Where one type is made: every node of each product, or the publisher
// only from the procedure's release on.
std::vector<std::pair<const Profile*, const Node*>> targets(
    const Cluster& cluster, const PlannedType& t, const Procedure& procedure, const Version& version)
{
    const bool publisher_only = procedure.publisher_only_since && version >= *procedure.publisher_only_since;
    std::vector<std::pair<const Profile*, const Node*>> out;
    for (const auto* p : t.profiles) {
        for (const auto* n : nodes_in_order(cluster, p->product)) {
            if (!publisher_only || profile::is_publisher(n->role)) {
                out.emplace_back(p, n);
            }
        }
    }
    return out;
}

std::string product_title(const std::vector<Product>& products)
{
    std::string out;
    for (const auto p : products) {
        out += std::string(out.empty() ? "" : " and ") + (p == Product::cucm ? "CUCM" : "IM and Presence");
    }
    return out;
}

// A CA-signed certificate of one node replaced: the CSR (one for a
// multi-server type the cluster file lists, on its publisher, covering the
// products its SAN names), the CA, the check and the upload.
void add_replacement(Builder& b, Section& s, const profile::Registry& registry, const Profile& p, const Node& node,
    std::vector<Product>& covered)
{
    const auto& cluster = b.cluster();
    const bool multi = p.multi_server
        && std::any_of(cluster.multi_server_types.begin(), cluster.multi_server_types.end(),
            [&](const std::string& x) { return same_name(x, p.type) || same_name(x, p.id()); });
    if (multi
        && (std::find(covered.begin(), covered.end(), p.product) != covered.end()
            || !profile::is_publisher(node.role))) {
        return;
    }
    csr::ClusterPlanOptions csr_options;
    csr_options.type = p.id();
    if (multi) {
        covered.insert(covered.end(), p.multi_server_nodes.begin(), p.multi_server_nodes.end());
        csr_options.multi_server = true;
    } else {
        csr_options.node = node.host;
    }
    const auto specs = csr::plan_cluster(cluster, registry, csr_options);
    const std::string command = "pkitool csr --cluster " + cluster.file + " --type " + p.id()
        + (multi ? " --multi-server" : " --node " + node.host);
    for (const auto& d : b.runbook().replace) {
        Step step = b.step_of(d, p.type, node.host);
        step.node = d.click.empty() ? std::string() : node.host;
        step.text = replace_all(step.text, "{csr_command}", command);
        step.text = replace_all(step.text, "{csr_file}", specs.front().basename + ".csr");
        step.text = replace_all(step.text, "{profile}", p.id());
        b.add(s, std::move(step));
    }
}

// A self-signed certificate regenerated on one node, after CUCM's hold
// when the node regenerated another one in this plan.
void add_regeneration(
    Builder& b, Section& s, const Profile& p, const Node& node, std::map<std::string, std::string>& last_on_node)
{
    const auto& runbook = b.runbook();
    if (const auto it = last_on_node.find(node.host); it != last_on_node.end() && runbook.hold_minutes > 0) {
        Step wait;
        wait.kind = StepKind::wait;
        wait.node = node.host;
        wait.text = "Wait until " + std::to_string(runbook.hold_minutes) + " minutes have passed since " + it->second
            + " was regenerated on " + node.host + ": CUCM refuses a second regeneration on one node within "
            + std::to_string(runbook.hold_minutes) + " minutes.";
        wait.source = "§6 and §8";
        b.add(s, std::move(wait));
    }
    Step regen = b.step_of(runbook.regenerate, p.type, node.host);
    regen.text = replace_all(regen.text, "{key}", key_text(b.cluster(), p));
    b.add(s, std::move(regen));
    last_on_node[node.host] = p.type;
}

// The steps after the regenerations, in the procedure's order: a restart
// step restarts each service once, on every product whose profile (or the
// step) names it; the phone reset, when a profile says phones reset,
// follows the last restart.
void add_after_steps(Builder& b, Section& s, const PlannedType& t, const Procedure& procedure)
{
    const auto& runbook = b.runbook();
    const auto& situation = b.situation();
    std::size_t last_restart = 0;
    for (std::size_t i = 0; i < procedure.steps.size(); ++i) {
        if (!procedure.steps[i].restart.empty() && procedure.steps[i].when.holds(situation)) {
            last_restart = i + 1;
        }
    }
    const bool reset
        = std::any_of(t.profiles.begin(), t.profiles.end(), [](const Profile* p) { return p->phones_reset; });
    const auto add_reset = [&] {
        if (reset) {
            b.add_data_step(s, runbook.phones_reset, t.name, {Product::cucm});
        }
    };
    for (std::size_t i = 0; i < procedure.steps.size(); ++i) {
        const auto& d = procedure.steps[i];
        if (d.before || !d.when.holds(situation)) {
            continue;
        }
        if (d.restart.empty()) {
            b.add_data_step(s, d, t.name, products_of(t));
        } else {
            std::vector<std::pair<std::string, std::vector<Product>>> services;
            for (const auto* p : t.profiles) {
                const bool own = d.restart == std::vector<std::string>{"profile"};
                for (const auto& name : own ? p->restart : d.restart) {
                    const auto* known = runbook.service(name);
                    const std::string canonical = known != nullptr ? known->name : name;
                    auto it = std::find_if(
                        services.begin(), services.end(), [&](const auto& x) { return x.first == canonical; });
                    if (it == services.end()) {
                        services.push_back({canonical, {}});
                        it = services.end() - 1;
                    }
                    it->second.push_back(p->product);
                }
            }
            for (const auto& [name, on] : services) {
                b.add_restart(s, name, on, d.source);
            }
        }
        if (i + 1 == last_restart) {
            add_reset();
        }
    }
    if (last_restart == 0) {
        add_reset();
    }
}

} // namespace

Plan plan_renew(
    const Cluster& cluster, const profile::Registry& registry, const Runbook& runbook, const RenewOptions& options)
{
    if (options.types.empty()) {
        throw UsageError("plan renew needs --types TYPE[,TYPE...] (tomcat, ipsec, CAPF, CallManager, TVS, ITLRecovery, "
                         "cup, cup-xmpp, ...)");
    }
    Plan plan;
    plan.kind = PlanKind::renew;
    plan.cluster = cluster.name;
    plan.cluster_file = cluster.file;
    plan.situation = options.situation;
    const auto types = resolve_types(cluster, registry, runbook, options.types);
    for (const auto& t : types) {
        for (const auto* p : t.profiles) {
            plan.types.push_back(p->id());
        }
    }
    if (options.itl) {
        predict(plan, cluster, runbook, types, *options.itl);
    }
    check_hazards(plan, cluster, runbook, types, options.itl.has_value());
    std::stable_partition(plan.notices.begin(), plan.notices.end(), [](const Notice& n) { return n.refuse; });
    if (plan.refused()) {
        return plan;
    }

    Builder b(cluster, runbook, plan);
    auto& start = b.section("Before you start");
    for (const auto& d : runbook.start) {
        b.add_data_step(start, d, "", {Product::cucm});
    }
    // The last regeneration on each node, for CUCM's hold between two.
    std::map<std::string, std::string> last_on_node;
    for (const auto& t : types) {
        const auto products = products_of(t);
        const Procedure* procedure = runbook.procedure(t.name);
        // A type the runbook has no procedure for restarts its profile's
        // services and nothing else.
        const Procedure fallback{{t.name}, std::nullopt,
            {{{}, {}, {}, false, false, Where::cluster, {"profile"}, {}, "the profile's restart"}}};
        if (procedure == nullptr) {
            procedure = &fallback;
        }
        auto& s = b.section(t.name + " (" + product_title(products) + ")");
        for (const auto& d : procedure->steps) {
            if (d.before) {
                b.add_data_step(s, d, t.name, products);
            }
        }
        // The products a multi-server certificate of this type already covers.
        std::vector<Product> covered;
        for (const auto& [p, node] : targets(cluster, t, *procedure, plan.situation.version)) {
            if (plan.situation.ca_signed && p->csr_allowed) {
                add_replacement(b, s, registry, *p, *node, covered);
            } else {
                add_regeneration(b, s, *p, *node, last_on_node);
            }
        }
        add_after_steps(b, s, t, *procedure);
        for (const auto& d : runbook.after_each) {
            b.add_data_step(s, d, t.name, products);
        }
    }
    auto& finish = b.section("Finish");
    for (const auto& d : runbook.finish) {
        b.add_data_step(finish, d, "", {Product::cucm});
    }
    return plan;
}

namespace {

bool expired_at(const TrustEntry& e, util::UnixTime at)
{
    return e.not_after && *e.not_after < at;
}

// Whether an entry sits in `store` on `cluster`: a folder or file named
// after the store (the files given are the cluster's), or a consolidated
// set's import for that cluster ("tomcat-trust on <cluster>").
bool in_store(const TrustEntry& e, const std::string& store, const std::string& cluster)
{
    return std::any_of(e.stores.begin(), e.stores.end(),
        [&](const std::string& s) { return same_name(s, store) || same_name(s, store + " on " + cluster); });
}

} // namespace

Plan plan_trust_cleanup(const Cluster& cluster, const Runbook& runbook, const CleanupOptions& options)
{
    Plan plan;
    plan.kind = PlanKind::trust_cleanup;
    plan.cluster = cluster.name;
    plan.cluster_file = cluster.file;
    plan.situation = options.situation;
    plan.at = options.at;
    const bool has_imp = !cluster.nodes_of(Product::imp).empty();
    const auto present = [&](const StoreCleanup& s) {
        return std::any_of(
            s.products.begin(), s.products.end(), [&](Product p) { return p == Product::cucm || has_imp; });
    };
    std::vector<const StoreCleanup*> stores;
    for (const auto& name : options.stores) {
        if (runbook.is_identity(name)) {
            plan.notices.push_back({"plan.identity-certificate", true,
                name + " is an identity certificate: CUCM never deletes those, only *-trust entries",
                {{"renew it instead:",
                    "pkitool plan renew --cluster " + cluster.file + " --types " + name + " --cucm-version "
                        + options.situation.version.text()}},
                "§6 and §8"});
            continue;
        }
        const auto it = std::find_if(runbook.cleanup.stores.begin(), runbook.cleanup.stores.end(),
            [&](const StoreCleanup& s) { return same_name(s.store, name); });
        if (it == runbook.cleanup.stores.end()) {
            std::vector<std::string> names;
            for (const auto& s : runbook.cleanup.stores) {
                names.push_back(s.store);
            }
            const auto guess = profile::nearest(name, names);
            throw UsageError("--stores " + name + ": no such trust store"
                + (guess ? " (did you mean " + *guess + "?)" : "") + "; the stores: " + util::join(names));
        }
        if (!present(*it)) {
            throw UsageError("--stores " + name + ": an IM and Presence store, and " + cluster.file
                + " has no IM and Presence node");
        }
        stores.push_back(&*it);
    }
    if (options.entries) {
        for (const auto& e : *options.entries) {
            if (!expired_at(e, options.at)) {
                continue;
            }
            bool any = false;
            for (const auto& s : runbook.cleanup.stores) {
                if (in_store(e, s.store, cluster.name)) {
                    any = true;
                    if (options.stores.empty() && present(s)
                        && std::find(stores.begin(), stores.end(), &s) == stores.end()) {
                        stores.push_back(&s);
                    }
                }
            }
            if (!any && e.cluster == cluster.name && runbook.is_identity(e.type)) {
                plan.identities.push_back(e);
            }
        }
    }
    if (options.stores.empty() && !options.entries) {
        for (const auto& s : runbook.cleanup.stores) {
            if (present(s)) {
                stores.push_back(&s);
            }
        }
    }
    std::sort(stores.begin(), stores.end(), [&](const StoreCleanup* a, const StoreCleanup* b) {
        return a - runbook.cleanup.stores.data() < b - runbook.cleanup.stores.data();
    });
    for (const auto* s : stores) {
        plan.stores.push_back(s->store);
    }
    if (plan.refused()) {
        return plan;
    }
    Builder b(cluster, runbook, plan);
    std::vector<const StoppedService*> stopped;
    for (const auto& stop : runbook.cleanup.stop) {
        if (stop.when.holds(plan.situation) && (stop.product == Product::cucm || has_imp)) {
            stopped.push_back(&stop);
        }
    }
    if (stores.empty()) {
        return plan;
    }
    // The services CUCM wants stopped around the deletions, on every node
    // of their product: "Stop X." before, "Start X again." after.
    const auto stop_or_start = [&](Section& section, const std::string& verb, const std::string& again) {
        for (const auto* stop : stopped) {
            for (const auto* n : nodes_in_order(cluster, stop->product)) {
                Step step;
                step.node = n->host;
                step.text = verb + " " + stop->service + again + ".";
                step.cli = "utils service " + util::ascii_lower(verb) + " " + stop->service;
                step.source = stop->source;
                b.add(section, std::move(step));
            }
        }
    };
    auto& before = b.section("Before you start");
    stop_or_start(before, "Stop", "");
    Step never;
    never.kind = StepKind::check;
    never.text = "Delete only *-trust entries, never an identity certificate (" + util::join(runbook.identity) + ").";
    never.source = "§6 and §8";
    b.add(before, std::move(never));

    const bool cluster_wide
        = runbook.cleanup.cluster_wide_since && plan.situation.version >= *runbook.cleanup.cluster_wide_since;
    for (const auto* s : stores) {
        std::vector<Product> products;
        for (const auto p : s->products) {
            if (p == Product::cucm || has_imp) {
                products.push_back(p);
            }
        }
        auto& section = b.section(s->store);
        std::vector<std::string> details;
        if (options.entries) {
            for (const auto& e : *options.entries) {
                if (expired_at(e, options.at) && in_store(e, s->store, cluster.name)) {
                    plan.deletions.push_back({s->store, e});
                    details.push_back(e.subject + " (serial " + e.serial + ", expired "
                        + util::format_iso(*e.not_after).substr(0, 10) + ", SHA-256 " + e.sha256.substr(0, 16)
                        + "...)");
                }
            }
        }
        const std::string what = options.entries
            ? "Delete " + std::to_string(details.size()) + " expired " + (details.size() == 1 ? "entry" : "entries")
                + " from " + s->store + "."
            : "Delete the entries of " + s->store + " whose expiry date has passed.";
        std::vector<const Node*> nodes;
        if (cluster_wide) {
            nodes.push_back(cluster.publisher(products.front()));
        } else {
            for (const auto product : products) {
                const auto of = nodes_in_order(cluster, product);
                nodes.insert(nodes.end(), of.begin(), of.end());
            }
        }
        for (const auto* n : nodes) {
            Step step;
            step.node = n->host;
            step.text = what + (cluster_wide ? " The deletion applies to the whole cluster." : "");
            step.click = replace_all(runbook.cleanup.delete_click, "{store}", s->store);
            step.details = details;
            step.source = runbook.cleanup.source;
            b.add(section, std::move(step));
        }
        std::vector<std::string> restart = s->restart;
        if (std::find(plan.situation.with.begin(), plan.situation.with.end(), "federation")
            != plan.situation.with.end()) {
            restart.insert(restart.end(), s->federation.begin(), s->federation.end());
        }
        for (const auto& service : restart) {
            b.add_restart(section, service, products, s->source);
        }
        if (!s->note.empty()) {
            Step note;
            note.kind = StepKind::check;
            note.text = s->note;
            note.source = s->source;
            b.add(section, std::move(note));
        }
    }
    if (!stopped.empty()) {
        stop_or_start(b.section("Finish"), "Start", " again");
    }
    return plan;
}

std::vector<TrustEntry> trust_entries(const bulk::Inventory& inventory)
{
    std::vector<TrustEntry> out;
    for (const auto& row : inventory.rows) {
        const auto& e = *row.entry;
        TrustEntry t;
        t.cluster = e.cluster;
        t.stores = row.stores;
        t.type = e.type();
        t.subject = e.certificate->subject.to_string();
        t.serial = util::hex_colons(e.certificate->serial_number());
        t.sha256 = e.sha256;
        t.not_after = row.not_after;
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<TrustEntry> trust_entries_from_report(std::string_view json, const std::string& name)
{
    const auto doc = util::parse_json(json, name);
    if (doc.kind != util::Json::Kind::object || doc.text("schema") != "pkitool-report/1") {
        throw InputError(
            name + ": not a pkitool report (expected a JSON object with \"schema\": \"pkitool-report/1\")");
    }
    const auto* rows = doc.find("certificates");
    if (rows == nullptr || rows->kind != util::Json::Kind::array) {
        throw InputError(name + ": the report has no \"certificates\" array");
    }
    std::vector<TrustEntry> out;
    for (std::size_t i = 0; i < rows->array.size(); ++i) {
        const auto& row = rows->array[i];
        if (row.kind != util::Json::Kind::object) {
            throw InputError(name + ": certificates[" + std::to_string(i) + "] is not an object");
        }
        TrustEntry t;
        t.cluster = row.text("cluster");
        t.type = row.text("type");
        t.subject = row.text("subject");
        t.serial = row.text("serial");
        t.sha256 = row.text("sha256");
        if (const auto* stores = row.find("stores"); stores != nullptr && stores->kind == util::Json::Kind::array) {
            for (const auto& s : stores->array) {
                t.stores.push_back(s.string);
            }
        }
        const auto not_after = row.text("not_after");
        if (!not_after.empty()) {
            try {
                t.not_after = util::parse_time_argument(not_after);
            } catch (const Error&) {
                throw InputError(
                    name + ": certificates[" + std::to_string(i) + "].not_after: \"" + not_after + "\" is not a time");
            }
        }
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace pkitool::plan
