// libFuzzer target for input autodetection and loading: whatever the bytes,
// load() must return items or failures, and rendering and linting what it
// returned must not crash, hang or throw. What a certificate's or a
// request's own parse says of its DER conformance (der::DerCoverage) must
// be what the strict walk alone says.
#include "pkitool/der/strict.hpp"
#include "pkitool/json.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/report/inspect.hpp"
#include "pkitool/report/lint_report.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <variant>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace pkitool;
    load::LoadOptions options;
    // Exercise the decryption path too, with a password that is usually wrong.
    options.password = [](const std::string&) { return util::SecretString("fuzz"); };
    options.pkcs12_limits.max_iterations = 4096;
    options.pkcs12_limits.max_scrypt_bytes = std::size_t{1} << 22;
    std::vector<load::FileLoad> files;
    files.push_back({"fuzz", load::load(std::span(data, size), "fuzz", options)});
    for (const auto& item : files.back().result.items) {
        const auto agrees
            = [](const auto& parsed) { return parsed.non_der_offset == der::first_non_der_byte(parsed.der); };
        if (const auto* cert = std::get_if<x509::Certificate>(&item.content); cert && !agrees(*cert)) {
            __builtin_trap();
        }
        if (const auto* csr = std::get_if<x509::Csr>(&item.content); csr && !agrees(*csr)) {
            __builtin_trap();
        }
    }

    std::ostringstream sink;
    report::inspect_text(sink, files, {});
    sink << to_json(report::inspect_json(files));
    const auto linted = lint::lint_files(files, lint::Options{0});
    report::lint_text(sink, linted, {});
    sink << to_json(report::lint_json(linted));
    return 0;
}
