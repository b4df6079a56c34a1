// libFuzzer target for chain assembly: whatever certificates the bytes hold
// (PEM blocks, a PKCS#7 bundle), validate must build what chain it can and
// report, never crash, loop or hang.
#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/report/validate_report.hpp"
#include "pkitool/validate/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace pkitool;
    static const profile::Registry registry = profile::Registry::load({});
    const auto loaded = load::load(std::span(data, size), "fuzz", {});
    std::vector<validate::Input> response;
    for (const auto& item : loaded.items) {
        if (const auto* cert = std::get_if<x509::Certificate>(&item.content)) {
            response.push_back({item.origin, *cert, false});
        }
    }
    if (response.empty()) {
        return 0;
    }
    // The last certificate doubles as a --trust anchor, to reach that path too.
    std::vector<validate::Input> trust = {response.back()};
    const auto result = validate::validate(std::move(response), std::move(trust), registry, validate::Options{});
    std::ostringstream sink;
    report::validate_text(sink, result, 0, {});
    sink << to_json(report::validate_json(result, 0));
    return 0;
}
