// pkitool lint CERT...: RFC 5280 and CUCM rules, one certificate at a time.
#include "commands.hpp"

#include "pkitool/json.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/report/lint_report.hpp"

#include <iostream>
#include <memory>

namespace pkitool::cli {

namespace {

struct LintOptions {
    std::vector<std::string> files;
    std::string at = "now";
    std::string type;
    bool list_rules = false;
    PasswordOptions password;
};

constexpr const char* k_help
    = "Check each certificate on its own (no chain): validity encoding (RFC 5280), dates,\n"
      "key size, signature hash, wildcards, CA flags and DER conformance\n"
      "\n"
      "Examples:\n"
      "  pkitool lint tomcat.pem                    every certificate in the file\n"
      "  pkitool lint --at 2027-01-01 chain.p7b     judge validity at another instant (UTC)\n"
      "  pkitool lint --type tomcat resp.pem        also KU/EKU exactly as the tomcat type needs\n"
      "  pkitool lint --type CAPF capf.csr          a CSR against its type\n"
      "  pkitool lint --pass-file pw node.p12       the certificates of a PKCS#12 file\n"
      "  pkitool lint --list-rules                  every rule id with its severity\n"
      "\n"
      "Exit 0 when no certificate has an error (warnings allowed), 1 when one has, 3 when an\n"
      "input cannot be read.";

} // namespace

void add_lint(CLI::App& app, Context& context)
{
    auto options = std::make_shared<LintOptions>();
    auto* cmd = app.add_subcommand("lint", k_help);
    auto* files = cmd->add_option("CERT", options->files, "Certificate files (PEM, DER, PKCS#7); - reads stdin");
    cmd->add_option("--at", options->at, "Judge validity at TIME: now, 2026-11-24, 2026-11-24T10:00:00Z")
        ->type_name("TIME")
        ->capture_default_str();
    cmd->add_option("--type", options->type,
           "Also check the leaf certificates and CSRs against a certificate type (pkitool profiles list)")
        ->type_name("TYPE");
    options->password.add_to(context, *cmd, "PKCS#12 files and encrypted keys", true);
    auto* list = cmd->add_flag("--list-rules", options->list_rules, "Print every rule and exit");
    files->excludes(list);

    cmd->callback([&context, options] {
        if (options->list_rules) {
            if (context.global.json) {
                std::cout << to_json(report::rules_json());
            } else {
                report::rules_text(std::cout);
            }
            return;
        }
        if (options->files.empty()) {
            throw UsageError("lint needs at least one CERT file (or --list-rules)");
        }
        lint::Options lint_options{util::parse_time_argument(options->at)};
        if (!options->type.empty()) {
            lint_options.profile = &context.profiles().find(options->type);
        }
        const auto loaded = load::load_files(options->files, options->password.load_options());
        const auto result = lint::lint_files(loaded, lint_options);
        options->password.warn_if_unused(context, loaded);

        if (context.global.json) {
            std::cout << to_json(report::lint_json(result));
        } else {
            report::lint_text(std::cout, result, context.stdout_style());
        }
        for (const auto& failure : result.failures) {
            context.error(failure.message);
        }
        if (!result.failures.empty()) {
            context.exit_code = exit_code_for(result.failures);
        } else if (result.nothing_checked()) {
            context.error(lint::k_nothing_to_check);
            context.exit_code = k_exit_input;
        } else {
            context.exit_code = result.has_errors() ? k_exit_findings : k_exit_ok;
        }
    });
}

} // namespace pkitool::cli
