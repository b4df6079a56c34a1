#include "pkitool/csr/output.hpp"

#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/hex.hpp"

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
                {"key", std::move(key)}, {"public_key_sha256", util::hex(util::sha256(requests[i].spki))},
                {"csr_file", files[i].csr_file}, {"key_file", files[i].key_file}});
    }
    return toml::table{{"schema", "pkitool-csr-manifest/1"}, {"requests", std::move(list)}};
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
    files.add(out_dir / k_manifest_name, to_json(manifest(requests, written)));
    files.commit();
    return written;
}

} // namespace pkitool::csr
