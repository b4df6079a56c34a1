#include "pkitool/plan/runbook.hpp"

#include "pkitool/error.hpp"
#include "pkitool/profile/toml_reader.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/text.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace pkitool::plan {

std::string Version::text() const
{
    return std::to_string(major) + (minor != 0 ? "." + std::to_string(minor) : "");
}

std::optional<Version> parse_version(std::string_view text)
{
    const auto number = [](std::string_view digits, int& out) {
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
        return ec == std::errc() && end == digits.data() + digits.size() && !digits.empty() && out >= 0 && out < 100;
    };
    Version v;
    const auto dot = text.find('.');
    if (!number(text.substr(0, dot), v.major)) {
        return std::nullopt;
    }
    if (dot != std::string_view::npos && !number(text.substr(dot + 1), v.minor)) {
        return std::nullopt;
    }
    return v;
}

const std::vector<std::string>& with_words()
{
    static const std::vector<std::string> words{"uccx", "sso", "federation", "jabber", "ha"};
    return words;
}

bool Condition::holds(const Situation& s) const
{
    return (!mixed_mode || *mixed_mode == s.mixed_mode) && (!ca_signed || *ca_signed == s.ca_signed)
        && (!with || std::find(s.with.begin(), s.with.end(), *with) != s.with.end()) && (!since || s.version >= *since)
        && (!until || s.version <= *until);
}

bool Service::is(std::string_view n) const
{
    return name == n || std::find(aliases.begin(), aliases.end(), n) != aliases.end();
}

const Service* Runbook::service(std::string_view name) const
{
    const auto it = std::find_if(services.begin(), services.end(), [&](const Service& s) { return s.is(name); });
    return it == services.end() ? nullptr : &*it;
}

const Procedure* Runbook::procedure(std::string_view type) const
{
    for (const auto& p : procedures) {
        if (std::find(p.types.begin(), p.types.end(), type) != p.types.end()) {
            return &p;
        }
    }
    return nullptr;
}

bool Runbook::is_identity(std::string_view type) const
{
    return std::any_of(identity.begin(), identity.end(),
        [&](const std::string& t) { return util::ascii_lower(t) == util::ascii_lower(type); });
}

