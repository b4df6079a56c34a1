// POSIX tar archives (ustar, IEEE 1003.1-1988 and pax path records) in
// gzip (RFC 1952, through zlib): the form in which consolidated sets travel
// to the SFTP server and in which exports come back.
#pragma once

#include "pkitool/util/time.hpp"

#include <botan/secmem.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pkitool::util {

struct ArchiveMember {
    std::string path; // relative, '/'-separated
    bool directory = false;
    unsigned mode = 0644;
    UnixTime mtime = 0;
    // Members may hold private keys: kept in memory that is wiped.
    Botan::secure_vector<std::uint8_t> data;
};

// Limits on what a read may expand to, against compression bombs.
struct ArchiveLimits {
    std::size_t max_total = std::size_t{512} * 1024 * 1024; // decompressed bytes
    std::size_t max_members = 100'000;
};

// True when `data` starts like a gzip stream.
bool is_gzip(std::span<const std::uint8_t> data);

// gzip-compresses `data` (one member, default level).
std::vector<std::uint8_t> gzip(std::span<const std::uint8_t> data);

// Decompresses every gzip member of `data`. Throws InputError naming
// `name` for a corrupt or truncated stream or output beyond `max_size`.
Botan::secure_vector<std::uint8_t> gunzip(
    std::span<const std::uint8_t> data, const std::string& name, std::size_t max_size);

// A ustar archive of `members`, in the given order, gzip-compressed.
// Throws UsageError for a path ustar cannot hold (over 255 bytes, or no
// '/' to split a long one at).
std::vector<std::uint8_t> write_tar_gz(const std::vector<ArchiveMember>& members);

// Reads a tar archive, gzip-compressed or not. Regular files and
// directories are returned; links, devices and other entries are skipped,
// pax extended headers and GNU long names applied. Throws InputError
// naming `name` and the byte offset for a bad checksum, a truncated member
// or a hostile size.
std::vector<ArchiveMember> read_tar(
    std::span<const std::uint8_t> data, const std::string& name, const ArchiveLimits& limits = {});

// True when `data` (decompressed) starts with a ustar or GNU tar header
// whose checksum is right.
bool is_tar(std::span<const std::uint8_t> data);

} // namespace pkitool::util
