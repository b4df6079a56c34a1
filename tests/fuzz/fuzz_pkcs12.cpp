// libFuzzer target for the PKCS#12 reader: whatever the bytes, read() must
// return contents or throw pkitool's errors, never crash or hang. The
// iteration limit is low so a hostile iteration count cannot stall a run.
#include "pkitool/error.hpp"
#include "pkitool/pkcs12/pfx.hpp"
#include "pkitool/x509/private_key.hpp"

#include <botan/exceptn.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace pkitool;
    pkcs12::Limits limits;
    limits.max_iterations = 4096;
    limits.max_scrypt_bytes = std::size_t{1} << 22;
    try {
        const auto contents = pkcs12::read(
            std::span(data, size), {util::SecretString("test-password")},
            [](const std::string&) { return std::optional<util::SecretString>("fuzz"); }, "fuzz", limits);
        for (const auto& bag : contents.bags) {
            if (!bag.secret.empty() && bag.type != pkcs12::BagType::secret) {
                x509::describe_pkcs8(bag.secret);
            }
        }
    } catch (const Error&) {
    } catch (const Botan::Exception&) {
    }
    return 0;
}
