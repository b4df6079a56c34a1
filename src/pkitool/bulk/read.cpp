#include "pkitool/bulk/read.hpp"

#include "pkitool/der/botan_message.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/pkcs12/pfx.hpp"
#include "pkitool/util/archive.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/json.hpp"
#include "pkitool/util/parallel.hpp"

#include <botan/exceptn.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>

namespace pkitool::bulk {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_manifest_schema = "pkitool-consolidate/";

// A manifest.json that consolidate wrote (any schema version).
bool is_set_manifest(std::span<const std::uint8_t> data)
{
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    if (text.find(k_manifest_schema) == std::string_view::npos) {
        return false; // the cheap test first: most files are no manifest
    }
    try {
        return util::parse_json(text, "manifest.json").text("schema").starts_with(k_manifest_schema);
    } catch (const Error&) {
        return false;
    }
}

// A folder that holds an earlier consolidated set.
bool is_earlier_set(const fs::path& dir)
{
    std::error_code ec;
    const auto manifest = dir / "manifest.json";
    if (!fs::is_regular_file(manifest, ec)) {
        return false;
    }
    try {
        return is_set_manifest(util::read_input(manifest.string()));
    } catch (const Error&) {
        return false;
    }
}

Input earlier_set(const std::string& path, const std::string& why)
{
    return {path, true, why};
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

using detail::CertStore;
using detail::Scanned;

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
                    s.report.notes.emplace_back("an SDSI certificate bag, ignored");
                    continue;
                }
                try {
                    auto found = m_store.add(bag.value);
                    found.friendly_name = bag.friendly_name.value_or("");
                    s.certificates.push_back(std::move(found));
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
        auto result = load::load(data, s.report.file, load::LoadOptions{});
        for (auto& item : result.items) {
            if (auto* cert = std::get_if<x509::Certificate>(&item.content)) {
                s.certificates.push_back(m_store.add(std::move(*cert)));
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
        s.password_missing = false;
        const auto name = fs::path(s.member.empty() ? s.outer_path : s.member).filename();
        if (m_options.read_sets && name == "manifest.json" && is_set_manifest(data)) {
            s.manifest.assign(data.begin(), data.end());
            s.report.status = FileStatus::ignored;
            s.report.error = "the manifest of a consolidated set: read for each certificate's cluster";
            return;
        }
        try {
            if (load::sniff(data) == load::Kind::pkcs12) {
                read_pkcs12(data, s, extra);
            } else {
                read_other(data, s, walked);
            }
        } catch (const MissingPasswordError& e) {
            skip(s, e.kind(), e.what());
            s.password_missing = true;
        } catch (const Error& e) {
            skip(s, e.kind(), e.what());
        } catch (const Botan::Exception& e) {
            skip(s, ErrorKind::input, "malformed: " + der::botan_message(e));
        }
        s.report.certificates = s.certificates.size();
    }

    std::vector<Scanned> scan(const Input& input)
    {
        std::vector<Scanned> out;
        const auto single = [&](FileStatus status, ErrorKind kind, const std::string& why) {
            Scanned s;
            s.report.file = input.path;
            s.outer_path = input.path;
            s.report.status = status;
            s.report.error_kind = kind;
            s.report.error = why;
            out.push_back(std::move(s));
        };
        if (!input.ignored.empty()) {
            single(FileStatus::ignored, ErrorKind::input, input.ignored);
            return out;
        }
        Botan::secure_vector<std::uint8_t> data;
        try {
            data = util::read_input(input.path);
        } catch (const Error& e) {
            single(FileStatus::skipped, e.kind(), e.what());
            return out;
        }
        if (util::is_gzip(data) || util::is_tar(data)) {
            std::vector<util::ArchiveMember> members;
            try {
                members = util::read_tar(data, input.path);
            } catch (const Error& e) {
                single(FileStatus::skipped, e.kind(), e.what());
                return out;
            }
            // An archive consolidate wrote (--archive) is an earlier set.
            const bool earlier = std::any_of(members.begin(), members.end(), [](const util::ArchiveMember& m) {
                return !m.directory && fs::path(m.path).filename() == "manifest.json" && is_set_manifest(m.data);
            });
            if (earlier && !m_options.read_sets) {
                single(FileStatus::ignored, ErrorKind::input,
                    "an archive of an earlier consolidated set (it holds consolidate's manifest.json): never an input");
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

} // namespace

std::vector<Input> expand_inputs(const std::vector<std::string>& arguments, const std::string& output, bool read_sets)
{
    std::error_code ec;
    const auto out = output.empty() ? fs::path() : fs::weakly_canonical(output, ec);
    // The folder of the set being written, or of an earlier one; asked
    // once per folder (a shell glob names a thousand files of one folder).
    std::map<fs::path, std::string> folders;
    const auto set_folder = [&](const fs::path& dir) -> std::string {
        const auto [it, is_new] = folders.try_emplace(dir);
        if (is_new) {
            if (!out.empty() && fs::weakly_canonical(dir, ec) == out) {
                it->second = "the output folder (--out): never an input";
            } else if (!read_sets && is_earlier_set(dir)) {
                it->second = "an earlier consolidated set (it holds consolidate's manifest.json): never an input";
            }
        }
        return it->second;
    };
    std::vector<Input> result;
    for (const auto& argument : arguments) {
        const auto status = fs::status(argument, ec);
        if (ec || !fs::exists(status)) {
            throw InputError(argument + ": no such file or directory");
        }
        if (!fs::is_directory(status)) {
            // A file of a set: the folder it sits in says so.
            const auto why = set_folder(
                fs::path(argument).parent_path().empty() ? fs::path(".") : fs::path(argument).parent_path());
            result.push_back(why.empty() ? Input{argument, false, ""} : earlier_set(argument, why));
            continue;
        }
        if (auto why = set_folder(argument); !why.empty()) {
            result.push_back(earlier_set(argument, why));
            continue;
        }
        std::vector<Input> found;
        auto it = fs::recursive_directory_iterator(argument, fs::directory_options::skip_permission_denied, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            const auto name = it->path().filename().string();
            if (it->is_directory()) {
                if (name.starts_with(".")) {
                    it.disable_recursion_pending();
                } else if (auto why = set_folder(it->path()); !why.empty()) {
                    it.disable_recursion_pending();
                    found.push_back(earlier_set(it->path().string(), why));
                }
                continue;
            }
            if (!name.starts_with(".") && it->is_regular_file()) {
                found.push_back({it->path().string(), true, ""});
            }
        }
        if (ec) {
            throw InputError(argument + ": cannot be walked: " + ec.message());
        }
        std::sort(found.begin(), found.end(), [](const Input& a, const Input& b) { return a.path < b.path; });
        result.insert(result.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    return result;
}

namespace detail {

Found CertStore::add(std::span<const std::uint8_t> der)
{
    auto sha = util::hex(util::sha256(der));
    {
        const std::lock_guard lock(m_mutex);
        if (const auto it = m_certificates.find(sha); it != m_certificates.end()) {
            return {std::move(sha), it->second, {}};
        }
    }
    auto cert = std::make_shared<const x509::Certificate>(x509::parse_certificate(der));
    const std::lock_guard lock(m_mutex);
    // Another thread may have kept it meanwhile: theirs stays.
    const auto it = m_certificates.emplace(sha, std::move(cert)).first;
    return {std::move(sha), it->second, {}};
}

Found CertStore::add(x509::Certificate&& cert)
{
    auto sha = util::hex(util::sha256(cert.der));
    const std::lock_guard lock(m_mutex);
    auto it = m_certificates.find(sha);
    if (it == m_certificates.end()) {
        it = m_certificates.emplace(sha, std::make_shared<const x509::Certificate>(std::move(cert))).first;
    }
    return {std::move(sha), it->second, {}};
}

namespace {

// A PKCS#12 file that no given password opened, or that needed one when
// none was given: a password asked on the terminal may still open it.
bool locked_out(const Scanned& s)
{
    return s.password_missing || s.report.error_kind == ErrorKind::password;
}

} // namespace

std::vector<std::vector<Scanned>> read_all(const std::vector<Input>& inputs, const Options& options, CertStore& store)
{
    Reader reader(options, store);
    std::vector<std::vector<Scanned>> scanned(inputs.size());
    std::atomic<bool> stop{false};
    std::mutex progress_mutex;
    std::size_t done = 0;
    struct NoState { };
    // A file error is recorded in its report; anything else (out of
    // memory, a bug) ends the run and is thrown here.
    util::parallel_for<NoState>(inputs.size(), options.jobs, [&](std::size_t i, NoState&) {
        scanned[i] = reader.scan(inputs[i]);
        const bool failed = std::any_of(scanned[i].begin(), scanned[i].end(),
            [](const Scanned& s) { return s.report.status == FileStatus::skipped; });
        // A password failure may still be cured by the prompt below.
        const bool password_only = std::all_of(scanned[i].begin(), scanned[i].end(),
            [](const Scanned& s) { return s.report.status != FileStatus::skipped || locked_out(s); });
        if (failed && !options.keep_going && !(password_only && options.ask)) {
            stop = true;
        }
        if (options.progress) {
            const std::lock_guard lock(progress_mutex);
            options.progress(++done, inputs.size());
        }
        return !stop;
    });

    // Files no password opened: ask once (on a terminal) and try again.
    std::vector<Scanned*> locked;
    for (auto& list : scanned) {
        for (auto& s : list) {
            if (s.report.status == FileStatus::skipped && locked_out(s)) {
                locked.push_back(&s);
            }
        }
    }
    if (locked.empty() || !options.ask || stop) {
        return scanned;
    }
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
    return scanned;
}

} // namespace detail

} // namespace pkitool::bulk
