// The runbook data behind `pkitool plan`: the order of certificate work,
// the steps around each type's regeneration, where each service runs, the
// hazards and the trust clean-up, read from profiles/plan/runbook.toml
// (compiled in) and overridden by a site's plan/*.toml files. Each entry
// carries the source of its fact.
#pragma once

#include "pkitool/profile/profile.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::plan {

// A CUCM release as the plan compares them: 10.5, 11.5, 12.5, 14, 15.
struct Version {
    int major = 0;
    int minor = 0;

    std::string text() const;

    friend bool operator<(const Version& a, const Version& b)
    {
        return a.major != b.major ? a.major < b.major : a.minor < b.minor;
    }
    friend bool operator==(const Version& a, const Version& b) { return a.major == b.major && a.minor == b.minor; }
    friend bool operator<=(const Version& a, const Version& b) { return !(b < a); }
    friend bool operator>=(const Version& a, const Version& b) { return !(a < b); }
};

// "14", "12.5". Nothing when the text is not a release number.
std::optional<Version> parse_version(std::string_view text);

// The options a plan is made for; `when` conditions test them.
struct Situation {
    Version version;
    bool mixed_mode = false;
    bool ca_signed = false;
    std::vector<std::string> with; // uccx, sso, federation, jabber, ha
};

// The `with` words a plan knows.
const std::vector<std::string>& with_words();

struct Condition {
    std::optional<bool> mixed_mode;
    std::optional<bool> ca_signed;
    std::optional<std::string> with;
    std::optional<Version> since;
    std::optional<Version> until;

    bool holds(const Situation& situation) const;
};

enum class Where { cluster, publisher, every, subscribers };

struct StepData {
    std::string text;
    std::string click;
    std::string cli;
    bool check = false;
    bool before = false; // before the regeneration (procedure steps)
    Where on = Where::cluster;
    // Services to restart, each where it runs; "profile" stands for the
    // type's own `restart` list.
    std::vector<std::string> restart;
    Condition when;
    std::string source;
};

enum class Runs { every, publisher, started };

struct Service {
    std::string name;
    std::vector<std::string> aliases;
    Runs runs = Runs::every;
    std::string note; // "if active"
    std::string source;

    bool is(std::string_view name_or_alias) const;
};

struct Procedure {
    std::vector<std::string> types;
    // From this release on, the type exists on the publisher only.
    std::optional<Version> publisher_only_since;
    std::vector<StepData> steps;
};

struct Hazard {
    std::string id;
    bool refuse = false; // else a warning
    // Each entry one type or "A|B" alternatives; all must be in the plan.
    std::vector<std::vector<std::string>> types;
    Condition when;
    bool itl_decides = false;
    bool split = false;
    std::optional<std::int64_t> rsa_bits_below;
    std::string reason;
    std::string alternative;
    std::string source;
};

struct StoreCleanup {
    std::string store;
    std::vector<profile::Product> products;
    std::vector<std::string> restart;
    std::vector<std::string> federation; // restarted too with --with federation
    std::string note;
    std::string source;
};

struct StoppedService {
    std::string service;
    profile::Product product = profile::Product::cucm;
    Condition when;
    std::string source;
};

struct Cleanup {
    std::optional<Version> cluster_wide_since;
    std::string delete_click;
    std::string source;
    std::vector<StoppedService> stop;
    std::vector<StoreCleanup> stores;
};

struct Runbook {
    std::vector<std::string> order;
    std::int64_t hold_minutes = 5;
    std::vector<std::string> identity;
    StepData regenerate;
    std::vector<StepData> replace;
    StepData phones_reset;
    std::vector<StepData> start;
    std::vector<StepData> after_each;
    std::vector<StepData> finish;
    std::vector<Service> services;
    std::vector<Procedure> procedures;
    std::vector<Hazard> hazards;
    Cleanup cleanup;
    std::vector<std::string> sources; // the files it was read from

    // Nothing when no [[service]] has that name or alias.
    const Service* service(std::string_view name) const;
    const Procedure* procedure(std::string_view type) const;
    bool is_identity(std::string_view type) const;
};

// Reads the built-in runbook, then each directory's plan/*.toml over it
// (sorted by name). Throws InputError naming file:line and the key.
Runbook load_runbook(const profile::Sources& sources);

// One runbook file read over `base` (for tests and the fuzzer). Throws
// InputError.
void read_runbook(Runbook& base, std::string_view text, const std::string& name);

// The built-in profiles/plan/runbook.toml.
const char* builtin_runbook();

} // namespace pkitool::plan
