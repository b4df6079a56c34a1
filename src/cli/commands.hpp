// One add_<name> per subcommand, each in its own cmd_<name>.cpp; main
// lists them all.
#pragma once

#include "app.hpp"

namespace pkitool::cli {

void add_inspect(CLI::App& app, Context& context);
void add_lint(CLI::App& app, Context& context);
void add_profiles(CLI::App& app, Context& context);
void add_csr(CLI::App& app, Context& context);
void add_validate(CLI::App& app, Context& context);
void add_p12(CLI::App& app, Context& context);

} // namespace pkitool::cli
