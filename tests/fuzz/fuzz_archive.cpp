// libFuzzer target for the tar/gzip reader: whatever the bytes, read_tar()
// must list members or throw pkitool's errors, never crash, hang or expand
// past its limit.
#include "pkitool/error.hpp"
#include "pkitool/util/archive.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace pkitool;
    util::ArchiveLimits limits;
    limits.max_total = std::size_t{8} << 20;
    limits.max_members = 1000;
    try {
        std::size_t total = 0;
        for (const auto& member : util::read_tar(std::span(data, size), "fuzz", limits)) {
            total += member.data.size();
        }
        if (total > limits.max_total) {
            __builtin_trap();
        }
    } catch (const Error&) {
    }
    return 0;
}
