#include "app.hpp"

#include "args.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "pkitool/der/botan_message.hpp"
#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/pkcs12/writer.hpp"
#include "pkitool_config.hpp"

#include <botan/exceptn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <new>

namespace pkitool::cli {

int exit_code_for(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::usage: return k_exit_usage;
    case ErrorKind::input: return k_exit_input;
    case ErrorKind::password: return k_exit_password;
    case ErrorKind::output: return k_exit_output;
    case ErrorKind::internal: return k_exit_internal;
    }
    return k_exit_internal;
}

void say_grouped(const Context& context, const std::vector<Warning>& warnings, const std::string& things)
{
    std::vector<std::pair<std::string, std::vector<std::string>>> groups; // text, what it is about
    for (const auto& w : warnings) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == w.text; });
        if (it == groups.end()) {
            groups.push_back({w.text, {}});
            it = std::prev(groups.end());
        }
        it->second.push_back(w.about);
    }
    for (const auto& [text, about] : groups) {
        std::string who = about.front();
        if (about.size() == 2) {
            who = std::to_string(about.size()) + " " + things + " (" + about[0] + " and " + about[1] + ")";
        } else if (about.size() > 2) {
            who = std::to_string(about.size()) + " " + things + " (" + about[0] + ", " + about[1] + " and "
                + std::to_string(about.size() - 2) + " more)";
        }
        context.say("warning: " + who + ": " + text);
    }
}

void say_weaknesses(const Context& context, const pkcs12::WriteOptions& options, bool has_key, const std::string& what)
{
    std::string text;
    for (const auto& clause : pkcs12::weaknesses(options, has_key)) {
        text += (text.empty() ? "" : "; ") + clause;
    }
    if (!text.empty()) {
        context.say("warning: " + what + " weakly protected: " + text);
    }
}

int exit_code_for(const std::vector<load::LoadFailure>& failures)
{
    int code = k_exit_ok;
    for (const auto& failure : failures) {
        code = std::max(code, exit_code_for(failure.kind));
    }
    return code;
}

namespace {

constexpr const char* k_description
    = "pkitool: offline PKI toolkit for Cisco CUCM and IM and Presence certificates\n"
      "\n"
      "Examples:\n"
      "  pkitool inspect ca-response.p7b          what is in any certificate, CSR or key file\n"
      "  pkitool lint --at 2026-12-01 chain.pem   RFC 5280 and CUCM rules, one certificate at a time\n"
      "  pkitool --json inspect cert.pem          the same, as one JSON document on stdout\n"
      "  pkitool profiles list                    the certificate types and their key usages\n"
      "  pkitool csr --cluster c.toml --all       every CSR a cluster needs, keys encrypted\n"
      "  pkitool validate resp.p7b --csr n.csr    will CUCM accept the CA response; the upload order\n"
      "\n"
      "Exit codes: 0 ok, 1 the check found errors, 2 usage, 3 unreadable or unsupported input,\n"
      "4 wrong password or corrupted file, 5 output refused or failed, 70 internal error.";

} // namespace

profile::Sources Context::profile_sources() const
{
    profile::Sources sources;
    sources.directories.push_back(std::string(PKITOOL_DATADIR) + "/profiles");
    if (const char* env = std::getenv("PKITOOL_PROFILES"); env != nullptr && *env != '\0') {
        sources.directories.emplace_back(env);
    }
    if (!global.profiles_dir.empty()) {
        if (!std::filesystem::is_directory(global.profiles_dir)) {
            throw UsageError("--profiles-dir " + global.profiles_dir + " is not a folder");
        }
        sources.directories.push_back(global.profiles_dir);
    }
    return sources;
}

const profile::Registry& Context::profiles()
{
    if (!m_profiles) {
        m_profiles = profile::Registry::load(profile_sources());
    }
    return *m_profiles;
}

report::TextStyle Context::stdout_style() const
{
    return {color_allowed(global.no_color, stdout_is_terminal())};
}

