#include "pkitool/util/archive.hpp"

#include "pkitool/error.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>

namespace pkitool::util {

namespace {

constexpr std::size_t k_block = 512;
// POSIX's default record: 20 blocks. Readers accept less, some warn.
constexpr std::size_t k_record = 20 * k_block;

// Field offsets and widths of the ustar header.
struct Field {
    std::size_t offset;
    std::size_t width;
};
constexpr Field k_name{0, 100};
constexpr Field k_mode{100, 8};
constexpr Field k_uid{108, 8};
constexpr Field k_gid{116, 8};
constexpr Field k_size{124, 12};
constexpr Field k_mtime{136, 12};
constexpr Field k_checksum{148, 8};
constexpr std::size_t k_typeflag = 156;
constexpr Field k_magic{257, 6};
constexpr Field k_version{263, 2};
constexpr Field k_prefix{345, 155};

using Block = std::array<std::uint8_t, k_block>;

void put_text(Block& block, Field field, std::string_view text)
{
    std::memcpy(block.data() + field.offset, text.data(), std::min(text.size(), field.width));
}

// Octal digits, zero-padded, then a NUL, filling the field.
void put_octal(Block& block, Field field, std::uint64_t value)
{
    std::string digits(field.width - 1, '0');
    for (auto it = digits.rbegin(); it != digits.rend() && value != 0; ++it) {
        *it = static_cast<char>('0' + (value & 7));
        value >>= 3;
    }
    put_text(block, field, digits);
}

std::uint64_t checksum(std::span<const std::uint8_t> block)
{
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < k_block; ++i) {
        const bool in_field = i >= k_checksum.offset && i < k_checksum.offset + k_checksum.width;
        sum += in_field ? ' ' : block[i];
    }
    return sum;
}

// Splits a path into ustar's prefix and name; nothing when it cannot.
std::optional<std::pair<std::string, std::string>> split_path(const std::string& path)
{
    if (path.size() <= k_name.width) {
        return std::make_pair(std::string(), path);
    }
    for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        if (slash <= k_prefix.width && path.size() - slash - 1 <= k_name.width && slash + 1 < path.size()) {
            return std::make_pair(path.substr(0, slash), path.substr(slash + 1));
        }
    }
    return std::nullopt;
}

Block header(const ArchiveMember& member)
{
    Block block{};
    const std::string path = member.directory && !member.path.ends_with('/') ? member.path + "/" : member.path;
    const auto split = split_path(path);
    if (!split) {
        throw UsageError("\"" + path + "\" is too long for a POSIX tar archive");
    }
    put_text(block, k_name, split->second);
    put_text(block, k_prefix, split->first);
    put_octal(block, k_mode, member.mode & 07777);
    put_octal(block, k_uid, 0);
    put_octal(block, k_gid, 0);
    put_octal(block, k_size, member.directory ? 0 : member.data.size());
    put_octal(block, k_mtime, static_cast<std::uint64_t>(std::max<UnixTime>(member.mtime, 0)));
    block[k_typeflag] = member.directory ? '5' : '0';
    put_text(block, k_magic, std::string_view("ustar\0", 6));
    put_text(block, k_version, "00");
    // Six octal digits, NUL, space: the form every tar writes.
    std::string sum(6, '0');
    auto value = checksum(block);
    for (auto it = sum.rbegin(); it != sum.rend(); ++it) {
        *it = static_cast<char>('0' + (value & 7));
        value >>= 3;
    }
    put_text(block, k_checksum, sum + std::string("\0 ", 2));
    return block;
}

std::string text_field(std::span<const std::uint8_t> block, Field field)
{
    const auto* begin = reinterpret_cast<const char*>(block.data() + field.offset);
    return std::string(begin, strnlen(begin, field.width));
}

// A numeric field: octal (space or NUL padded) or GNU base-256.
std::optional<std::uint64_t> number_field(std::span<const std::uint8_t> block, Field field)
{
    const auto bytes = block.subspan(field.offset, field.width);
    std::uint64_t value = 0;
    if ((bytes[0] & 0x80) != 0) {
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            const std::uint8_t b = i == 0 ? bytes[0] & 0x7f : bytes[i];
            if (value > (std::numeric_limits<std::uint64_t>::max() >> 8)) {
                return std::nullopt;
            }
            value = (value << 8) | b;
        }
        return value;
    }
    std::size_t i = 0;
    while (i < bytes.size() && bytes[i] == ' ') {
        ++i;
    }
    for (; i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '7'; ++i) {
        if (value > (std::numeric_limits<std::uint64_t>::max() >> 3)) {
            return std::nullopt;
        }
        value = (value << 3) | static_cast<std::uint64_t>(bytes[i] - '0');
    }
    for (; i < bytes.size(); ++i) {
        if (bytes[i] != ' ' && bytes[i] != 0) {
            return std::nullopt;
        }
    }
    return value;
}

