#include "pkitool/util/digest.hpp"

#include <botan/hash.h>

namespace pkitool::util {

namespace {

std::vector<std::uint8_t> digest(const char* algorithm, std::span<const std::uint8_t> data)
{
    const auto hash = Botan::HashFunction::create_or_throw(algorithm);
    hash->update(data.data(), data.size());
    std::vector<std::uint8_t> out(hash->output_length());
    hash->final(out.data());
    return out;
}

} // namespace

std::vector<std::uint8_t> sha256(std::span<const std::uint8_t> data)
{
    return digest("SHA-256", data);
}

std::vector<std::uint8_t> sha1(std::span<const std::uint8_t> data)
{
    return digest("SHA-1", data);
}

std::vector<std::uint8_t> md5(std::span<const std::uint8_t> data)
{
    const auto hash = Botan::HashFunction::create("MD5");
    if (!hash) {
        return {};
    }
    hash->update(data.data(), data.size());
    std::vector<std::uint8_t> out(hash->output_length());
    hash->final(out.data());
    return out;
}

} // namespace pkitool::util
