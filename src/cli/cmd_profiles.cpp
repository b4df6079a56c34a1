// pkitool profiles list | show TYPE: the certificate types pkitool knows.
#include "commands.hpp"

#include "pkitool/json.hpp"
#include "pkitool/report/profiles.hpp"

#include <iostream>
#include <memory>

namespace pkitool::cli {

namespace {

constexpr const char* k_help = "The CUCM and IM and Presence certificate types and their exact CSR extensions\n"
                               "\n"
                               "Examples:\n"
                               "  pkitool profiles list                 every type: product, multi-server, KU, EKU\n"
                               "  pkitool profiles show CAPF            one type in full\n"
                               "  pkitool profiles show imp/tomcat      a type both products have\n"
                               "  pkitool --profiles-dir site profiles list   with a site's own profiles added\n";

} // namespace

void add_profiles(CLI::App& app, Context& context)
{
    auto* cmd = app.add_subcommand("profiles", k_help);
    cmd->require_subcommand(1);

    auto* list = cmd->add_subcommand("list", "A table of every certificate type");
    list->callback([&context] {
        const auto& all = context.profiles().all();
        if (context.global.json) {
            std::cout << to_json(report::profiles_json(all));
        } else {
            report::profiles_table_text(std::cout, all);
        }
    });

    auto type = std::make_shared<std::string>();
    auto* show = cmd->add_subcommand("show", "Everything about one type (TYPE or PRODUCT/TYPE)");
    show->add_option("TYPE", *type, "tomcat, CallManager-ECDSA, imp/tomcat, ...")->required();
    show->callback([&context, type] {
        const auto& p = context.profiles().find(*type);
        if (context.global.json) {
            std::cout << to_json(report::profile_document(p));
        } else {
            report::profile_text(std::cout, p);
        }
    });
}

} // namespace pkitool::cli
