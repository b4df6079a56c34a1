// Where Botan's decoder reads from: secret data from Botan's own
// DataSource_Memory (a copy in locked memory, wiped when freed), public
// data (certificates, requests) from a plain copy, which costs no locked
// memory pool and no wipe, and data a caller keeps alive in place. The
// readers of this folder share it.
#pragma once

#include "pkitool/der/reader.hpp"

#include <botan/data_src.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace pkitool::der {

std::unique_ptr<Botan::DataSource> make_source(std::span<const std::uint8_t> data, Contents kind);
// The same over bytes it takes over: public data is not copied again;
// secret data is copied as above and the bytes given are wiped.
std::unique_ptr<Botan::DataSource> make_source(std::vector<std::uint8_t>&& data, Contents kind);

// A source that reads `data` in place, copying nothing: for a caller that
// keeps `data` alive while the source is read (a walk down nested values).
std::unique_ptr<Botan::DataSource> view_source(std::span<const std::uint8_t> data);

} // namespace pkitool::der
