// Writing generated requests: <basename>.csr (PEM), <basename>.key (PKCS#8,
// encrypted unless asked otherwise, mode 0600) and csr-manifest.json, all
// or nothing.
#pragma once

#include "pkitool/csr/request.hpp"
#include "pkitool/util/atomic_file.hpp"
#include "pkitool/util/json.hpp"

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

// Refuses, before any key is generated, requests whose .csr or .key file
// already exists in `out_dir` (unless `overwrite` replaces them). Throws
// OutputError naming the first such file.
void check_outputs(
    const std::filesystem::path& out_dir, const std::vector<RequestSpec>& specs, util::Overwrite overwrite);

// Writes every file into `out_dir` (created if missing) and the manifest.
// A manifest already in the folder keeps its other requests and gains these
// (an entry for the same .csr file is replaced). Throws OutputError, or
// InputError when the existing manifest cannot be read; nothing is left
// behind on failure.
std::vector<WrittenRequest> write_requests(
    const std::filesystem::path& out_dir, const std::vector<Request>& requests, util::Overwrite overwrite);

inline constexpr const char* k_manifest_name = "csr-manifest.json";

// A csr-manifest.json as written (at most 1 MiB, thousands of requests).
// Throws InputError naming the byte where it stops being JSON.
util::Json read_manifest(const std::filesystem::path& path);

} // namespace pkitool::csr
