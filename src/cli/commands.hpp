// One add_<name> per subcommand, each in its own cmd_<name>.cpp; main
// lists them all.
#pragma once

#include "app.hpp"

#include "pkitool/bulk/inventory.hpp"
#include "pkitool/load/input.hpp"

#include <vector>

namespace pkitool::cli {

void add_inspect(CLI::App& app, Context& context);
void add_lint(CLI::App& app, Context& context);
void add_profiles(CLI::App& app, Context& context);
void add_csr(CLI::App& app, Context& context);
void add_validate(CLI::App& app, Context& context);
void add_p12(CLI::App& app, Context& context);
void add_consolidate(CLI::App& app, Context& context);
void add_itl(CLI::App& app, Context& context);
void add_report(CLI::App& app, Context& context);
void add_plan(CLI::App& app, Context& context);

// What inspect prints for loaded files (text or JSON), their failures on
// stderr and the exit code; p12 show prints the same.
void show_inspection(Context& context, const std::vector<load::FileLoad>& files);

// report's reading, shared with plan trust-cleanup: the arguments expanded
// (folders, archives, earlier sets), read with the password options (and
// the terminal prompt), under a progress bar on a terminal.
bulk::Inventory read_inventory(Context& context, const std::vector<std::string>& arguments,
    bulk::InventoryOptions options, const PasswordOptions& password);

} // namespace pkitool::cli
