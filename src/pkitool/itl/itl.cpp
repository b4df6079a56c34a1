#include "pkitool/itl/itl.hpp"

#include "pkitool/error.hpp"
#include "pkitool/util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace pkitool::itl {

namespace {

struct FunctionInfo {
    std::uint16_t code;
    const char* name;
    const char* option; // as --record takes it
};

constexpr std::array<FunctionInfo, 7> k_functions = {{
    {0, "SAST", "sast"},
    {1, "CCM", "ccm"},
    {2, "CCM+TFTP", "ccm+tftp"},
    {3, "TFTP", "tftp"},
    {4, "CAPF", "capf"},
    {7, "APP-SERVER", "app-server"},
    {21, "TVS", "tvs"},
}};

std::string at(std::size_t offset)
{
    return "offset " + std::to_string(offset) + ": ";
}

// Reads fields one after another, every length checked against `end`.
class Cursor {
public:
    Cursor(std::span<const std::uint8_t> data, File& file) : m_data(data), m_file(file) { }

    // One field at `pos` that must end by `end` (`what` names the region
    // for messages: "the header (388 bytes)", "record #2").
    Field field(std::size_t& pos, std::size_t end, bool header, const std::string& what)
    {
        if (++m_fields > k_max_fields) {
            throw InputError(
                at(pos) + "more than " + std::to_string(k_max_fields) + " fields; trust lists hold a few hundred");
        }
        Field f;
        f.offset = pos;
        f.tag = m_data[pos];
        const auto name = header ? header_tag_name(f.tag) : record_tag_name(f.tag);
        if (header && f.tag == tag::padding) {
            f.padding = true;
            ++pos;
            return f;
        }
        if (pos + 3 > end) {
            throw InputError(at(pos) + name + " (tag " + std::to_string(f.tag) + ") needs 3 bytes of tag and length, "
                + truncation(end, what));
        }
        const std::size_t length = (std::size_t{m_data[pos + 1]} << 8U) | m_data[pos + 2];
        const std::size_t value_end = pos + 3 + length;
        if (value_end > end) {
            throw InputError(at(pos) + name + " says " + std::to_string(length) + " bytes, which run to offset "
                + std::to_string(value_end) + ", " + truncation(end, what));
        }
        pos += 3;
        const bool container
            = header && (f.tag == tag::signer_id || f.tag == tag::signature_info || f.tag == tag::signature_algo_info);
        if (container) {
            f.container = true;
            while (pos < value_end) {
                f.children.push_back(field(pos, value_end, true, name + " (" + std::to_string(length) + " bytes)"));
            }
            return f;
        }
        f.value.assign(
            m_data.begin() + static_cast<std::ptrdiff_t>(pos), m_data.begin() + static_cast<std::ptrdiff_t>(value_end));
        pos = value_end;
        const bool known
            = header ? (f.tag >= 1 && f.tag <= 15) || f.tag == tag::signer_version : f.tag >= 1 && f.tag <= 12;
        if (!known) {
            m_file.findings.push_back({"itl.unknown-tag", Severity::note,
                std::string(header ? "header" : what) + " holds tag " + std::to_string(f.tag)
                    + ", which pkitool does not know; it is kept as it is",
                std::to_string(length) + " bytes", header ? "header" : what, f.offset});
        }
        return f;
    }

private:
    std::string truncation(std::size_t end, const std::string& what) const
    {
        if (end == m_data.size()) {
            return "but the file ends at " + std::to_string(m_data.size()) + " (truncated?)";
        }
        return "past the end of " + what + " at offset " + std::to_string(end);
    }

    std::span<const std::uint8_t> m_data;
    File& m_file;
    std::size_t m_fields = 0;
};

const Field* find_in(const std::vector<Field>& fields, std::uint8_t tag)
{
    for (const auto& f : fields) {
        if (f.tag == tag && !f.container && !f.padding) {
            return &f;
        }
        if (f.container) {
            if (const auto* inner = find_in(f.children, tag)) {
                return inner;
            }
        }
    }
    return nullptr;
}

void write_field(const Field& f, Bytes& out)
{
    out.push_back(f.tag);
    if (f.padding) {
        return;
    }
    const std::size_t length = f.size() - 3;
    out.push_back(static_cast<std::uint8_t>(length >> 8U));
    out.push_back(static_cast<std::uint8_t>(length & 0xFFU));
    if (f.container) {
        for (const auto& child : f.children) {
            write_field(child, out);
        }
    } else {
        out.insert(out.end(), f.value.begin(), f.value.end());
    }
}

} // namespace

std::string function_name(std::uint16_t code)
{
    for (const auto& f : k_functions) {
        if (f.code == code) {
            return f.name;
        }
    }
    return std::to_string(code);
}

std::string function_cli_name(std::uint16_t code)
{
    return code == 0 ? "System Administrator Security Token" : function_name(code);
}