report::TextStyle Context::stderr_style() const
{
    return {color_allowed(global.no_color, stderr_is_terminal())};
}

void Context::say(const std::string& line) const
{
    if (!global.quiet) {
        std::cerr << line << '\n';
    }
}

void Context::error(const std::string& line) const
{
    std::cerr << "pkitool: " << line << '\n';
}

namespace {

// The first given password, else the terminal prompt.
util::PasswordSource source_of(const std::vector<util::SecretString>& given)
{
    if (!given.empty()) {
        return [password = given.front()](const std::string&) { return std::optional<util::SecretString>(password); };
    }
    return [](const std::string& what) { return prompt_password("Password for " + what + ": "); };
}

} // namespace

const std::vector<util::SecretString>& PasswordOptions::given_passwords() const
{
    if (!m_given) {
        if (!file.empty()) {
            auto read = util::read_password_file(file);
            for (const auto& warning : read.warnings) {
                if (m_context != nullptr) {
                    m_context->say("warning: " + warning);
                }
            }
            m_given = std::move(read.lines);
        } else if (!env.empty()) {
            m_given = std::vector<util::SecretString>{util::read_password_env(env, "--" + m_prefix + "-env")};
        } else {
            m_given.emplace();
        }
    }
    return *m_given;
}

std::string PasswordOptions::given_option() const
{
    return !file.empty() ? "--" + m_prefix + "-file" : !env.empty() ? "--" + m_prefix + "-env" : std::string();
}

void PasswordOptions::add_to(
    const Context& context, CLI::App& command, const std::string& what, bool pkcs12, const std::string& prefix)
{
    m_context = &context;
    m_prefix = prefix;
    const std::string lines = pkcs12 ? " (PKCS#12 files: each line is tried in order)" : " (its first line)";
    auto* file_opt
        = command.add_option("--" + prefix + "-file", file, "Read the password for " + what + " from FILE" + lines)
              ->type_name("FILE");
    auto* env_opt
        = command.add_option("--" + prefix + "-env", env, "Read the password for " + what + " from variable VAR")
              ->type_name("VAR");
    file_opt->excludes(env_opt);
    if (pkcs12) {
        command
            .add_option("--max-iterations", max_iterations,
                "Refuse PKCS#12 files whose key derivation asks for more iterations than N (hostile files)")
            ->type_name("N")
            ->capture_default_str()
            ->check(CLI::PositiveNumber);
    }
}

void PasswordOptions::warn_if_unused(const Context& context, const std::vector<load::FileLoad>& files) const
{
    if (!given()) {
        return;
    }
    const bool asked
        = std::any_of(files.begin(), files.end(), [](const load::FileLoad& f) { return f.result.asked_for_password; });
    if (!asked) {
        context.say("warning: " + given_option() + " was given, but no input is encrypted: the password was not used");
    }
}

load::LoadOptions PasswordOptions::load_options() const
{
    load::LoadOptions options;
    options.pkcs12_passwords = given_passwords();
    options.password = source_of(options.pkcs12_passwords);
    options.pkcs12_limits.max_iterations = max_iterations;
    return options;
}

util::PasswordSource PasswordOptions::source() const
{
    // Read now, so a missing file or variable fails before any work.
    return source_of(given_passwords());
}

std::optional<util::SecretString> new_password(
    const PasswordOptions& options, const std::string& what, bool allow_empty)
{
    std::optional<util::SecretString> first;
    if (!options.file.empty() || !options.env.empty()) {
        first = options.source()(what);
    } else {
        first = prompt_password("Password for " + what + ": ");
        if (!first) {
            return std::nullopt;
        }
        const auto again = prompt_password("Repeat the password: ");
        if (!again || *again != *first) {
            throw UsageError("the two passwords differ");
        }
    }
    if (!allow_empty && first && first->empty()) {
        throw UsageError("an empty password protects nothing; use --no-encrypt --insecure if that is what you want");
    }
    return first;
}

