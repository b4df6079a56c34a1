#include "pkitool/bulk/consolidate.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/der/time.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/load/pem.hpp"
#include "pkitool/pkcs12/pfx.hpp"
#include "pkitool/util/archive.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/hex.hpp"

#include <botan/exceptn.h>

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

namespace pkitool::bulk {

namespace fs = std::filesystem;

namespace {

// One certificate as found in a file; the certificate itself lives once
// in the CertStore.
struct Found {
    std::string sha256;
    std::string friendly_name;
};

// A file (or archive member) after reading.
struct Scanned {
    FileReport report;
    std::string outer_path; // the file on disk (the archive for a member)
    std::string member; // the member's path inside an archive
    std::vector<Found> certificates;
};

// Every unique certificate, parsed once, shared by the worker threads.
// Memory grows with the unique certificates, not with the input.
class CertStore {
public:
    // The SHA-256 of `der`, parsing and keeping it the first time.
    // Throws InputError when it is not a certificate.
    std::string add(std::span<const std::uint8_t> der)
    {
        const auto digest = util::sha256(der);
        auto sha = util::hex(digest);
        {
            const std::lock_guard lock(m_mutex);
            if (m_certificates.contains(sha)) {
                return sha;
            }
        }
        auto cert = std::make_shared<const x509::Certificate>(x509::parse_certificate(der));
        const std::lock_guard lock(m_mutex);
        m_certificates.emplace(sha, std::move(cert));
        return sha;
    }

    // The same for a certificate already parsed.
    std::string add(const x509::Certificate& cert)
    {
        auto sha = util::hex(util::sha256(cert.der));
        const std::lock_guard lock(m_mutex);
        if (!m_certificates.contains(sha)) {
            m_certificates.emplace(sha, std::make_shared<const x509::Certificate>(cert));
        }
        return sha;
    }

    std::shared_ptr<const x509::Certificate> get(const std::string& sha) const
    {
        const std::lock_guard lock(m_mutex);
        return m_certificates.at(sha);
    }

private:
    mutable std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<const x509::Certificate>> m_certificates;
};

std::string base_name(const std::string& path)
{
    return fs::path(path).filename().string();
}

// A PKCS#12 file is legacy when its MAC uses SHA-1 or a content is
// encrypted with anything but PBES2: what OpenSSL's -legacy and old Java
// and CUCM releases write.
bool is_legacy(const pkcs12::Contents& contents)
{
    if (contents.mac.hash == "SHA-1") {
        return true;
    }
    return std::any_of(contents.contents.begin(), contents.contents.end(), [](const pkcs12::ContentSummary& c) {
        return c.kind == pkcs12::ContentKind::encrypted_data && !c.encryption.starts_with("PBES2");
    });
}

class Reader {
public:
    Reader(const Options& options, CertStore& store) : m_options(options), m_store(store) { }

    std::vector<util::SecretString> candidates_in_order(std::size_t& first) const
    {
        first = std::min(m_last_good.load(), m_options.passwords.empty() ? 0 : m_options.passwords.size() - 1);
        std::vector<util::SecretString> out;
        out.reserve(m_options.passwords.size());
        if (!m_options.passwords.empty()) {
            out.push_back(m_options.passwords[first]);
        }
        for (std::size_t i = 0; i < m_options.passwords.size(); ++i) {
            if (i != first) {
                out.push_back(m_options.passwords[i]);
            }
        }
        return out;
    }

