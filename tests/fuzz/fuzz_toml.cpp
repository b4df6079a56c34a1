// libFuzzer target for the text readers of configuration, manifests and
// text arguments: any bytes given as a cluster file, a profile, a
// csr-manifest.json (read back and re-written as csr merges it), a
// --subject argument, a site's runbook file (read over the built-in one,
// then planned with) or a report JSON for plan trust-cleanup must parse or
// fail with pkitool's error, never crash.
#include "pkitool/csr/plan.hpp"
#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/plan/plan.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/util/json.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

// The cluster every fuzzed runbook plans for: CUCM and IM and Presence
// nodes, feature services on some.
constexpr const char* k_cluster = R"(name = "fuzz"
domain = "example.com"
cucm_version = "11.5"
[subject]
O = "O"
L = "L"
ST = "S"
C = "US"
[multi_server]
types = ["tomcat"]
[[node]]
host = "pub"
role = "cucm-publisher"
[[node]]
host = "sub"
role = "cucm-subscriber"
services = ["Cisco TFTP"]
[[node]]
host = "imp"
role = "imp-publisher"
)";

void plan_with(const pkitool::plan::Runbook& runbook)
{
    using namespace pkitool;
    static const auto registry = profile::Registry::load({{}, true});
    static const auto cluster = profile::parse_cluster(k_cluster, "fuzz-cluster.toml");
    for (const char* version : {"10.5", "14"}) {
        plan::RenewOptions options;
        options.situation.version = *plan::parse_version(version);
        options.situation.mixed_mode = true;
        options.situation.with = plan::with_words();
        options.types = {"tomcat", "ipsec", "CAPF", "CallManager", "TVS", "ITLRecovery", "cup", "cup-xmpp-s2s"};
        (void)plan::plan_renew(cluster, registry, runbook, options);
        options.situation.ca_signed = true;
        (void)plan::plan_renew(cluster, registry, runbook, options);
        plan::CleanupOptions cleanup;
        cleanup.situation = options.situation;
        (void)plan::plan_trust_cleanup(cluster, runbook, cleanup);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace pkitool;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        plan::Runbook runbook;
        plan::read_runbook(runbook, plan::builtin_runbook(), "built-in");
        plan::read_runbook(runbook, text, "fuzz.toml");
        plan_with(runbook);
    } catch (const Error&) {
    }
    try {
        (void)plan::trust_entries_from_report(text, "fuzz.json");
    } catch (const Error&) {
    }
    try {
        const auto cluster = profile::parse_cluster(text, "fuzz.toml");
        for (const auto& node : cluster.nodes) {
            (void)cluster.fqdn(node);
        }
    } catch (const Error&) {
    }
    try {
        (void)profile::parse_profile(text, "fuzz.toml");
    } catch (const Error&) {
    }
    try {
        const auto doc = util::parse_json(text, "fuzz.json");
        (void)doc.text("schema");
        (void)to_json(to_table(doc));
    } catch (const Error&) {
    }
    try {
        (void)csr::parse_subject_argument(text);
    } catch (const Error&) {
    }
    return 0;
}
