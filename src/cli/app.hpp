// The CLI's app layer: global flags, the shared context every subcommand
// reads, and the one place where errors become messages and exit codes.
#pragma once

#include "pkitool/load/input.hpp"
#include "pkitool/pkcs12/writer.hpp"
#include "pkitool/profile/profile.hpp"
#include "pkitool/report/text.hpp"
#include "pkitool/util/password.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

namespace pkitool::cli {

// Exit codes, as documented in the README and the man page.
enum ExitCode : int {
    k_exit_ok = 0,
    k_exit_findings = 1,
    k_exit_usage = 2,
    k_exit_input = 3,
    k_exit_password = 4,
    k_exit_output = 5,
    k_exit_internal = 70,
};

// The exit code of an error of `kind`.
int exit_code_for(ErrorKind kind);

// The exit code for objects that could not be read: the highest of their
// kinds' codes (a wrong password, 4, before unreadable input, 3, before a
// missing password, 2); 0 when there are none.
int exit_code_for(const std::vector<load::LoadFailure>& failures);

struct GlobalOptions {
    bool json = false;
    bool quiet = false;
    bool no_color = false;
    std::string profiles_dir;
};

class Context {
public:
    GlobalOptions global;
    // What the subcommand decided; run() returns it.
    int exit_code = k_exit_ok;

private:
    std::optional<profile::Registry> m_profiles;

public:
    // The profiles from every source (built-in, installed, $PKITOOL_PROFILES,
    // --profiles-dir), loaded on first use.
    const profile::Registry& profiles();
    // Where profiles (and the plan's runbook data) come from: the installed
    // data directory, $PKITOOL_PROFILES, --profiles-dir. Throws UsageError
    // when --profiles-dir is no folder.
    profile::Sources profile_sources() const;

    report::TextStyle stdout_style() const;
    report::TextStyle stderr_style() const;
    // Talk on stderr, unless --quiet.
    void say(const std::string& line) const;
    // Always printed on stderr: an error is never quiet.
    void error(const std::string& line) const;
};

// Password options shared by every command that may need a password:
// --pass-file and --pass-env, and the terminal prompt.
struct PasswordOptions {
    std::string file;
    std::string env;
    std::size_t max_iterations = pkcs12::Limits{}.max_iterations;

    // --pass-file and --pass-env (or --<prefix>-file/-env); with `pkcs12`,
    // also --max-iterations (for commands that read PKCS#12). The context
    // hears the password file's warnings.
    void add_to(const Context& context, CLI::App& command, const std::string& what, bool pkcs12 = false,
        const std::string& prefix = "pass");
    // A source that uses the file, the variable, or (on a terminal only)
    // a prompt without echo. The file and the variable are read here.
    // Throws InputError (file) or UsageError (variable not set).
    util::PasswordSource source() const;
    // Load options with source(), every line of --pass-file (or the
    // variable) to try on PKCS#12 files, and the iteration limit.
    load::LoadOptions load_options() const;
    // True when --pass-file or --pass-env was given.
    bool given() const { return !file.empty() || !env.empty(); }
    // Says so on stderr when a password was given and no input asked for
    // one (a wrong file named, or the password meant for another command).
    void warn_if_unused(const Context& context, const std::vector<load::FileLoad>& files) const;
    // "--pass-file" or "--pass-env" as given, "" when neither.
    std::string given_option() const;

private:
    // The file's lines or the variable's value, read once (its warnings
    // said once); nothing when neither is given.
    const std::vector<util::SecretString>& given_passwords() const;

    const Context* m_context = nullptr;
    std::string m_prefix = "pass";
    mutable std::optional<std::vector<util::SecretString>> m_given;
};

// A password for something new (keys, a PKCS#12 file): from the file or
// variable, else asked twice on a terminal. Nothing when neither can be had.
// Throws UsageError when the two answers differ or, unless `allow_empty`,
// when the answer is empty.
std::optional<util::SecretString> new_password(
    const PasswordOptions& options, const std::string& what, bool allow_empty);

// The password of a new PKCS#12 file (the empty one allowed): as
// new_password(); a UsageError naming --<prefix>-file/-env when none can be
// had, and one when Java could not open the file (a character outside
// printable ASCII) unless `allow_non_ascii`.
util::SecretString new_pkcs12_password(const PasswordOptions& options, const std::string& what, bool allow_non_ascii);

// Warnings about several things (requests, files), each said once on
// stderr: "warning: NAME: TEXT" for one, "warning: N requests (A, B and
// N-2 more): TEXT" for several, in the order each text first appears.
struct Warning {
    std::string about; // what it is about: a request's or a file's name
    std::string text;
};
void say_grouped(const Context& context, const std::vector<Warning>& warnings, const std::string& things);

// One warning line for new PKCS#12 files' weak choices (nothing for modern
// ones): "warning: WHAT weakly protected: A; B", `what` being "the PKCS#12
// file is" or "the consolidated PKCS#12 files are".
void say_weaknesses(const Context& context, const pkcs12::WriteOptions& options, bool has_key, const std::string& what);

// Parses, runs the chosen subcommand and returns its exit code. Every
// exception ends here and is turned into a message and an exit code.
int run(int argc, char** argv);

} // namespace pkitool::cli