namespace {

using profile::TableReader;

std::optional<Version> version_of(const TableReader& t, std::string_view key)
{
    const auto text = t.string(key);
    if (!text) {
        return std::nullopt;
    }
    const auto v = parse_version(*text);
    if (!v) {
        t.fail(key, "\"" + *text + "\" is not a CUCM release such as 11.5 or 14");
    }
    return v;
}

Condition read_condition(const TableReader& parent)
{
    Condition c;
    const auto t = parent.table("when");
    if (!t) {
        return c;
    }
    t->allow_only({"mixed_mode", "ca_signed", "with", "since", "until"});
    c.mixed_mode = t->boolean("mixed_mode");
    c.ca_signed = t->boolean("ca_signed");
    c.with = t->string("with");
    if (c.with && std::find(with_words().begin(), with_words().end(), *c.with) == with_words().end()) {
        t->fail("with", "\"" + *c.with + "\" is not uccx, sso, federation, jabber or ha");
    }
    c.since = version_of(*t, "since");
    c.until = version_of(*t, "until");
    return c;
}

std::string required_source(const TableReader& t)
{
    auto source = t.required_string("source");
    if (source.empty()) {
        t.fail("source", "say where the fact comes from (a section of cucm-certificates.md)");
    }
    return source;
}

StepData read_step(const TableReader& t)
{
    t.allow_only({"text", "click", "cli", "check", "before", "on", "restart", "when", "source"});
    StepData s;
    s.text = t.string("text").value_or("");
    s.click = t.string("click").value_or("");
    s.cli = t.string("cli").value_or("");
    s.check = t.boolean("check").value_or(false);
    s.before = t.boolean("before").value_or(false);
    s.restart = t.strings("restart").value_or(std::vector<std::string>{});
    if (s.text.empty() && s.restart.empty()) {
        t.fail("text", "a step needs a text or a restart list");
    }
    const auto on = t.string("on").value_or("cluster");
    constexpr std::pair<std::string_view, Where> k_where[] = {{"cluster", Where::cluster},
        {"publisher", Where::publisher}, {"every", Where::every}, {"subscribers", Where::subscribers}};
    const auto* found
        = std::find_if(std::begin(k_where), std::end(k_where), [&](const auto& w) { return w.first == on; });
    if (found == std::end(k_where)) {
        t.fail("on", "\"" + on + "\" is not cluster, publisher, every or subscribers");
    }
    s.on = found->second;
    s.when = read_condition(t);
    s.source = required_source(t);
    return s;
}

std::vector<StepData> read_steps(const TableReader& t, std::string_view key)
{
    std::vector<StepData> out;
    for (const auto& s : t.tables(key)) {
        out.push_back(read_step(s));
    }
    return out;
}

Service read_service(const TableReader& t)
{
    t.allow_only({"name", "aliases", "runs", "note", "source"});
    Service s;
    s.name = t.required_string("name");
    s.aliases = t.strings("aliases").value_or(std::vector<std::string>{});
    const auto runs = t.required_string("runs");
    if (runs == "every") {
        s.runs = Runs::every;
    } else if (runs == "publisher") {
        s.runs = Runs::publisher;
    } else if (runs == "started") {
        s.runs = Runs::started;
    } else {
        t.fail("runs", "\"" + runs + "\" is not every, publisher or started");
    }
    s.note = t.string("note").value_or("");
    s.source = required_source(t);
    return s;
}

Procedure read_procedure(const TableReader& t)
{
    t.allow_only({"types", "publisher_only_since", "step"});
    Procedure p;
    p.types = t.strings("types").value_or(std::vector<std::string>{});
    if (p.types.empty()) {
        t.fail("types", "a procedure names the certificate types it is for");
    }
    p.publisher_only_since = version_of(t, "publisher_only_since");
    p.steps = read_steps(t, "step");
    return p;
}

Hazard read_hazard(const TableReader& t)
{
    t.allow_only(
        {"id", "action", "types", "when", "itl_decides", "split", "rsa_bits_below", "reason", "alternative", "source"});
    Hazard h;
    h.id = t.required_string("id");
    const auto action = t.required_string("action");
    if (action != "refuse" && action != "warn") {
        t.fail("action", "\"" + action + "\" is not refuse or warn");
    }
    h.refuse = action == "refuse";
    for (const auto& entry : t.strings("types").value_or(std::vector<std::string>{})) {
        std::vector<std::string> alternatives;
        std::size_t start = 0;
        while (start <= entry.size()) {
            const auto bar = std::min(entry.find('|', start), entry.size());
            alternatives.push_back(entry.substr(start, bar - start));
            start = bar + 1;
        }
        h.types.push_back(std::move(alternatives));
    }
    if (h.types.empty()) {
        t.fail("types", "a hazard names the types that raise it");
    }
    h.when = read_condition(t);
    h.itl_decides = t.boolean("itl_decides").value_or(false);
    h.split = t.boolean("split").value_or(false);
    if (h.split && (!h.refuse || h.types.size() < 2)) {
        t.fail("split", "only a refusing hazard of two or more types splits the plan into two windows");
    }
    h.rsa_bits_below = t.integer("rsa_bits_below");
    h.reason = t.required_string("reason");
    h.alternative = t.string("alternative").value_or("");
    h.source = required_source(t);
    return h;
}

std::vector<profile::Product> read_products(const TableReader& t, std::string_view key)
{
    std::vector<profile::Product> out;
    for (const auto& name : t.strings(key).value_or(std::vector<std::string>{"cucm"})) {
        if (name == "cucm") {
            out.push_back(profile::Product::cucm);
        } else if (name == "imp") {
            out.push_back(profile::Product::imp);
        } else {
            t.fail(key, "\"" + name + "\" is not cucm or imp");
        }
    }
    return out;
}

// Replaces the entry of `list` whose key equals the new one's, or appends.
template <typename T, typename Key> void merge(std::vector<T>& list, T item, Key key)
{
    const auto it = std::find_if(list.begin(), list.end(), [&](const T& old) { return key(old) == key(item); });
    if (it != list.end()) {
        *it = std::move(item);
    } else {
        list.push_back(std::move(item));
    }
}

void read_cleanup(Cleanup& c, const TableReader& t)
{
    t.allow_only({"cluster_wide_since", "delete_click", "source", "stop", "store"});
    if (const auto v = version_of(t, "cluster_wide_since")) {
        c.cluster_wide_since = v;
    }
    c.delete_click = t.string("delete_click").value_or(c.delete_click);
    c.source = t.string("source").value_or(c.source);
    const auto stops = t.tables("stop");
    if (!stops.empty()) {
        c.stop.clear();
    }
    for (const auto& s : stops) {
        s.allow_only({"service", "product", "when", "source"});
        StoppedService stop;
        stop.service = s.required_string("service");
        const auto product = s.required_string("product");
        if (product != "cucm" && product != "imp") {
            s.fail("product", "\"" + product + "\" is not cucm or imp");
        }
        stop.product = product == "imp" ? profile::Product::imp : profile::Product::cucm;
        stop.when = read_condition(s);
        stop.source = required_source(s);
        c.stop.push_back(std::move(stop));
    }
    for (const auto& s : t.tables("store")) {
        s.allow_only({"store", "products", "restart", "federation", "note", "source"});
        StoreCleanup store;
        store.store = s.required_string("store");
        store.products = read_products(s, "products");
        store.restart = s.strings("restart").value_or(std::vector<std::string>{});
        store.federation = s.strings("federation").value_or(std::vector<std::string>{});
        store.note = s.string("note").value_or("");
        store.source = required_source(s);
        merge(c.stores, std::move(store), [](const StoreCleanup& x) { return util::ascii_lower(x.store); });
    }
}

void replace_steps(std::vector<StepData>& list, const TableReader& t, std::string_view key)
{
    if (!t.tables(key).empty()) {
        list = read_steps(t, key);
    }
}

// Every service a step, a store or a stop names is one the runbook knows.
void check_services(const Runbook& r, const std::string& name)
{
    const auto known = [&](const std::string& service, const std::string& where) {
        if (service != "profile" && r.service(service) == nullptr) {
            std::vector<std::string> names;
            for (const auto& s : r.services) {
                names.push_back(s.name);
            }
            const auto guess = profile::nearest(service, names);
            throw InputError(name + ": " + where + " restarts \"" + service + "\", which no [[service]] describes"
                + (guess ? " (did you mean \"" + *guess + "\"?)" : ""));
        }
    };
    for (const auto& p : r.procedures) {
        for (const auto& s : p.steps) {
            for (const auto& service : s.restart) {
                known(service, "the procedure for " + p.types.front());
            }
        }
    }
    for (const auto& s : r.cleanup.stores) {
        for (const auto* list : {&s.restart, &s.federation}) {
            for (const auto& service : *list) {
                known(service, "[[cleanup.store]] " + s.store);
            }
        }
    }
    for (const auto& s : r.cleanup.stop) {
        known(s.service, "[[cleanup.stop]]");
    }
}

} // namespace