util::SecretString new_pkcs12_password(const PasswordOptions& options, const std::string& what, bool allow_non_ascii)
{
    auto password = new_password(options, what, true);
    if (!password) {
        throw UsageError(what + " need" + (what.ends_with('s') ? "" : "s")
            + " a password: give --out-pass-file FILE or --out-pass-env VAR (an empty line is the empty password)");
    }
    if (!allow_non_ascii && !pkcs12::java_accepts_password(*password)) {
        throw UsageError("the password for " + what
            + " has a character outside printable ASCII: keytool and every Java importer refuse such a PKCS#12 "
              "file (Java: \"Password is not ASCII\"), while OpenSSL opens it; choose a printable "
              "ASCII password, or add --allow-non-ascii if no Java program will read the file");
    }
    return std::move(*password);
}

namespace {

// With --json, an error that stops a command is a JSON document on stdout
// too (schema pkitool-error/1), so that a script reading stdout sees it.
void report_error(
    const Context& context, bool json, const std::string& command, ErrorKind kind, const std::string& message)
{
    context.error(message);
    if (json) {
        std::cout << to_json(toml::table{{"schema", "pkitool-error/1"}, {"command", command},
            {"error",
                toml::table{{"kind", error_kind_name(kind)},
                    {"exit_code", static_cast<std::int64_t>(exit_code_for(kind))}, {"message", message}}}});
    }
}

} // namespace

int run(int argc, char** argv)
{
    Context context;
    CLI::App app(k_description, "pkitool");
    bool version = false; // prescan() acts on it; listed here for --help
    app.add_flag("--version", version, "Print pkitool's version (before any command) and exit");
    app.require_subcommand(1);
    app.fallthrough();
    app.add_flag("--json", context.global.json, "Machine output: one JSON document on stdout");
    app.add_flag("-q,--quiet", context.global.quiet, "Print nothing on stderr but errors");
    app.add_flag("--no-color", context.global.no_color, "No colour (also when NO_COLOR is set)");
    app.add_option("--profiles-dir", context.global.profiles_dir,
           "Certificate-type profiles in DIR override or add to the built-in ones (also $PKITOOL_PROFILES)")
        ->type_name("DIR");

    add_inspect(app, context);
    add_lint(app, context);
    add_profiles(app, context);
    add_csr(app, context);
    add_validate(app, context);
    add_p12(app, context);
    add_consolidate(app, context);
    add_itl(app, context);
    add_report(app, context);
    add_plan(app, context);

    const auto scan = prescan(app, std::vector<std::string>(argv + std::min(argc, 1), argv + argc));
    if (scan.action == Prescan::Action::version) {
        std::cout << "pkitool " << PKITOOL_VERSION << '\n';
        return k_exit_ok;
    }
    if (scan.action == Prescan::Action::refuse) {
        report_error(context, scan.json, "pkitool", ErrorKind::usage, scan.message);
        return k_exit_usage;
    }
    try {
        // CLI11 takes the arguments last to first.
        app.parse(std::vector<std::string>(scan.args.rbegin(), scan.args.rend()));
        return context.exit_code;
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ExtrasError&) {
        report_error(
            context, scan.json, command_path(app), ErrorKind::usage, unexpected_arguments_message(app, scan.args));
        return k_exit_usage;
    } catch (const CLI::ParseError& e) {
        report_error(context, scan.json, command_path(app), ErrorKind::usage,
            std::string(e.what()) + " (" + command_path(app) + " --help shows the options)");
        return k_exit_usage;
    } catch (const Error& e) {
        report_error(context, scan.json, command_path(app), e.kind(), e.what());
        return exit_code_for(e.kind());
    } catch (const std::bad_alloc&) {
        report_error(context, scan.json, command_path(app), ErrorKind::internal, "out of memory");
        return k_exit_internal;
    } catch (const std::exception& e) {
        report_error(context, scan.json, command_path(app), ErrorKind::internal,
            "internal error: " + der::botan_message(e) + " (please report this)");
        return k_exit_internal;
    }
}

} // namespace pkitool::cli
