// pkitool inspect FILE...: what is in any certificate, CSR, key or bundle.
#include "commands.hpp"

#include "pkitool/json.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/report/inspect.hpp"

#include <algorithm>
#include <iostream>
#include <memory>

namespace pkitool::cli {

namespace {

struct InspectOptions {
    std::vector<std::string> files;
    PasswordOptions password;
};

constexpr const char* k_help
    = "Describe certificates, PKCS#7 bundles, CSRs and keys (PEM or DER, found by content)\n"
      "\n"
      "Examples:\n"
      "  pkitool inspect chain.pem                 every certificate in a PEM bundle\n"
      "  pkitool inspect response.p7b              a PKCS#7 chain as CAs return it\n"
      "  pkitool inspect --pass-file pw node.key   decrypt a key to show its type and size\n"
      "  openssl x509 -in c.pem | pkitool inspect -   read standard input\n"
      "\n"
      "Private keys are described by type and size only; the secret is never shown.\n"
      "An encrypted key is decrypted only with --pass-file, --pass-env or on a terminal prompt.";

} // namespace

void add_inspect(CLI::App& app, Context& context)
{
    auto options = std::make_shared<InspectOptions>();
    auto* cmd = app.add_subcommand("inspect", k_help);
    cmd->add_option("FILE", options->files, "Files to describe; - reads standard input")->required();
    options->password.add_to(context, *cmd, "encrypted keys and PKCS#12 files", true);

    cmd->callback([&context, options] {
        const auto files = load::load_files(options->files, options->password.load_options());
        show_inspection(context, files);
        options->password.warn_if_unused(context, files);
    });
}

void show_inspection(Context& context, const std::vector<load::FileLoad>& files)
{
    if (context.global.json) {
        std::cout << to_json(report::inspect_json(files));
    } else {
        report::inspect_text(std::cout, files, context.stdout_style());
    }
    int code = k_exit_ok;
    for (const auto& file : files) {
        for (const auto& failure : file.result.failures) {
            context.error(failure.message);
        }
        code = std::max(code, exit_code_for(file.result.failures));
    }
    context.exit_code = code;
}

} // namespace pkitool::cli
