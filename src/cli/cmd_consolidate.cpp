// pkitool consolidate: merge the per-node bundles of CUCM's Bulk Certificate
// Management into consolidated sets for cross-cluster trust import.
#include "commands.hpp"
#include "output.hpp"

#include "console.hpp"
#include "pkitool/bulk/consolidate.hpp"
#include "pkitool/json.hpp"
#include "pkitool/pkcs12/writer.hpp"
#include "pkitool/report/consolidate_report.hpp"
#include "pkitool/util/archive.hpp"
#include "pkitool/util/atomic_file.hpp"
#include "pkitool/util/time.hpp"

#include <algorithm>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>

namespace pkitool::cli {

namespace {

constexpr const char* k_help
    = "Merge the per-node PKCS#12 exports of several clusters into consolidated sets for cross-cluster trust "
      "import\n"
      "\n"
      "Examples:\n"
      "  pkitool consolidate exports/ --out set --pass-file pw --out-pass-file setpw\n"
      "  pkitool consolidate east_*.p12 west_*.p12 --out set --archive set.tar.gz --pass-file pw "
      "--out-pass-file setpw\n"
      "  pkitool consolidate a/*.p12 b/*.p12 --cluster east='a/*' --cluster west='b/*' --out set "
      "--pass-file pw --out-pass-env SETPW\n"
      "  pkitool --json consolidate exports.tar.gz --out set --keep-going --at 2026-12-01 --pass-file pw "
      "--out-pass-file setpw\n"
      "\n"
      "Inputs: PKCS#12 files of any flavour, PEM, DER and PKCS#7 certificate files, tar or tar.gz archives of\n"
      "them, and folders (walked; files that hold no certificate are skipped there). Every line of --pass-file\n"
      "is tried on each PKCS#12 file. Each file's cluster comes from the first --cluster NAME=GLOB that\n"
      "matches its path or name, else from its name's <cluster>_ prefix (unless that is the host of one of\n"
      "its certificates: cucm1_tomcat.p12 names a node), else from its certificates' DNS domain.\n"
      "\n"
      "The output folder and earlier sets (folders or archives with consolidate's manifest.json) are never\n"
      "read.\n"
      "\n"
      "Each certificate is classified from its content (CN patterns, key usages against the profiles, key\n"
      "algorithm), with its friendlyName and file name choosing among the types the content allows (TFTP is\n"
      "the CallManager certificate; tomcat on an EC key is tomcat-ECDSA). A certificate that issued others\n"
      "of the exports is their CA and goes where they go. Deduplicated by SHA-256, and kept only if CUCM\n"
      "would import it: the latest notBefore per subject, nothing expired at --at (unless\n"
      "--include-expired), only types the bulk import carries (CallManager, tomcat, CAPF, ITLRecovery and\n"
      "their -ECDSA variants, with their CAs; --all-types adds sets for TVS, ipsec and the IM and Presence\n"
      "types). Written into --out, all at once:\n"
      "  <type>.p12                        every cluster's certificates of that type and their CAs\n"
      "                                    (friendlyName <cluster>_<host>_<type>)\n"
      "  import/<cluster>/<store>.pem      what that cluster imports from the others\n"
      "  manifest.json                     every certificate, its evidence, status and stores\n"
      "\n"
      "Exit status: 0 every certificate found its place; 1 written, but it needs attention: a certificate\n"
      "of unknown type, a skipped file (--keep-going), a cluster that imports nothing, a type whose every\n"
      "certificate expired; 2 usage, a --cluster glob that matches no file, or a file that belongs to no\n"
      "cluster; 3 unreadable input; 4 no password opens a file; 5 output refused.";

struct Options {
    std::vector<std::string> inputs;
    std::string out;
    std::string archive;
    std::vector<std::string> clusters;
    std::string at = "now";
    unsigned jobs = 0;
    std::string profile;
    bool include_expired = false;
    bool all_types = false;
    bool keep_going = false;
    bool allow_non_ascii = false;
    bool force = false;
    PasswordOptions password;
    PasswordOptions out_password;
};

// The output folder may be new or empty; with --force it may hold an
// earlier set (it has a manifest), never anything else.
void check_output_folder(const Options& o)
{
    const std::filesystem::path out(o.out);
    if (!util::is_non_empty_directory(out)) {
        return;
    }
    if (!o.force) {
        throw OutputError(o.out + ": holds earlier output; use --force to replace it");
    }
    if (!std::filesystem::exists(out / "manifest.json")) {
        throw OutputError(o.out
            + ": is not empty and holds no manifest.json of an earlier set; refusing to "
              "replace it even with --force (choose a new folder)");
    }
}

std::pair<std::string, std::string> choose_profile(const Options& o, const bulk::Result& result)
{
    if (!o.profile.empty()) {
        return {o.profile, "--profile"};
    }
    if (result.inputs_legacy) {
        return {"legacy", "some inputs were legacy PKCS#12 (RC2/3DES, SHA-1 MAC), so their importers may need it"};
    }
    return {"modern", "no input was legacy PKCS#12"};
}

void run(Context& context, const Options& o)
{
    if (o.inputs.empty()) {
        throw UsageError("no input: give the exported PKCS#12 files, archives or folders");
    }
    check_output_folder(o);
    const auto overwrite = o.force ? util::Overwrite::replace : util::Overwrite::refuse;
    if (!o.archive.empty()) {
        check_output(context, o.archive, true, overwrite);
    }
    bulk::Options options;
    for (const auto& rule : o.clusters) {
        options.clusters.push_back(bulk::parse_cluster_rule(rule));
    }
    options.at = util::parse_time_argument(o.at);
    options.include_expired = o.include_expired;
    options.all_types = o.all_types;
    options.keep_going = o.keep_going;
    options.jobs = o.jobs;
    const auto load = o.password.load_options();
    options.passwords = load.pkcs12_passwords;
    options.limits = load.pkcs12_limits;
    if (stdin_is_terminal()) {
        options.ask = [](const std::string& what) { return prompt_password("Password for " + what + ": "); };
    }
    // The new sets' password, before any work.
    const auto password = new_pkcs12_password(o.out_password, "the consolidated PKCS#12 files", o.allow_non_ascii);
    const auto& registry = context.profiles();
    const auto inputs = bulk::expand_inputs(o.inputs, o.out);
    if (inputs.empty()) {
        throw InputError("no file found in " + o.inputs.front() + (o.inputs.size() > 1 ? " and the others" : ""));
    }

    bulk::Result result;
    {
        ProgressBar bar("Reading", stderr_is_terminal() && !context.global.quiet);
        options.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
        result = bulk::consolidate(inputs, registry, options);
    }

    const auto [profile, reason] = choose_profile(o, result);
    say_weaknesses(context, pkcs12::profile_options(profile), false, "the consolidated PKCS#12 files are");
    // Each file goes to disk from the thread that made it, and the manifest
    // is made beside them, so both cores stay busy to the end.
    report::ManifestOutputs outputs{profile, reason, bulk::output_paths(result)};
    outputs.files.emplace_back("manifest.json");
    auto manifest_job = std::async(
        std::launch::async, [&result, &outputs] { return to_json(report::manifest_json(result, outputs)); });
    util::AtomicDirectory folder(o.out, overwrite);
    const auto now = util::now();
    std::vector<util::ArchiveMember> members; // for --archive, in output order
    std::mutex members_mutex;
    bulk::write_outputs(result, pkcs12::profile_options(profile), password, o.jobs, [&](bulk::OutputFile&& f) {
        folder.add(f.path, f.data);
        if (!o.archive.empty()) {
            const std::lock_guard lock(members_mutex);
            members.push_back({f.path, false, 0644, now, {f.data.begin(), f.data.end()}});
        }
    });
    const auto manifest = manifest_job.get();
    const std::span manifest_bytes(reinterpret_cast<const std::uint8_t*>(manifest.data()), manifest.size());
    folder.add("manifest.json", manifest_bytes);
    std::unique_ptr<util::AtomicFile> archive;
    std::vector<std::uint8_t> archive_stream; // --archive -: standard output, once the folder is in place
    if (!o.archive.empty()) {
        // The archive lists its members in the manifest's order.
        std::sort(members.begin(), members.end(), [&](const auto& a, const auto& b) {
            return std::find(outputs.files.begin(), outputs.files.end(), a.path)
                < std::find(outputs.files.begin(), outputs.files.end(), b.path);
        });
        members.push_back({"manifest.json", false, 0644, now, {manifest_bytes.begin(), manifest_bytes.end()}});
        if (o.archive == "-") {
            archive_stream = util::write_tar_gz(members);
        } else {
            archive = std::make_unique<util::AtomicFile>(o.archive, overwrite);
            archive->write(util::write_tar_gz(members));
        }
    }
    folder.commit();
    if (archive) {
        archive->commit();
    }
    std::cout.write(
        reinterpret_cast<const char*>(archive_stream.data()), static_cast<std::streamsize>(archive_stream.size()));

    if (context.global.json) {
        std::cout << manifest;
    }
    if (!context.global.quiet) {
        std::ostringstream text;
        report::summary_text(text, result, context.stderr_style());
        std::cerr << text.str();
    }
    for (const auto& f : result.files) {
        if (f.status == bulk::FileStatus::skipped) {
            context.error("skipped " + f.error);
        }
    }
    context.say("Wrote " + o.out + "/ (" + std::to_string(outputs.files.size() - 1) + " files and manifest.json; "
        + profile + " PKCS#12)" + (archive ? " and " + o.archive : "")
        + (archive_stream.empty() ? "" : " and the archive to standard output"));
    if (!result.attention.empty()) {
        context.exit_code = k_exit_findings;
    }
}

} // namespace

void add_consolidate(CLI::App& app, Context& context)
{
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("consolidate", k_help);
    cmd->add_option("FILE", o->inputs, "Exported PKCS#12 files, certificate files, tar.gz archives or folders")
        ->required();
    cmd->add_option("--out", o->out, "The folder to write the consolidated set into")->required()->type_name("DIR");
    cmd->add_option("--archive", o->archive, "Also write the whole set as one POSIX tar.gz (- for standard output)")
        ->type_name("SET.tar.gz");
    cmd->add_option("--cluster", o->clusters, "Files matching GLOB belong to cluster NAME (repeat; first match wins)")
        ->type_name("NAME=GLOB");
    cmd->add_option("--at", o->at, "Judge expiry at this time: now, 2026-11-24, 2026-11-24T10:00:00Z")
        ->type_name("TIME")
        ->capture_default_str();
    cmd->add_option("--jobs,-j", o->jobs, "Threads (default: every core)")->type_name("N")->check(CLI::Range(1, 1024));
    cmd->add_option("--profile", o->profile,
           "Encryption of the consolidated PKCS#12 files: modern or legacy (default: legacy when any input was)")
        ->check(CLI::IsMember({"modern", "legacy"}));
    cmd->add_flag("--include-expired", o->include_expired, "Keep expired certificates in the sets");
    cmd->add_flag("--all-types", o->all_types,
        "Also write sets of the types CUCM's bulk import does not carry (TVS, ipsec, IM and Presence)");
    cmd->add_flag("--keep-going", o->keep_going, "Skip (and report) files that cannot be read or attributed");
    cmd->add_flag(
        "--allow-non-ascii", o->allow_non_ascii, "Allow an output password Java cannot use (outside printable ASCII)");
    cmd->add_flag("--force", o->force, "Replace an earlier set in --out and an existing --archive");
    o->password.add_to(context, *cmd, "the PKCS#12 inputs", true);
    o->out_password.add_to(context, *cmd, "the consolidated PKCS#12 files", false, "out-pass");
    cmd->callback([&context, o] { run(context, *o); });
}

} // namespace pkitool::cli