bool checksum_ok(std::span<const std::uint8_t> block)
{
    const auto stored = number_field(block, k_checksum);
    if (!stored) {
        return false;
    }
    // Some old writers summed signed chars.
    std::int64_t signed_sum = 0;
    for (std::size_t i = 0; i < k_block; ++i) {
        const bool in_field = i >= k_checksum.offset && i < k_checksum.offset + k_checksum.width;
        signed_sum += in_field ? ' ' : static_cast<std::int8_t>(block[i]);
    }
    return *stored == checksum(block) || static_cast<std::int64_t>(*stored) == signed_sum;
}

bool all_zero(std::span<const std::uint8_t> block)
{
    return std::all_of(block.begin(), block.end(), [](std::uint8_t b) { return b == 0; });
}

// The "path" record of a pax extended header ("<len> path=<value>\n"...).
// Each record's length counts its own digits, the space and the newline, so
// a length that does not reach past its own header is malformed. Returns
// the offset of the first malformed record in `error_at` and nothing.
std::optional<std::string> pax_path(std::span<const std::uint8_t> records, std::optional<std::size_t>& error_at)
{
    std::size_t at = 0;
    while (at < records.size()) {
        std::size_t length = 0;
        std::size_t i = at;
        while (i < records.size() && records[i] >= '0' && records[i] <= '9' && length < records.size()) {
            length = length * 10 + (records[i] - '0');
            ++i;
        }
        if (i >= records.size() || records[i] != ' ' || length < i + 2 - at || length > records.size() - at) {
            // Trailing NUL padding after the last record is no record.
            if (records[at] == 0) {
                return std::nullopt;
            }
            error_at = at;
            return std::nullopt;
        }
        const std::string record(reinterpret_cast<const char*>(records.data()) + i + 1, at + length - i - 1);
        if (record.starts_with("path=") && record.ends_with('\n')) {
            return record.substr(5, record.size() - 6);
        }
        at += length;
    }
    return std::nullopt;
}

std::string trim_nul(std::span<const std::uint8_t> data)
{
    const auto* begin = reinterpret_cast<const char*>(data.data());
    return std::string(begin, strnlen(begin, data.size()));
}

} // namespace

bool is_gzip(std::span<const std::uint8_t> data)
{
    return data.size() >= 3 && data[0] == 0x1f && data[1] == 0x8b && data[2] == 8;
}

std::vector<std::uint8_t> gzip(std::span<const std::uint8_t> data)
{
    z_stream z{};
    // 15 + 16: a gzip wrapper rather than zlib's.
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw InternalError("zlib: deflateInit2 failed");
    }
    std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(data.size())) + 32);
    z.next_in = const_cast<Bytef*>(data.data());
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    const auto written = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        throw InternalError("zlib: deflate did not finish");
    }
    out.resize(written);
    return out;
}

Botan::secure_vector<std::uint8_t> gunzip(
    std::span<const std::uint8_t> data, const std::string& name, std::size_t max_size)
{
    Botan::secure_vector<std::uint8_t> out;
    z_stream z{};
    // 15 + 32: gzip or zlib, detected from the header.
    if (inflateInit2(&z, 15 + 32) != Z_OK) {
        throw InternalError("zlib: inflateInit2 failed");
    }
    z.next_in = const_cast<Bytef*>(data.data());
    z.avail_in = static_cast<uInt>(data.size());
    std::array<std::uint8_t, std::size_t{64} * 1024> chunk{};
    int rc = Z_OK;
    while (true) {
        z.next_out = chunk.data();
        z.avail_out = static_cast<uInt>(chunk.size());
        rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = chunk.size() - z.avail_out;
        if (out.size() + produced > max_size) {
            inflateEnd(&z);
            throw InputError(name + ": expands to more than " + std::to_string(max_size / (std::size_t{1024} * 1024))
                + " MiB; refused as a possible compression bomb");
        }
        out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(produced));
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members are one stream (RFC 1952 2.2).
            if (z.avail_in > 0 && is_gzip({z.next_in, z.avail_in})) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            inflateEnd(&z);
            throw InputError(name + ": the gzip stream is truncated");
        }
        if (rc != Z_OK) {
            const std::string why = z.msg != nullptr ? z.msg : "error " + std::to_string(rc);
            inflateEnd(&z);
            throw InputError(name + ": corrupt gzip data at byte " + std::to_string(z.total_in) + " (" + why + ")");
        }
    }
    inflateEnd(&z);
    return out;
}

