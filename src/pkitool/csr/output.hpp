// Writing generated requests: <basename>.csr (PEM), <basename>.key (PKCS#8,
// encrypted unless asked otherwise, mode 0600) and csr-manifest.json, all
// or nothing.
#pragma once

#include "pkitool/csr/request.hpp"
#include "pkitool/util/atomic_file.hpp"

#include "pkitool/toml.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace pkitool::csr {

struct WrittenRequest {
    std::string csr_file;
    std::string key_file;
};

// The manifest: every request with its subject, SANs, key and the SHA-256
// of its public key, in request order.
toml::table manifest(const std::vector<Request>& requests, const std::vector<WrittenRequest>& files);

// Writes every file into `out_dir` (created if missing) and the manifest.
// Throws OutputError; nothing is left behind on failure.
std::vector<WrittenRequest> write_requests(
    const std::filesystem::path& out_dir, const std::vector<Request>& requests, util::Overwrite overwrite);

inline constexpr const char* k_manifest_name = "csr-manifest.json";

} // namespace pkitool::csr