void read_runbook(Runbook& r, std::string_view text, const std::string& name)
{
    const toml::table table = profile::parse_toml(text, name);
    const TableReader t(table, name);
    t.allow_only({"order", "hold_minutes", "identity", "regenerate", "replace", "phones_reset", "start", "after_each",
        "finish", "service", "procedure", "hazard", "cleanup"});
    r.order = t.strings("order").value_or(r.order);
    if (const auto hold = t.integer("hold_minutes")) {
        if (*hold < 0 || *hold > 60) {
            t.fail("hold_minutes", "give 0 to 60 minutes");
        }
        r.hold_minutes = *hold;
    }
    r.identity = t.strings("identity").value_or(r.identity);
    if (const auto regen = t.table("regenerate")) {
        r.regenerate = read_step(*regen);
    }
    if (const auto reset = t.table("phones_reset")) {
        r.phones_reset = read_step(*reset);
    }
    replace_steps(r.replace, t, "replace");
    replace_steps(r.start, t, "start");
    replace_steps(r.after_each, t, "after_each");
    replace_steps(r.finish, t, "finish");
    for (const auto& s : t.tables("service")) {
        merge(r.services, read_service(s), [](const Service& x) { return x.name; });
    }
    for (const auto& p : t.tables("procedure")) {
        merge(r.procedures, read_procedure(p), [](const Procedure& x) { return x.types; });
    }
    for (const auto& h : t.tables("hazard")) {
        merge(r.hazards, read_hazard(h), [](const Hazard& x) { return x.id; });
    }
    if (const auto c = t.table("cleanup")) {
        read_cleanup(r.cleanup, *c);
    }
    r.sources.push_back(name);
    check_services(r, name);
}

Runbook load_runbook(const profile::Sources& sources)
{
    Runbook r;
    if (sources.builtin) {
        read_runbook(r, builtin_runbook(), "built-in plan/runbook.toml");
    }
    for (const auto& dir : sources.directories) {
        const auto plan_dir = std::filesystem::path(dir) / "plan";
        std::error_code ec;
        if (!std::filesystem::is_directory(plan_dir, ec)) {
            continue;
        }
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(plan_dir, ec)) {
            if (entry.is_regular_file() && entry.path().extension() == ".toml") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& path : files) {
            const auto data = util::read_input(path.string());
            read_runbook(r, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), path.string());
        }
    }
    return r;
}

} // namespace pkitool::plan