std::vector<std::uint8_t> write_tar_gz(const std::vector<ArchiveMember>& members)
{
    std::vector<std::uint8_t> tar;
    for (const auto& member : members) {
        const auto block = header(member);
        tar.insert(tar.end(), block.begin(), block.end());
        if (!member.directory) {
            tar.insert(tar.end(), member.data.begin(), member.data.end());
            tar.resize(tar.size() + (k_block - member.data.size() % k_block) % k_block, 0);
        }
    }
    tar.resize(tar.size() + 2 * k_block, 0);
    tar.resize((tar.size() + k_record - 1) / k_record * k_record, 0);
    return gzip(tar);
}

bool is_tar(std::span<const std::uint8_t> data)
{
    if (data.size() < k_block) {
        return false;
    }
    const auto magic = text_field(data, k_magic);
    return (magic == "ustar" || magic == "ustar ") && checksum_ok(data.first(k_block));
}

std::vector<ArchiveMember> read_tar(
    std::span<const std::uint8_t> input, const std::string& name, const ArchiveLimits& limits)
{
    Botan::secure_vector<std::uint8_t> inflated;
    std::span<const std::uint8_t> data = input;
    if (is_gzip(input)) {
        inflated = gunzip(input, name, limits.max_total);
        data = inflated;
    }
    const auto fail = [&name](std::size_t offset, const std::string& what) {
        return InputError(name + ": " + what + " (tar header at byte " + std::to_string(offset) + ")");
    };
    std::vector<ArchiveMember> members;
    std::optional<std::string> long_name;
    std::size_t at = 0;
    while (true) {
        if (at + k_block > data.size()) {
            if (at == data.size() && !members.empty()) {
                break; // no end-of-archive blocks: tolerated, as GNU tar does
            }
            throw fail(at, "truncated: the archive ends inside a header");
        }
        const std::size_t header_at = at;
        const auto block = data.subspan(at, k_block);
        if (all_zero(block)) {
            break;
        }
        if (!checksum_ok(block)) {
            throw fail(
                at, members.empty() && at == 0 ? "not a tar archive (bad header checksum)" : "bad header checksum");
        }
        const auto size = number_field(block, k_size);
        if (!size || *size > data.size() - at - k_block) {
            throw fail(at, "truncated: a member's size goes past the end of the archive");
        }
        const auto payload = data.subspan(at + k_block, static_cast<std::size_t>(*size));
        const char type = static_cast<char>(block[k_typeflag]);
        at += k_block + (static_cast<std::size_t>(*size) + k_block - 1) / k_block * k_block;
        if (type == 'L') {
            long_name = trim_nul(payload);
            continue;
        }
        if (type == 'x') {
            std::optional<std::size_t> bad_record;
            long_name = pax_path(payload, bad_record);
            if (bad_record) {
                throw fail(header_at,
                    "malformed pax extended header: the record at byte "
                        + std::to_string(header_at + k_block + *bad_record)
                        + " has a length shorter than its own header");
            }
            continue;
        }
        if (type == 'g') {
            continue;
        }
        std::string path = long_name ? *long_name : text_field(block, k_name);
        if (!long_name && text_field(block, k_magic).starts_with("ustar")) {
            const auto prefix = text_field(block, k_prefix);
            if (!prefix.empty()) {
                path = prefix + "/" + path;
            }
        }
        long_name.reset();
        const bool directory = type == '5';
        if (type != '0' && type != '\0' && type != '7' && !directory) {
            continue; // links, devices, FIFOs: nothing to read
        }
        if (members.size() >= limits.max_members) {
            throw fail(at, "more than " + std::to_string(limits.max_members) + " members");
        }
        ArchiveMember member;
        member.path = path;
        member.directory = directory;
        member.mode = static_cast<unsigned>(number_field(block, k_mode).value_or(0) & 07777);
        member.mtime = static_cast<UnixTime>(number_field(block, k_mtime).value_or(0));
        if (!directory) {
            member.data.assign(payload.begin(), payload.end());
        }
        members.push_back(std::move(member));
    }
    return members;
}

} // namespace pkitool::util
