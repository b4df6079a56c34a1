#include "args.hpp"

#include "pkitool/util/text.hpp"

#include <algorithm>
#include <numeric>

namespace pkitool::cli {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> command_names(const CLI::App& app)
{
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        names.push_back(sub->get_name());
    }
    return names;
}

const CLI::App* find_command(const CLI::App& app, const std::string& name)
{
    const auto subs = app.get_subcommands([&name](const CLI::App* s) { return s->get_name() == name; });
    return subs.empty() ? nullptr : subs.front();
}

bool is_option_word(const std::string& word)
{
    return word.size() > 1 && word[0] == '-';
}

std::string option_name(const std::string& word)
{
    return word.substr(0, word.find('='));
}

// --password, --passwd, --pass, --storepass, -p, --pin, --secret ...
bool looks_like_password_option(const std::string& name)
{
    const auto lower = util::ascii_lower(name);
    return lower == "-p" || lower.find("pass") != std::string::npos || lower.find("pwd") != std::string::npos
        || lower.find("secret") != std::string::npos || lower == "--pin" || lower == "--pw";
}

// Every long option name of the command and the commands above it (global
// options fall through from the top).
std::vector<std::string> long_options(const CLI::App* command)
{
    std::vector<std::string> names;
    for (; command != nullptr; command = command->get_parent()) {
        for (const auto* opt : command->get_options()) {
            for (const auto& l : opt->get_lnames()) {
                names.push_back("--" + l);
            }
        }
    }
    return names;
}

const CLI::Option* find_option(const CLI::App* command, const std::string& name)
{
    for (; command != nullptr; command = command->get_parent()) {
        if (const auto* opt = command->get_option_no_throw(name)) {
            return opt;
        }
    }
    return nullptr;
}

std::string unknown_option(const std::string& name, const CLI::App* command, const std::string& where)
{
    std::string message = "unknown option " + name + " for " + where;
    if (looks_like_password_option(name)) {
        return message
            + ": pkitool never takes a password on the command line (ps and the shell history would show it); "
              "give it with --pass-file FILE (its first line), --pass-env VAR (a variable's name), or at the prompt "
              "on a terminal";
    }
    if (const auto guess = nearest(name, long_options(command)); !guess.empty()) {
        message += "; did you mean " + guess + "?";
    }
    return message + " (" + where + " --help lists the options)";
}

std::string commands_list(const CLI::App& app)
{
    return util::join(command_names(app), ", ");
}

} // namespace

std::string nearest(std::string_view word, const std::vector<std::string>& candidates)
{
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        if (word.size() >= 3 && c.starts_with(word)) {
            return c;
        }
        if (const auto d = edit_distance(word, c); d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

Prescan prescan(const CLI::App& app, const std::vector<std::string>& args)
{
    Prescan out;
    out.args = args;
    out.json = std::find(args.begin(), args.end(), "--json") != args.end();
    bool version = false;
    bool help = false;
    std::size_t i = 0;
    for (; i < args.size() && is_option_word(args[i]); ++i) {
        const auto name = option_name(args[i]);
        if (name == "--version") {
            version = true;
            continue;
        }
        if (name == "-h" || name == "--help") {
            help = true;
            continue;
        }
        const auto* opt = app.get_option_no_throw(name);
        if (opt == nullptr) {
            out.action = Prescan::Action::refuse;
            out.message = unknown_option(name, &app, "pkitool");
            return out;
        }
        if (opt->get_expected_max() > 0 && args[i].find('=') == std::string::npos) {
            ++i; // its value
        }
    }
    if (version) {
        out.action = Prescan::Action::version;
        return out;
    }
    if (i >= args.size()) {
        if (!help) {
            out.action = Prescan::Action::refuse;
            out.message = "give a command: " + commands_list(app) + " (pkitool --help, pkitool help COMMAND)";
        }
        return out;
    }
    std::size_t command_at = i;
    if (args[i] == "help") {
        // `pkitool help [COMMAND [SUBCOMMAND]]` is `pkitool [COMMAND [SUBCOMMAND]] --help`.
        out.args.erase(out.args.begin() + static_cast<std::ptrdiff_t>(i));
        out.args.emplace_back("--help");
        if (i + 1 >= args.size()) {
            return out;
        }
        command_at = i + 1;
    }
    const auto& word = args[command_at];
    const auto* command = find_command(app, word);
    if (command == nullptr) {
        out.action = Prescan::Action::refuse;
        out.message = "unknown command '" + word + "'";
        if (const auto guess = nearest(word, command_names(app)); !guess.empty()) {
            out.message += "; did you mean '" + guess + "'?";
        }
        out.message += " (the commands: " + commands_list(app) + ")";
        return out;
    }
    for (std::size_t j = command_at + 1; j < args.size() && args[j] != "--"; ++j) {
        if (option_name(args[j]) == "--version") {
            out.action = Prescan::Action::refuse;
            out.message = "--version is pkitool's own and goes before any command (pkitool --version)";
            const auto subs = command->get_subcommands([](const CLI::App*) { return true; });
            if (command->get_option_no_throw("--cucm-version") != nullptr
                || std::any_of(subs.begin(), subs.end(),
                    [](const CLI::App* s) { return s->get_option_no_throw("--cucm-version") != nullptr; })) {
                out.message += "; the CUCM release is --cucm-version";
            }
            return out;
        }
    }
    return out;
}

std::string command_path(const CLI::App& app)
{
    std::string path = app.get_name().empty() ? "pkitool" : app.get_name();
    for (const CLI::App* command = &app; !command->get_subcommands().empty();) {
        command = command->get_subcommands().front();
        path += " " + command->get_name();
    }
    return path;
}

std::string unexpected_arguments_message(const CLI::App& app, const std::vector<std::string>& args)
{
    const CLI::App* command = &app;
    while (!command->get_subcommands().empty()) {
        command = command->get_subcommands().front();
    }
    const auto where = command_path(app);
    for (const auto& word : args) {
        if (word == "--") {
            break;
        }
        if (!is_option_word(word)) {
            continue;
        }
        auto name = option_name(word);
        if (name.size() > 2 && name[1] != '-') {
            name = name.substr(0, 2); // -qf: the first flag decides
        }
        if (name != "-h" && name != "--help" && find_option(command, name) == nullptr) {
            return unknown_option(name, command, where);
        }
    }
    const auto extra = app.remaining(true).size();
    return where + " got " + util::plural(extra, "argument") + " more than it takes (not repeated here: "
        + (extra == 1 ? "it" : "one") + " may be a secret); " + where + " --help shows what it takes";
}

} // namespace pkitool::cli