    void read_pkcs12(std::span<const std::uint8_t> data, Scanned& s, const std::vector<util::SecretString>& extra)
    {
        std::size_t first = 0;
        auto candidates = extra.empty() ? candidates_in_order(first) : extra;
        const auto contents = pkcs12::read(data, candidates, {}, s.report.file, m_options.limits);
        if (extra.empty()
            && (contents.password == pkcs12::PasswordUsed::given
                || contents.password == pkcs12::PasswordUsed::given_openssl1)) {
            // Map the reordered index back to the option's index.
            const auto i = contents.candidate;
            m_last_good = i == 0 ? first : (i <= first ? i - 1 : i);
        }
        s.report.legacy = is_legacy(contents);
        s.report.format = std::string("PKCS#12, ") + (s.report.legacy ? "legacy" : "modern") + " ("
            + (contents.mac.kind == pkcs12::MacKind::none ? "no MAC" : contents.mac.description) + ")";
        std::size_t position = 0;
        for (const auto& bag : contents.bags) {
            if (bag.type == pkcs12::BagType::certificate) {
                if (bag.value_type_oid != der::oid::pkcs9_x509_certificate) {
                    s.report.notes.push_back("an SDSI certificate bag, ignored");
                    continue;
                }
                try {
                    s.certificates.push_back({m_store.add(bag.value), bag.friendly_name.value_or("")});
                } catch (const Error& e) {
                    throw InputError(s.report.file + ": certificate " + std::to_string(position + 1) + ": " + e.what());
                }
                ++position;
            } else if (bag.type == pkcs12::BagType::key || bag.type == pkcs12::BagType::shrouded_key) {
                s.report.notes.emplace_back("a private key, ignored: consolidated sets carry certificates only");
            } else {
                s.report.notes.push_back("a " + std::string(pkcs12::bag_type_name(bag.type)) + ", ignored");
            }
        }
    }

    void read_other(std::span<const std::uint8_t> data, Scanned& s, bool walked)
    {
        const auto result = load::load(data, s.report.file, load::LoadOptions{});
        for (const auto& item : result.items) {
            if (const auto* cert = std::get_if<x509::Certificate>(&item.content)) {
                s.certificates.push_back({m_store.add(*cert), ""});
            } else if (std::holds_alternative<x509::PrivateKeyInfo>(item.content)) {
                s.report.notes.emplace_back("a private key, ignored: consolidated sets carry certificates only");
            }
        }
        if (!result.items.empty()) {
            s.report.format = result.items.front().origin.pem_label.empty() ? "DER" : "PEM";
            if (std::holds_alternative<load::Pkcs7Summary>(result.items.front().content)) {
                s.report.format = "PKCS#7";
            }
        }
        if (s.certificates.empty()) {
            const std::string why = result.failures.empty() ? "holds no certificate" : result.failures.front().message;
            if (walked || result.failures.empty()) {
                s.report.status = FileStatus::ignored;
                s.report.error = why;
                return;
            }
            // The failure's message already names the file.
            throw Error(result.failures.front().kind, why);
        }
        for (const auto& failure : result.failures) {
            s.report.notes.push_back(failure.origin.to_string() + ": " + failure.message);
        }
    }

    static void skip(Scanned& s, ErrorKind kind, const std::string& what)
    {
        s.certificates.clear();
        s.report.status = FileStatus::skipped;
        s.report.error_kind = kind;
        s.report.error = what.starts_with(s.report.file) ? what : s.report.file + ": " + what;
    }

    // Reads one file's bytes into `s`; errors are recorded, not thrown.
    void scan_bytes(
        std::span<const std::uint8_t> data, Scanned& s, bool walked, const std::vector<util::SecretString>& extra = {})
    {
        s.certificates.clear();
        s.report.notes.clear();
        s.report.status = FileStatus::read;
        s.report.error.clear();
        try {
            if (load::sniff(data) == load::Kind::pkcs12) {
                read_pkcs12(data, s, extra);
            } else {
                read_other(data, s, walked);
            }
        } catch (const Error& e) {
            skip(s, e.kind(), e.what());
        } catch (const Botan::Exception& e) {
            skip(s, ErrorKind::input, std::string("malformed: ") + e.what());
        }
        s.report.certificates = s.certificates.size();
    }

