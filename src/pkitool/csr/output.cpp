#include "pkitool/csr/output.hpp"

#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/json.hpp"

#include <set>

namespace pkitool::csr {

toml::table manifest(const std::vector<Request>& requests, const std::vector<WrittenRequest>& files)
{
    toml::array list;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const RequestSpec& s = requests[i].spec;
        toml::table key{{"algorithm", std::string(profile::key_algorithm_name(s.key.algorithm))},
            {"description", s.key.description()}, {"hash", s.key.hash}, {"encrypted", requests[i].key_encrypted}};
        list.push_back(
            toml::table{{"type", s.profile->type}, {"product", std::string(profile::product_name(s.profile->product))},
                {"node", s.node}, {"subject", s.subject_text()}, {"subject_alt_names", string_array(s.dns_names)},
                {"ip_addresses", string_array(s.ip_addresses)}, {"key", std::move(key)},
                {"public_key_sha256", util::hex(util::sha256(requests[i].spki))}, {"csr_file", files[i].csr_file},
                {"key_file", files[i].key_file}});
    }
    return toml::table{{"schema", "pkitool-csr-manifest/1"}, {"requests", std::move(list)}};
}

void check_outputs(
    const std::filesystem::path& out_dir, const std::vector<RequestSpec>& specs, util::Overwrite overwrite)
{
    for (const auto& spec : specs) {
        for (const char* extension : {".csr", ".key"}) {
            util::refuse_if_exists(out_dir / (spec.basename + extension), overwrite);
        }
    }
}

namespace {

// The manifest's entries: those of an earlier run in the folder that these
// requests do not replace, then these.
toml::table merged_manifest(const std::filesystem::path& path, toml::table manifest)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return manifest;
    }
    const auto earlier = read_manifest(path);
    if (earlier.text("schema") != "pkitool-csr-manifest/1") {
        throw InputError(path.string() + ": not a pkitool csr manifest (schema \"" + earlier.text("schema")
            + "\"); move it away or use another --out-dir");
    }
    auto& requests = *manifest["requests"].as_array();
    std::set<std::string> replaced;
    for (const auto& r : requests) {
        replaced.insert(r.as_table()->get("csr_file")->value_or(std::string()));
    }
    toml::array kept;
    const auto* old = earlier.find("requests");
    for (const auto& entry : old != nullptr ? old->array : std::vector<util::Json>{}) {
        if (!replaced.contains(entry.text("csr_file"))) {
            kept.push_back(to_table(entry));
        }
    }
    for (auto& r : requests) {
        kept.push_back(std::move(r));
    }
    manifest.insert_or_assign("requests", std::move(kept));
    return manifest;
}

} // namespace

util::Json read_manifest(const std::filesystem::path& path)
{
    const auto data = util::read_input(path.string(), std::size_t{1} << 20U);
    return util::parse_json(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), path.string());
}

std::vector<WrittenRequest> write_requests(
    const std::filesystem::path& out_dir, const std::vector<Request>& requests, util::Overwrite overwrite)
{
    util::create_folder(out_dir);
    util::AtomicFileSet files(overwrite);
    std::vector<WrittenRequest> written;
    for (const auto& r : requests) {
        WrittenRequest w{r.spec.basename + ".csr", r.spec.basename + ".key"};
        files.add(out_dir / w.csr_file, csr_pem(r.csr_der));
        files.add(out_dir / w.key_file, std::string_view(r.key_pem.data(), r.key_pem.size()), 0600);
        written.push_back(w);
    }
    // The manifest is always rewritten: it gains these requests.
    files.add_replacing(
        out_dir / k_manifest_name, to_json(merged_manifest(out_dir / k_manifest_name, manifest(requests, written))));
    files.commit();
    return written;
}

} // namespace pkitool::csr
