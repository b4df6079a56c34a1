// The runbook data against the profiles and the reference, its reader's
// errors and overrides, and the plan engine's rules that the CLI's golden
// files do not isolate.
#include "pkitool/error.hpp"
#include "pkitool/plan/plan.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pkitool {
namespace {

using test::error_message;

plan::Runbook builtin()
{
    return plan::load_runbook({{}, true});
}

const profile::Registry& registry()
{
    static const auto r = profile::Registry::load({{}, true});
    return r;
}

TEST(Runbook, EveryFactNamesItsSource)
{
    const auto r = builtin();
    const auto cites = [](const std::string& source) { return source.find("§") != std::string::npos; };
    std::vector<const plan::StepData*> steps = {&r.regenerate, &r.phones_reset};
    for (const auto* list : {&r.replace, &r.start, &r.after_each, &r.finish}) {
        for (const auto& s : *list) {
            steps.push_back(&s);
        }
    }
    for (const auto& p : r.procedures) {
        for (const auto& s : p.steps) {
            steps.push_back(&s);
        }
    }
    for (const auto* s : steps) {
        EXPECT_TRUE(cites(s->source)) << s->text << ": " << s->source;
    }
    for (const auto& s : r.services) {
        EXPECT_TRUE(cites(s.source)) << s.name;
    }
    for (const auto& h : r.hazards) {
        EXPECT_TRUE(cites(h.source)) << h.id;
    }
    for (const auto& s : r.cleanup.stores) {
        EXPECT_TRUE(cites(s.source)) << s.store;
    }
    EXPECT_GT(steps.size(), 30U);
}

TEST(Runbook, AgreesWithTheProfiles)
{
    const auto r = builtin();
    for (const auto& p : registry().all()) {
        // Every service a profile restarts is described, and every type is
        // in the order (section 8's, then the IM and Presence ones).
        for (const auto& service : p.restart) {
            EXPECT_NE(r.service(service), nullptr) << p.id() << " restarts " << service;
        }
        EXPECT_NE(std::find(r.order.begin(), r.order.end(), p.type), r.order.end()) << p.id();
        EXPECT_NE(r.procedure(p.type), nullptr) << p.id();
        if (p.multi_server || p.csr_allowed) {
            // Identity types are never deleted; their trust stores are cleaned.
            const auto base = p.type.substr(0, p.type.find("-ECDSA"));
            EXPECT_TRUE(r.is_identity(base) || base == "ITLRecovery") << p.id();
        }
    }
    // Section 8's order of the CUCM types.
    const std::vector<std::string> cucm
        = {"tomcat", "tomcat-ECDSA", "ipsec", "CAPF", "CallManager", "CallManager-ECDSA", "TVS", "ITLRecovery"};
    EXPECT_TRUE(std::equal(cucm.begin(), cucm.end(), r.order.begin()));
    EXPECT_EQ(r.hold_minutes, 5);
}

TEST(Runbook, VersionsAndConditions)
{
    EXPECT_EQ(plan::parse_version("12.5")->text(), "12.5");
    EXPECT_EQ(plan::parse_version("14")->text(), "14");
    EXPECT_FALSE(plan::parse_version("14."));
    EXPECT_FALSE(plan::parse_version("x"));
    EXPECT_FALSE(plan::parse_version(""));
    EXPECT_LT(*plan::parse_version("11.5"), *plan::parse_version("12"));
    plan::Condition c;
    c.until = plan::parse_version("11.5");
    c.with = "ha";
    plan::Situation s;
    s.version = *plan::parse_version("11.5");
    EXPECT_FALSE(c.holds(s));
    s.with = {"ha"};
    EXPECT_TRUE(c.holds(s));
    s.version = *plan::parse_version("12.5");
    EXPECT_FALSE(c.holds(s));
}

TEST(Runbook, ErrorsNameTheLineAndTheKey)
{
    const auto read = [](const std::string& text) {
        return error_message([&] {
            plan::Runbook r = plan::load_runbook({{}, true});
            plan::read_runbook(r, text, "site.toml");
        });
    };
    EXPECT_EQ(
        read("[[procedure]]\ntypes = [\"tomcat\"]\n[[procedure.step]]\ntext = \"x\"\non = \"everywhere\"\nsource = "
             "\"s\"\n"),
        "site.toml:5: procedure.step.on: \"everywhere\" is not cluster, publisher, every or subscribers");
    EXPECT_EQ(read("[[start]]\ntext = \"x\"\nwhen = { with = \"webex\" }\nsource = \"s\"\n"),
        "site.toml:3: start.when.with: \"webex\" is not uccx, sso, federation, jabber or ha");
    EXPECT_EQ(read("[[hazard]]\nid = \"a\"\naction = \"refuse\"\ntypes = [\"TVS\"]\nwhen = { until = \"eleven\" }\n"
                   "reason = \"r\"\nsource = \"s\"\n"),
        "site.toml:5: hazard.when.until: \"eleven\" is not a CUCM release such as 11.5 or 14");
    EXPECT_EQ(read("[[start]]\ntext = \"x\"\nsource = \"\"\n"),
        "site.toml:3: start.source: say where the fact comes from (a section of cucm-certificates.md)");
    EXPECT_EQ(read("[[hazard]]\nid = \"a\"\naction = \"warn\"\ntypes = [\"A\", \"B\"]\nsplit = true\nreason = "
                   "\"r\"\nsource = \"s\"\n"),
        "site.toml:5: hazard.split: only a refusing hazard of two or more types splits the plan into two windows");
    EXPECT_EQ(read("hold_minutes = 600\n"), "site.toml:1: hold_minutes: give 0 to 60 minutes");
}

TEST(Runbook, ASiteFileReplacesByKeyAndAddsTheRest)
{
    auto r = builtin();
    const auto hazards = r.hazards.size();
    const auto services = r.services.size();
    plan::read_runbook(r,
        "hold_minutes = 10\n"
        "[[hazard]]\nid = \"callmanager-with-tvs\"\naction = \"warn\"\ntypes = [\"CallManager\", \"TVS\"]\n"
        "reason = \"r\"\nsource = \"site\"\n"
        "[[service]]\nname = \"Cisco TFTP\"\nruns = \"every\"\nsource = \"site\"\n"
        "[[service]]\nname = \"Cisco Extension Mobility\"\nruns = \"started\"\nsource = \"site\"\n",
        "site.toml");
    EXPECT_EQ(r.hold_minutes, 10);
    EXPECT_EQ(r.hazards.size(), hazards);
    EXPECT_FALSE(r.hazards.front().refuse);
    EXPECT_EQ(r.services.size(), services + 1);
    EXPECT_EQ(r.service("Cisco TFTP")->runs, plan::Runs::every);
    EXPECT_EQ(r.sources.back(), "site.toml");
    // The order and the steps it did not set are the built-in ones.
    EXPECT_EQ(r.order, builtin().order);
    EXPECT_EQ(r.start.size(), builtin().start.size());
}

profile::Cluster cluster(const std::string& extra_node = {})
{
    return profile::parse_cluster(
        "name = \"c\"\ndomain = \"example.com\"\n[subject]\nO = \"O\"\nL = \"L\"\nST = \"S\"\n"
        "C = \"US\"\n[[node]]\nhost = \"pub\"\nrole = \"cucm-publisher\"\n[[node]]\nhost = "
        "\"sub\"\nrole = \"cucm-subscriber\"\n"
            + extra_node,
        "c.toml");
}

std::vector<std::string> steps_of(const plan::Plan& p)
{
    std::vector<std::string> out;
    for (const auto& s : p.sections) {
        for (const auto& step : s.steps) {
            out.push_back((step.node.empty() ? "" : step.node + ": ") + step.text);
        }
    }
    return out;
}

TEST(PlanEngine, FeatureServicesRestartWhereTheClusterFileSaysTheyRun)
{
    plan::RenewOptions options;
    options.situation.version = *plan::parse_version("14");
    options.types = {"TVS"};
    const auto runbook = builtin();
    // No node says: every node, marked "where started".
    auto steps = steps_of(plan::plan_renew(cluster(), registry(), runbook, options));
    EXPECT_NE(std::find(steps.begin(), steps.end(), "pub: Restart Cisco TFTP (where started)."), steps.end());
    EXPECT_NE(std::find(steps.begin(), steps.end(), "sub: Restart Cisco TFTP (where started)."), steps.end());
    // One node says: only where it runs.
    steps = steps_of(plan::plan_renew(cluster("[[node]]\nhost = \"tftp\"\nrole = \"cucm-subscriber\"\nservices = "
                                              "[\"Cisco TFTP\"]\n"),
        registry(), runbook, options));
    EXPECT_EQ(std::count_if(steps.begin(), steps.end(),
                  [](const std::string& s) { return s.find("Restart Cisco TFTP") != std::string::npos; }),
        1);
    EXPECT_NE(std::find(steps.begin(), steps.end(), "tftp: Restart Cisco TFTP."), steps.end());
    // TVS runs everywhere either way, publisher first.
    const auto first_tvs = std::find_if(steps.begin(), steps.end(),
        [](const std::string& s) { return s.find("Trust Verification") != std::string::npos; });
    ASSERT_NE(first_tvs, steps.end());
    EXPECT_EQ(*first_tvs, "pub: Restart Cisco Trust Verification Service.");
}

TEST(PlanEngine, TheWeakItlRecoveryKeyIsWarnedAbout)
{
    auto c = cluster();
    c.key.rsa_bits = 1024;
    plan::RenewOptions options;
    options.situation.version = *plan::parse_version("12.5");
    options.types = {"ITLRecovery"};
    const auto p = plan::plan_renew(c, registry(), builtin(), options);
    ASSERT_FALSE(p.refused());
    const auto weak = std::find_if(
        p.notices.begin(), p.notices.end(), [](const plan::Notice& n) { return n.id == "plan.itl-recovery-1024"; });
    ASSERT_NE(weak, p.notices.end());
    EXPECT_NE(weak->message.find("makes ITL recovery fail"), std::string::npos);
    // Before 12.5 ITLRecovery is made on every CUCM node.
    options.situation.version = *plan::parse_version("11.5");
    const auto old = steps_of(plan::plan_renew(cluster(), registry(), builtin(), options));
    EXPECT_EQ(std::count_if(old.begin(), old.end(),
                  [](const std::string& s) { return s.find("Regenerate ITLRecovery") != std::string::npos; }),
        2);
}

TEST(PlanEngine, ReportRowsAsTrustEntries)
{
    const auto entries = plan::trust_entries_from_report(
        R"({"schema": "pkitool-report/1", "certificates": [{"cluster": "east", "type": "tomcat",
            "subject": "CN=a", "serial": "01", "sha256": "ab", "not_after": "2030-01-01T00:00:00Z",
            "stores": ["tomcat-trust on west"]}]})",
        "r.json");
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].stores, std::vector<std::string>{"tomcat-trust on west"});
    EXPECT_EQ(util::format_iso(*entries[0].not_after), "2030-01-01T00:00:00Z");
    EXPECT_EQ(error_message([] { (void)plan::trust_entries_from_report("[]", "r.json"); }),
        "r.json: not a pkitool report (expected a JSON object with \"schema\": \"pkitool-report/1\")");
    EXPECT_EQ(error_message([] {
        (void)plan::trust_entries_from_report(
            R"({"schema": "pkitool-report/1", "certificates": [{"not_after": "soon"}]})", "r.json");
    }),
        "r.json: certificates[0].not_after: \"soon\" is not a time");
}

} // namespace
} // namespace pkitool
