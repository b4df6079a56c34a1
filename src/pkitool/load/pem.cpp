#include "pkitool/load/pem.hpp"

#include "pkitool/error.hpp"
#include "pkitool/util/base64.hpp"
#include "pkitool/util/password.hpp"

#include <botan/base64.h>
#include <botan/exceptn.h>

#include <algorithm>
#include <optional>
#include <string_view>

namespace pkitool::load {

namespace {

constexpr std::string_view k_begin = "-----BEGIN ";
constexpr std::string_view k_end = "-----END ";
constexpr std::string_view k_dashes = "-----";

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// The label of a "-----BEGIN X-----" (or END) line, or nothing.
bool boundary_label(std::string_view line, std::string_view prefix, std::string& label)
{
    if (line.size() < prefix.size() + k_dashes.size() || line.substr(0, prefix.size()) != prefix
        || line.substr(line.size() - k_dashes.size()) != k_dashes) {
        return false;
    }
    label = std::string(line.substr(prefix.size(), line.size() - prefix.size() - k_dashes.size()));
    return true;
}

bool is_base64_line(std::string_view line)
{
    return std::all_of(line.begin(), line.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
            || c == '=';
    });
}

std::vector<std::string_view> split_lines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

std::string_view as_text(std::span<const std::uint8_t> data)
{
    std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    return text;
}

} // namespace

std::string pem_encode(std::span<const std::uint8_t> der, const std::string& label)
{
    const std::string b64 = Botan::base64_encode(der.data(), der.size());
    std::string out = "-----BEGIN " + label + "-----\n";
    for (std::size_t i = 0; i < b64.size(); i += 64) {
        out += b64.substr(i, 64) + "\n";
    }
    return out + "-----END " + label + "-----\n";
}

bool is_certificate_label(std::string_view label)
{
    return label == "CERTIFICATE" || label == "X509 CERTIFICATE";
}

bool looks_like_pem(std::span<const std::uint8_t> data)
{
    const auto text = as_text(data);
    const std::size_t pos = text.find(k_begin);
    return pos != std::string_view::npos && text.find(k_dashes, pos + k_begin.size()) != std::string_view::npos;
}

std::vector<PemBlock> parse_pem(std::span<const std::uint8_t> data, const std::string& name)
{
    const auto lines = split_lines(as_text(data));
    std::vector<PemBlock> blocks;

    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string label;
        if (!boundary_label(trim(lines[i]), k_begin, label)) {
            continue;
        }
        PemBlock block;
        block.label = label;
        block.line = i + 1;
        const std::string where = name + ":" + std::to_string(block.line);
        // The first problem of the block; later lines are skipped up to its end.
        const auto fail = [&block](std::string message) {
            if (block.error.empty()) {
                block.error = std::move(message);
            }
        };

        // The base64 of a key is as secret as the key.
        util::SecretString base64;
        bool in_headers = true;
        bool ended = false;
        for (++i; i < lines.size(); ++i) {
            const auto line = trim(lines[i]);
            std::string end_label;
            if (boundary_label(line, k_end, end_label)) {
                if (end_label != label) {
                    fail(name + ":" + std::to_string(i + 1) + ": END " + end_label + " closes the BEGIN " + label
                        + " block of line " + std::to_string(block.line));
                }
                ended = true;
                break;
            }
            if (std::string begin_label; boundary_label(line, k_begin, begin_label)) {
                // The next block starts here; read it on the next turn.
                fail(where + ": BEGIN " + label + " has no END line before the BEGIN " + begin_label + " of line "
                    + std::to_string(i + 1));
                --i;
                ended = true;
                break;
            }
            const auto colon = line.find(':');
            if (in_headers && colon != std::string_view::npos) {
                block.headers.emplace_back(
                    std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
                continue;
            }
            in_headers = false;
            if (!is_base64_line(line)) {
                fail(name + ":" + std::to_string(i + 1) + ": not base64 inside the " + label + " block of line "
                    + std::to_string(block.line));
                continue;
            }
            base64 += line;
        }
        if (!ended) {
            fail(where + ": BEGIN " + label + " has no END line (truncated?)");
        }
        if (block.error.empty()) {
            std::optional<std::size_t> size;
            block.der.resize(util::base64_max_decoded(base64.size()));
            if (is_certificate_label(label)) {
                size = util::decode_public_base64(base64, block.der);
            } else {
                try {
                    size = Botan::base64_decode(block.der.data(), base64.data(), base64.size(), false);
                } catch (const Botan::Exception&) {
                }
            }
            if (!size) {
                fail(
                    where + ": bad base64 in the " + label + " block (a length or padding that base64 does not allow)");
            } else if (*size == 0) {
                fail(where + ": the " + label + " block is empty");
            }
            block.der.resize(size.value_or(0));
        }
        if (!block.error.empty()) {
            block.der.clear();
        }
        blocks.push_back(std::move(block));
    }
    return blocks;
}

} // namespace pkitool::load
