// libFuzzer target for input autodetection and loading: whatever the bytes,
// load() must return items or failures, and rendering and linting what it
// returned must not crash, hang or throw.
#include "pkitool/json.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/report/inspect.hpp"
#include "pkitool/report/lint_report.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>

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

    std::ostringstream sink;
    report::inspect_text(sink, files, {});
    sink << to_json(report::inspect_json(files));
    const auto linted = lint::lint_files(files, lint::Options{0});
    report::lint_text(sink, linted, {});
    sink << to_json(report::lint_json(linted));
    return 0;
}
