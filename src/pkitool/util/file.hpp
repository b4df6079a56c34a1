// Reading whole inputs (a path, or "-" for standard input) with a size cap,
// into memory that is wiped when freed: any input may hold a private key.
#pragma once

#include <botan/secmem.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace pkitool::util {

// Inputs larger than this are refused; no certificate, CSR, key or
// PKCS#12 bundle comes near it, so a bigger file is a mistake or hostile.
inline constexpr std::size_t k_max_input_size = std::size_t{64} * 1024 * 1024;

// Reads all of `path` ("-" = standard input).
// Throws InputError when it cannot be read or is larger than `max_size`.
Botan::secure_vector<std::uint8_t> read_input(const std::string& path, std::size_t max_size = k_max_input_size);

} // namespace pkitool::util
