// libFuzzer target for the text readers of configuration, manifests and
// text arguments: any bytes given as a cluster file, a profile, a
// csr-manifest.json (read back and re-written as csr merges it) or a
// --subject argument must parse or fail with pkitool's error, never crash.
#include "pkitool/csr/plan.hpp"
#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/util/json.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace pkitool;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto cluster = profile::parse_cluster(text, "fuzz.toml");
        for (const auto& node : cluster.nodes) {
            (void)cluster.fqdn(node);
        }
    } catch (const Error&) {
    }
    try {
        (void)profile::parse_profile(text, "fuzz.toml");
    } catch (const Error&) {
    }
    try {
        const auto doc = util::parse_json(text, "fuzz.json");
        (void)doc.text("schema");
        (void)to_json(to_table(doc));
    } catch (const Error&) {
    }
    try {
        (void)csr::parse_subject_argument(text);
    } catch (const Error&) {
    }
    return 0;
}
