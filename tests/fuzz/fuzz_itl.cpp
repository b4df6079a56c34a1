// libFuzzer target for the ITL/CTL reader: whatever the bytes, parse() must
// return a model or throw pkitool's errors, never crash or hang; what it
// returns must serialize back to the very bytes it read, and the judgement
// (signature, records, limits) must run on it without crashing.
#include "pkitool/error.hpp"
#include "pkitool/itl/itl.hpp"
#include "pkitool/itl/verify.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace pkitool;
    try {
        const auto file = itl::parse(std::span(data, size));
        if (itl::serialize(file) != file.bytes) {
            __builtin_trap();
        }
        (void)itl::check_signature(file);
        itl::VerifyOptions options;
        options.at = 1767225600; // 2026-01-01
        (void)itl::verify(file, options);
    } catch (const Error&) {
    }
    return 0;
}