std::uint16_t parse_function(std::string_view text)
{
    const auto wanted = util::ascii_lower(text);
    std::string accepted;
    for (const auto& f : k_functions) {
        if (wanted == f.option) {
            return f.code;
        }
        accepted += std::string(accepted.empty() ? "" : ", ") + f.option;
    }
    if (!wanted.empty() && wanted.size() <= 5 && std::all_of(wanted.begin(), wanted.end(), ::isdigit)) {
        const auto n = std::stoul(wanted);
        if (n <= 0xFFFF) {
            return static_cast<std::uint16_t>(n);
        }
    }
    throw UsageError("unknown record function \"" + std::string(text) + "\"; use one of " + accepted + " or a number");
}

std::string digest_name(std::uint8_t code)
{
    switch (code) {
    case 1: return "SHA-1";
    case 2: return "SHA-256";
    case 3: return "SHA-512";
    default: return "";
    }
}

std::string header_tag_name(std::uint8_t tag)
{
    static constexpr std::array<const char*, 16> names = {"", "VERSION", "HEADERLENGTH", "SIGNERID", "SIGNERNAME",
        "SERIALNUMBER", "CANAME", "SIGNATUREINFO", "DIGESTALGORTITHM", "SIGNATUREALGOINFO", "SIGNATUREALGORTITHM",
        "SIGNATUREMODULUS", "SIGNATURE", "PADDING", "FILENAME", "TIMESTAMP"};
    if (tag >= 1 && tag < names.size()) {
        return names[tag];
    }
    return tag == tag::signer_version ? "SIGNERVERSION" : "UNKNOWN";
}

std::string record_tag_name(std::uint8_t tag)
{
    static constexpr std::array<const char*, 13> names
        = {"", "RECORDLENGTH", "DNSNAME", "SUBJECTNAME", "FUNCTION", "ISSUERNAME", "SERIALNUMBER", "PUBLICKEY",
            "SIGNATURE", "CERTIFICATE", "IPADDRESS", "CERTHASH", "HASH ALGORITHM"};
    return tag >= 1 && tag < names.size() ? names[tag] : "UNKNOWN";
}

std::size_t Field::size() const
{
    if (padding) {
        return 1;
    }
    std::size_t n = 3;
    if (container) {
        for (const auto& child : children) {
            n += child.size();
        }
    } else {
        n += value.size();
    }
    return n;
}

std::optional<std::uint32_t> Field::number() const
{
    if (container || padding || value.empty() || value.size() > 4) {
        return std::nullopt;
    }
    std::uint32_t n = 0;
    for (const auto b : value) {
        n = (n << 8U) | b;
    }
    return n;
}

std::string Field::text() const
{
    std::string s(value.begin(), value.end());
    while (!s.empty() && s.back() == '\0') {
        s.pop_back();
    }
    return s;
}

const Field* Record::find(std::uint8_t tag) const
{
    for (const auto& f : fields) {
        if (f.tag == tag) {
            return &f;
        }
    }
    return nullptr;
}

std::optional<std::uint16_t> Record::function() const
{
    const auto* f = find(rtag::function);
    if (f == nullptr || f->value.size() != 2) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(*f->number());
}

std::string Record::subject() const
{
    const auto* f = find(rtag::subject_name);
    return f != nullptr ? f->text() : "";
}

std::string Record::issuer() const
{
    const auto* f = find(rtag::issuer_name);
    return f != nullptr ? f->text() : "";
}

std::string Record::dns_name() const
{
    const auto* f = find(rtag::dns_name);
    return f != nullptr ? f->text() : "";
}

Bytes Record::serial() const
{
    const auto* f = find(rtag::serial_number);
    return f != nullptr ? f->value : Bytes{};
}

const Bytes* Record::certificate() const
{
    const auto* f = find(rtag::certificate);
    return f != nullptr && !f->value.empty() ? &f->value : nullptr;
}

const Field* File::header_field(std::uint8_t tag) const
{
    return find_in(header, tag);
}

std::size_t File::header_length() const
{
    const auto* f = header_field(tag::header_length);
    return f != nullptr && f->number() ? *f->number() : 0;
}

std::string File::version() const
{
    const auto* f = header_field(tag::version);
    if (f == nullptr || f->value.size() != 2) {
        return "?";
    }
    return std::to_string(f->value[0]) + "." + std::to_string(f->value[1]);
}

std::string File::signer_name() const
{
    const auto* f = header_field(tag::signer_name);
    return f != nullptr ? f->text() : "";
}

Bytes File::signer_serial() const
{
    const auto* f = header_field(tag::serial_number);
    return f != nullptr ? f->value : Bytes{};
}

std::string File::ca_name() const
{
    const auto* f = header_field(tag::ca_name);
    return f != nullptr ? f->text() : "";
}

namespace {

std::optional<std::uint8_t> one_byte(const Field* f)
{
    if (f == nullptr || f->value.size() != 1) {
        return std::nullopt;
    }
    return f->value[0];
}

} // namespace

std::optional<std::uint8_t> File::digest() const
{
    return one_byte(header_field(tag::digest_algorithm));
}

std::optional<std::uint8_t> File::signature_algorithm() const
{
    return one_byte(header_field(tag::signature_algorithm));
}

std::optional<std::uint8_t> File::signature_modulus() const
{
    return one_byte(header_field(tag::signature_modulus));
}