    std::vector<Scanned> scan(const Input& input)
    {
        std::vector<Scanned> out;
        const auto fail = [&](const Error& e) {
            Scanned s;
            s.report.file = input.path;
            s.outer_path = input.path;
            s.report.status = FileStatus::skipped;
            s.report.error_kind = e.kind();
            s.report.error = e.what();
            out.push_back(std::move(s));
        };
        Botan::secure_vector<std::uint8_t> data;
        try {
            data = util::read_input(input.path);
        } catch (const Error& e) {
            fail(e);
            return out;
        }
        if (util::is_gzip(data) || util::is_tar(data)) {
            std::vector<util::ArchiveMember> members;
            try {
                members = util::read_tar(data, input.path);
            } catch (const Error& e) {
                fail(e);
                return out;
            }
            for (const auto& member : members) {
                if (member.directory) {
                    continue;
                }
                Scanned s;
                s.report.file = input.path + ":" + member.path;
                s.outer_path = input.path;
                s.member = member.path;
                if (util::is_gzip(member.data) || util::is_tar(member.data)) {
                    s.report.status = FileStatus::ignored;
                    s.report.error = "an archive inside an archive; unpack it first";
                } else {
                    scan_bytes(member.data, s, true);
                }
                out.push_back(std::move(s));
            }
            return out;
        }
        Scanned s;
        s.report.file = input.path;
        s.outer_path = input.path;
        scan_bytes(data, s, input.walked);
        out.push_back(std::move(s));
        return out;
    }

private:
    const Options& m_options;
    CertStore& m_store;
    // The candidate that opened the last PKCS#12 file: tried first, since
    // a cluster's files usually share a password and each try costs a KDF.
    std::atomic<std::size_t> m_last_good{0};
};

bool glob_matches(const std::string& glob, const std::string& text)
{
    return fnmatch(glob.c_str(), text.c_str(), 0) == 0;
}

// The part of a file name before its first '_', unless that names a
// certificate type ("tomcat_pub.p12" says nothing of the cluster).
std::string name_prefix(const std::string& name, const profile::Registry& registry)
{
    const auto underscore = name.find('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 >= name.size()) {
        return {};
    }
    const auto prefix = name.substr(0, underscore);
    return types_named_in(prefix, registry).empty() ? prefix : std::string();
}

// Which cluster a file belongs to, and why; an empty cluster and the
// reason when nothing says.
std::pair<std::string, std::string> attribute(
    const Scanned& s, const Options& options, const profile::Registry& registry, const CertStore& store)
{
    std::vector<std::string> names = {s.report.file, s.outer_path, base_name(s.outer_path)};
    if (!s.member.empty()) {
        names.push_back(s.member);
        names.push_back(base_name(s.member));
    }
    for (const auto& rule : options.clusters) {
        for (const auto& name : names) {
            if (glob_matches(rule.glob, name)) {
                return {rule.name, "--cluster " + rule.name + "=" + rule.glob};
            }
        }
    }
    for (const auto& name : {s.member.empty() ? std::string() : base_name(s.member), base_name(s.outer_path)}) {
        if (const auto prefix = name_prefix(name, registry); !prefix.empty()) {
            return {prefix, "file name prefix"};
        }
    }
    std::set<std::string> domains;
    for (const auto& found : s.certificates) {
        if (auto domain = dns_domain(*store.get(found.sha256)); !domain.empty()) {
            domains.insert(domain);
        }
    }
    if (domains.size() == 1) {
        return {*domains.begin(), "DNS domain"};
    }
    std::string why = "no --cluster glob matches it, its name has no <cluster>_ prefix, and ";
    if (domains.empty()) {
        why += "its certificates name no DNS domain";
    } else {
        std::string list;
        for (const auto& d : domains) {
            list += (list.empty() ? "" : ", ") + d;
        }
        why += "its certificates name several DNS domains (" + list + ")";
    }
    return {"", why};
}

util::UnixTime time_of(const der::RawTime& time, util::UnixTime fallback)
{
    return der::check_time(time).value.value_or(fallback);
}

std::string short_sha(const std::string& sha)
{
    return sha.substr(0, 16);
}

// Where and why each certificate stands; the rules of CUCM's import.
void apply_rules(Result& result, const Options& options)
{
    std::map<std::pair<std::string, std::vector<std::uint8_t>>, std::vector<Entry*>> by_subject;
    for (auto& e : result.entries) {
        if (e.status == Status::duplicate) {
            continue;
        }
        const auto& cert = *e.certificate;
        const auto not_after = time_of(cert.not_after, std::numeric_limits<util::UnixTime>::max());
        e.expired = not_after < options.at;
        if (e.classification.profile == nullptr) {
            e.status = Status::unknown;
            e.reason = e.classification.evidence.back();
            continue;
        }
        if (e.expired && !options.include_expired) {
            e.status = Status::expired;
            e.reason = "expired on " + util::format_iso(not_after)
                + "; CUCM 12.5(1)SU6 and 14SU2 on do not import it (--include-expired keeps it)";
            continue;
        }
        by_subject[{e.type(), cert.subject.der}].push_back(&e);
    }
    // One entry per subject per store: CUCM keeps the later notBefore.
    for (auto& [key, group] : by_subject) {
        const auto rank = [](const Entry* e) {
            return std::make_tuple(
                time_of(e->certificate->not_before, 0), time_of(e->certificate->not_after, 0), e->sha256);
        };
        const auto* keep = *std::max_element(
            group.begin(), group.end(), [&](const Entry* a, const Entry* b) { return rank(a) < rank(b); });
        for (auto* e : group) {
            if (e == keep) {
                continue;
            }
            e->status = Status::superseded;
            e->reason = "same subject as " + short_sha(keep->sha256) + " (cluster " + keep->cluster
                + "), whose notBefore is later; CUCM keeps one certificate per subject in a store";
            if (e->cluster != keep->cluster) {
                result.warnings.push_back("clusters " + e->cluster + " and " + keep->cluster + " both export a "
                    + key.first + " certificate with subject " + e->certificate->subject.to_string()
                    + "; a store keeps only one of them (" + short_sha(keep->sha256) + ")");
            }
        }
    }
    for (auto& e : result.entries) {
        if (e.status == Status::included) {
            e.stores = e.classification.profile->bulk_import_stores;
        }
    }
}

bool is_itl_type(const std::string& type)
{
    return type == "CallManager" || type == "CallManager-ECDSA" || type == "TVS" || type == "ITLRecovery"
        || type == "CAPF";
}

void warn_phone_trust(Result& result)
{
    if (result.clusters.size() < 2) {
        result.warnings.push_back("only one cluster (" + (result.clusters.empty() ? "none" : result.clusters.front())
            + "): there is nothing to import between clusters");
        return;
    }
    const auto imports = import_sets(result);
    for (const auto& cluster : result.clusters) {
        std::set<const Entry*> trust;
        for (const auto& e : result.entries) {
            if (e.status == Status::included && e.cluster == cluster && is_itl_type(e.type())) {
                trust.insert(&e);
            }
        }
        for (const auto& set : imports) {
            if (set.cluster == cluster && (set.store == "Phone-SAST-trust" || set.store == "CallManager-trust")) {
                trust.insert(set.entries.begin(), set.entries.end());
            }
        }
        std::size_t bytes = 0;
        for (const auto* e : trust) {
            bytes += e->certificate->der.size();
        }
        if (trust.size() > k_phone_trust_certificates || bytes > k_phone_trust_bytes) {
            result.warnings.push_back("cluster " + cluster + ": after the import its phones' trust list would hold "
                + std::to_string(trust.size()) + " certificates (" + std::to_string(bytes / 1024)
                + " KB of DER, before the list's own overhead), past the 64 KB / about 39 certificates phones "
                  "accept; phones may stop registering");
        }
    }
}

} // namespace

std::string_view status_name(Status status)
{
    switch (status) {
    case Status::included: return "included";
    case Status::duplicate: return "duplicate";
    case Status::superseded: return "superseded";
    case Status::expired: return "expired";
    case Status::unknown: return "unknown";
    }
    return "unknown";
}

std::string_view file_status_name(FileStatus status)
{
    switch (status) {
    case FileStatus::read: return "read";
    case FileStatus::skipped: return "skipped";
    case FileStatus::ignored: return "ignored";
    }
    return "read";
}

std::string Entry::type() const
{
    return classification.profile != nullptr ? classification.profile->type : "unknown";
}

std::string Entry::friendly_name() const
{
    return cluster + "_" + classification.host + "_" + type();
}

std::size_t Result::count(Status status) const
{
    return static_cast<std::size_t>(
        std::count_if(entries.begin(), entries.end(), [status](const Entry& e) { return e.status == status; }));
}

bool Result::has_problems() const
{
    return std::any_of(files.begin(), files.end(), [](const FileReport& f) { return f.status == FileStatus::skipped; });
}

std::vector<Input> expand_inputs(const std::vector<std::string>& arguments)
{
    std::vector<Input> out;
    for (const auto& argument : arguments) {
        std::error_code ec;
        const auto status = fs::status(argument, ec);
        if (ec || !fs::exists(status)) {
            throw InputError(argument + ": no such file or directory");
        }
        if (!fs::is_directory(status)) {
            out.push_back({argument, false});
            continue;
        }
        std::vector<std::string> found;
        auto it = fs::recursive_directory_iterator(argument, fs::directory_options::skip_permission_denied, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            const auto name = it->path().filename().string();
            if (name.starts_with(".")) {
                if (it->is_directory()) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (it->is_regular_file()) {
                found.push_back(it->path().string());
            }
        }
        if (ec) {
            throw InputError(argument + ": cannot be walked: " + ec.message());
        }
        std::sort(found.begin(), found.end());
        for (auto& path : found) {
            out.push_back({std::move(path), true});
        }
    }
    return out;
}

ClusterRule parse_cluster_rule(const std::string& text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        throw UsageError("--cluster " + text + ": expected NAME=GLOB, such as --cluster 'east=exports/east/*'");
    }
    ClusterRule rule{text.substr(0, eq), text.substr(eq + 1)};
    const bool safe = std::all_of(
        rule.name.begin(), rule.name.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
    if (!safe) {
        throw UsageError("--cluster " + text
            + ": a cluster name may hold letters, digits, '-' and '.' only "
              "(it becomes a folder and part of friendlyNames)");
    }
    return rule;
}

Result consolidate(const std::vector<Input>& inputs, const profile::Registry& registry, const Options& options)
{
    CertStore store;
    Reader reader(options, store);
    std::vector<std::vector<Scanned>> scanned(inputs.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex progress_mutex;
    std::size_t done = 0;
    // Anything but a recorded file error (out of memory, a bug) ends the
    // run; it is carried to this thread and thrown here.
    std::exception_ptr unexpected;
    std::mutex unexpected_mutex;
    const auto work = [&] {
        for (auto i = next++; i < inputs.size() && !stop; i = next++) {
            try {
                scanned[i] = reader.scan(inputs[i]);
            } catch (...) {
                const std::lock_guard lock(unexpected_mutex);
                unexpected = std::current_exception();
                stop = true;
                return;
            }
            const bool failed = std::any_of(scanned[i].begin(), scanned[i].end(),
                [](const Scanned& s) { return s.report.status == FileStatus::skipped; });
            // A password failure may still be cured by the prompt below.
            const bool password_only = std::all_of(scanned[i].begin(), scanned[i].end(), [](const Scanned& s) {
                return s.report.status != FileStatus::skipped || s.report.error_kind == ErrorKind::password;
            });
            if (failed && !options.keep_going && !(password_only && options.ask)) {
                stop = true;
            }
            if (options.progress) {
                const std::lock_guard lock(progress_mutex);
                options.progress(++done, inputs.size());
            }
        }
    };
    const unsigned jobs = std::max(1U, options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency());
    {
        std::vector<std::jthread> threads;
        for (unsigned t = 1; t < std::min<std::size_t>(jobs, inputs.size()); ++t) {
            threads.emplace_back(work);
        }
        work();
    }
    if (unexpected) {
        std::rethrow_exception(unexpected);
    }

    // Files no password opened: ask once (on a terminal) and try again.
    std::vector<Scanned*> locked;
    for (auto& list : scanned) {
        for (auto& s : list) {
            if (s.report.status == FileStatus::skipped && s.report.error_kind == ErrorKind::password) {
                locked.push_back(&s);
            }
        }
    }
    if (!locked.empty() && options.ask && !stop) {
        const auto what = locked.size() == 1 ? locked.front()->report.file
                                             : std::to_string(locked.size()) + " PKCS#12 files no password opened";
        if (const auto asked = options.ask(what)) {
            for (auto* s : locked) {
                const auto data = util::read_input(s->outer_path);
                if (s->member.empty()) {
                    reader.scan_bytes(data, *s, false, {*asked});
                    continue;
                }
                for (const auto& member : util::read_tar(data, s->outer_path)) {
                    if (member.path == s->member) {
                        reader.scan_bytes(member.data, *s, true, {*asked});
                    }
                }
            }
        }
    }

    Result result;
    result.at = options.at;
    std::set<std::string> clusters;
    for (auto& list : scanned) {
        for (auto& s : list) {
            if (s.report.status == FileStatus::read) {
                auto [cluster, why] = attribute(s, options, registry, store);
                if (cluster.empty()) {
                    s.report.status = FileStatus::skipped;
                    s.report.error_kind = ErrorKind::usage;
                    s.report.error = s.report.file + ": cannot tell which cluster it belongs to: " + why
                        + "; give --cluster NAME=GLOB";
                } else {
                    s.report.cluster = cluster;
                    s.report.cluster_source = why == "DNS domain" ? "DNS domain " + cluster : why;
                    clusters.insert(cluster);
                }
            }
            if (s.report.status == FileStatus::skipped && !options.keep_going) {
                throw Error(s.report.error_kind, s.report.error);
            }
            result.inputs_legacy = result.inputs_legacy || (s.report.status == FileStatus::read && s.report.legacy);
        }
    }
    result.clusters.assign(clusters.begin(), clusters.end());

    // One entry per unique certificate (its first copy), one per further copy.
    std::map<std::string, std::size_t> first;
    for (const auto& list : scanned) {
        for (const auto& s : list) {
            if (s.report.status != FileStatus::read) {
                continue;
            }
            for (std::size_t p = 0; p < s.certificates.size(); ++p) {
                const auto& found = s.certificates[p];
                const Source source{s.report.file, p, found.friendly_name};
                const auto [it, is_new] = first.emplace(found.sha256, result.entries.size());
                Entry e;
                e.certificate = store.get(found.sha256);
                e.sha256 = found.sha256;
                e.cluster = s.report.cluster;
                e.sources = {source};
                if (!is_new) {
                    auto& primary = result.entries[it->second];
                    primary.sources.push_back(source);
                    e.status = Status::duplicate;
                    e.reason = "the same certificate as in " + primary.sources.front().file;
                }
                result.entries.push_back(std::move(e));
            }
        }
    }
    // Classify each certificate once, with every name it came under.
    for (auto& e : result.entries) {
        if (e.status == Status::duplicate) {
            continue;
        }
        std::vector<std::string> hints;
        for (const auto& source : e.sources) {
            if (!source.friendly_name.empty()) {
                hints.push_back(source.friendly_name);
            }
        }
        for (const auto& source : e.sources) {
            hints.push_back(base_name(source.file));
        }
        e.classification = classify(*e.certificate, hints, registry);
    }
    std::map<std::string, std::string> cluster_of;
    for (const auto& list : scanned) {
        for (const auto& s : list) {
            cluster_of.emplace(s.report.file, s.report.cluster);
        }
    }
    for (auto& e : result.entries) {
        std::set<std::string> owners;
        for (const auto& source : result.entries[first.at(e.sha256)].sources) {
            owners.insert(cluster_of.at(source.file));
        }
        e.clusters.assign(owners.begin(), owners.end());
    }
    apply_rules(result, options);
    // Copies follow their certificate.
    for (auto& e : result.entries) {
        if (e.status == Status::duplicate) {
            const auto& primary = result.entries[first.at(e.sha256)];
            e.classification = primary.classification;
            e.expired = primary.expired;
        }
    }

    // Each entry's sort key is built once, not at every comparison.
    using Key = std::tuple<std::string, std::string, std::string, std::string, util::UnixTime, std::string, bool,
        std::string, std::size_t>;
    std::vector<std::pair<Key, std::size_t>> keys;
    keys.reserve(result.entries.size());
    for (std::size_t i = 0; i < result.entries.size(); ++i) {
        const auto& e = result.entries[i];
        keys.emplace_back(Key{e.cluster, e.type(), e.classification.host, e.certificate->subject.to_string(),
                              time_of(e.certificate->not_before, 0), e.sha256, e.status == Status::duplicate,
                              e.sources.front().file, e.sources.front().position},
            i);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<Entry> sorted;
    sorted.reserve(keys.size());
    for (const auto& [key, i] : keys) {
        sorted.push_back(std::move(result.entries[i]));
    }
    result.entries = std::move(sorted);
    for (auto& list : scanned) {
        for (auto& s : list) {
            result.files.push_back(std::move(s.report));
        }
    }
    warn_phone_trust(result);
    return result;
}

std::vector<ImportSet> import_sets(const Result& result)
{
    std::set<std::string> stores;
    for (const auto& e : result.entries) {
        stores.insert(e.stores.begin(), e.stores.end());
    }
    std::vector<ImportSet> out;
    for (const auto& cluster : result.clusters) {
        for (const auto& store : stores) {
            ImportSet set{cluster, store, {}};
            for (const auto& e : result.entries) {
                const bool own = std::find(e.clusters.begin(), e.clusters.end(), cluster) != e.clusters.end();
                const bool maps = std::find(e.stores.begin(), e.stores.end(), store) != e.stores.end();
                if (e.status == Status::included && maps && !own) {
                    set.entries.push_back(&e);
                }
            }
            if (!set.entries.empty()) {
                out.push_back(std::move(set));
            }
        }
    }
    return out;
}

std::vector<TypeSet> type_sets(const Result& result)
{
    std::map<std::string, std::vector<const Entry*>> by_type;
    for (const auto& e : result.entries) {
        if (e.status == Status::included) {
            by_type[e.type()].push_back(&e);
        }
    }
    std::vector<TypeSet> out;
    for (auto& [type, entries] : by_type) {
        out.push_back({type, std::move(entries)});
    }
    return out;
}

std::vector<OutputFile> output_files(const Result& result, const pkcs12::WriteOptions& options,
    const pkcs12::Password& password, Botan::RandomNumberGenerator& rng)
{
    std::vector<OutputFile> out;
    for (const auto& set : type_sets(result)) {
        std::vector<pkcs12::CertEntry> certs;
        std::map<std::string, int> used;
        for (const auto* e : set.entries) {
            auto name = e->friendly_name();
            if (const int n = ++used[name]; n > 1) {
                name += "-" + std::to_string(n);
            }
            certs.push_back({e->certificate->der, name, {}});
        }
        out.push_back({set.type + ".p12", pkcs12::write(certs, std::nullopt, options, password, rng)});
    }
    // A certificate goes to up to two stores of every other cluster: encode it once.
    std::map<const Entry*, std::string> pem_of;
    for (const auto& set : import_sets(result)) {
        std::string pem;
        for (const auto* e : set.entries) {
            auto [it, is_new] = pem_of.try_emplace(e);
            if (is_new) {
                it->second = load::pem_encode(e->certificate->der, "CERTIFICATE");
            }
            pem += it->second;
        }
        out.push_back({"import/" + set.cluster + "/" + set.store + ".pem", {pem.begin(), pem.end()}});
    }
    return out;
}

} // namespace pkitool::bulk
