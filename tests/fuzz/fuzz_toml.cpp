// libFuzzer target for the TOML readers: any bytes given as a cluster file
// or a profile must parse or fail with pkitool's InputError, never crash.
#include "pkitool/error.hpp"
#include "pkitool/profile/cluster.hpp"

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
    return 0;
}