const Field* File::signature() const
{
    return header_field(tag::signature);
}

std::string File::filename() const
{
    const auto* f = header_field(tag::filename);
    return f != nullptr ? f->text() : "";
}

std::optional<std::uint32_t> File::timestamp() const
{
    const auto* f = header_field(tag::timestamp);
    if (f == nullptr || f->value.size() != 4) {
        return std::nullopt;
    }
    return f->number();
}

std::string File::kind() const
{
    return util::ascii_lower(filename()).starts_with("ctl") ? "CTL" : "ITL";
}

bool looks_like_trust_list(std::span<const std::uint8_t> data)
{
    // 01 00 02 <major> <minor> 02 00 02 <length>
    return data.size() >= 10 && data[0] == tag::version && data[1] == 0 && data[2] == 2 && data[5] == tag::header_length
        && data[6] == 0 && data[7] == 2;
}

File parse(std::span<const std::uint8_t> data)
{
    if (data.size() > k_max_file_size) {
        throw InputError("the file is " + std::to_string(data.size()) + " bytes; trust lists are read up to "
            + std::to_string(k_max_file_size) + " (phones refuse more than 64 KB)");
    }
    if (!looks_like_trust_list(data)) {
        throw InputError(
            "not an ITL or CTL file: expected VERSION (tag 1, length 2) then HEADERLENGTH (tag 2, length 2) at "
            "offset 0"
            + std::string(data.size() < 10 ? " (the file has only " + std::to_string(data.size()) + " bytes)" : ""));
    }
    File file;
    file.bytes.assign(data.begin(), data.end());
    const std::size_t header_length = (std::size_t{data[8]} << 8U) | data[9];
    if (header_length > data.size()) {
        throw InputError("truncated header: HEADERLENGTH (offset 5) says " + std::to_string(header_length)
            + " bytes, but the file has " + std::to_string(data.size()));
    }
    if (header_length < 10) {
        throw InputError("HEADERLENGTH (offset 5) says " + std::to_string(header_length)
            + " bytes, less than its own end at offset 10");
    }
    Cursor cursor(data, file);
    const std::string header_what = "the header (HEADERLENGTH " + std::to_string(header_length) + ")";
    std::size_t pos = 0;
    while (pos < header_length) {
        file.header.push_back(cursor.field(pos, header_length, true, header_what));
    }
    if (file.signature() == nullptr) {
        throw InputError("the header (" + std::to_string(header_length)
            + " bytes) has no SIGNATURE (tag 12): the file is not signed and no phone accepts it");
    }
    if (header_length % 4 != 0) {
        file.findings.push_back({"itl.header-not-aligned", Severity::note,
            "the header length is not a multiple of 4 (CUCM pads it with tag 13 bytes)", std::to_string(header_length),
            "header", 5});
    }
    while (pos < data.size()) {
        if (file.records.size() == k_max_records) {
            throw InputError(
                at(pos) + "more than " + std::to_string(k_max_records) + " records; phones hold about 39 certificates");
        }
        Record record;
        record.offset = pos;
        const auto number = "record #" + std::to_string(file.records.size() + 1);
        if (pos + 5 > data.size() || data[pos] != rtag::record_length || data[pos + 1] != 0 || data[pos + 2] != 2) {
            throw InputError(at(pos) + number + " must begin with RECORDLENGTH (tag 1, length 2), found "
                + (pos + 5 > data.size() ? "only " + std::to_string(data.size() - pos) + " bytes before the end"
                                         : "tag " + std::to_string(data[pos])));
        }
        record.length = (std::size_t{data[pos + 3]} << 8U) | data[pos + 4];
        if (record.length < 5) {
            throw InputError(at(pos) + number + ": RECORDLENGTH says " + std::to_string(record.length)
                + " bytes, less than the RECORDLENGTH field itself (5)");
        }
        const std::size_t end = pos + record.length;
        if (end > data.size()) {
            throw InputError(at(pos) + number + ": RECORDLENGTH says " + std::to_string(record.length)
                + " bytes, which run to offset " + std::to_string(end) + ", past the end of the file at "
                + std::to_string(data.size()));
        }
        while (pos < end) {
            record.fields.push_back(cursor.field(pos, end, false, number));
        }
        file.records.push_back(std::move(record));
    }
    return file;
}

Bytes serialize(const File& file)
{
    Bytes out;
    for (const auto& f : file.header) {
        write_field(f, out);
    }
    for (const auto& r : file.records) {
        for (const auto& f : r.fields) {
            write_field(f, out);
        }
    }
    return out;
}

Bytes signed_bytes(const File& file)
{
    const auto* sig = file.signature();
    if (sig == nullptr) {
        throw InternalError("signed_bytes: no signature field");
    }
    Bytes out(file.bytes.begin(), file.bytes.begin() + static_cast<std::ptrdiff_t>(sig->offset));
    out.insert(
        out.end(), file.bytes.begin() + static_cast<std::ptrdiff_t>(sig->offset + sig->size()), file.bytes.end());
    return out;
}

} // namespace pkitool::itl
