#include "pkitool/profile/toml_reader.hpp"

#include "pkitool/error.hpp"

#include <algorithm>
#include <array>
#include <numeric>

namespace pkitool::profile {

namespace {

// toml++ 3.3 (and 3.4) classify some non-ASCII characters by reaching
// __builtin_unreachable (tomlplusplus issues #190 and #295; found again by
// fuzz_toml), wherever the parser happens to look at one: outside strings,
// in multi-line strings, or in a string that follows a malformed value.
// So toml++ is only ever given ASCII. TOML 1.0 allows non-ASCII characters
// in strings and comments only: in a basic string each becomes its \u or
// \U escape (the same value), a literal string that holds one becomes the
// equivalent basic string, a comment loses it; anywhere else it is
// refused. Lines stay where they were, so toml++'s line numbers hold. A
// UTF-8 byte order mark at the start is allowed.
class AsciiToml {
public:
    AsciiToml(std::string_view text, const std::string& name) : text_(text), name_(name)
    {
        i_ = text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    }

    std::string run()
    {
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (c == '#') {
                comment();
            } else if (c == '"') {
                basic_string();
            } else if (c == '\'') {
                literal_string();
            } else if (high(c)) {
                refuse("non-ASCII character outside a string or comment (TOML allows them only in strings and "
                       "comments)");
            } else {
                copy(c);
                ++i_;
            }
        }
        return out_;
    }

private:
    std::string_view text_;
    const std::string& name_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
    std::string out_;

    static bool high(char c) { return static_cast<unsigned char>(c) >= 0x80; }

    [[noreturn]] void refuse(const std::string& what) const
    {
        throw InputError(name_ + ":" + std::to_string(line_) + ": " + what);
    }

    bool at(std::string_view s) const { return text_.substr(i_, s.size()) == s; }

    void copy(char c)
    {
        line_ += c == '\n' ? 1 : 0;
        out_ += c;
    }

    // Decodes the UTF-8 sequence at i_ (whose first byte is >= 0x80).
    char32_t code_point()
    {
        const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text_[i_ + k]); };
        const unsigned char lead = byte(0);
        const std::size_t n = lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : (lead >= 0xC0 ? 2 : 0));
        if (n == 0 || lead > 0xF4 || i_ + n > text_.size()) {
            refuse("a string holds bytes that are not UTF-8");
        }
        char32_t cp = lead & (0x7FU >> n);
        for (std::size_t k = 1; k < n; ++k) {
            if ((byte(k) & 0xC0U) != 0x80U) {
                refuse("a string holds bytes that are not UTF-8");
            }
            cp = (cp << 6U) | (byte(k) & 0x3FU);
        }
        static constexpr std::array<char32_t, 5> k_least = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < k_least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) {
            refuse("a string holds bytes that are not UTF-8");
        }
        i_ += n;
        return cp;
    }

    void escape(char32_t cp)
    {
        static constexpr std::string_view k_hex = "0123456789ABCDEF";
        const unsigned digits = cp > 0xFFFF ? 8 : 4;
        out_ += digits == 8 ? "\\U" : "\\u";
        for (unsigned k = digits; k-- > 0;) {
            out_ += k_hex[(cp >> (k * 4)) & 0xFU];
        }
    }

    void comment()
    {
        for (; i_ < text_.size() && text_[i_] != '\n'; ++i_) {
            if (!high(text_[i_])) {
                out_ += text_[i_];
            }
        }
    }

    void basic_string()
    {
        const std::string_view close = at("\"\"\"") ? "\"\"\"" : "\"";
        out_ += close;
        i_ += close.size();
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (high(c)) {
                escape(code_point());
            } else if (c == '\n' && close.size() == 1) {
                return; // unterminated: toml++ says so, with the line
            } else if (c == '\\' && i_ + 1 < text_.size()) {
                if (high(text_[i_ + 1])) {
                    refuse("a string holds a backslash before a non-ASCII character, which is no escape");
                }
                copy(c);
                copy(text_[i_ + 1]);
                i_ += 2;
            } else if (at(close)) {
                out_ += close;
                i_ += close.size();
                return;
            } else {
                copy(c);
                ++i_;
            }
        }
    }

    // A literal string is copied as it is, unless it holds a non-ASCII
    // character: then it is written as the basic string of the same value.
    void literal_string()
    {
        const bool multi = at("'''");
        const std::string_view close = multi ? "'''" : "'";
        const std::size_t start = i_ + close.size();
        std::size_t end = start;
        while (end < text_.size() && text_.substr(end, close.size()) != close && (multi || text_[end] != '\n')) {
            ++end;
        }
        const bool closed = end < text_.size() && text_.substr(end, close.size()) == close;
        const std::string_view body = text_.substr(start, end - start);
        if (!closed || std::none_of(body.begin(), body.end(), high)) {
            for (const std::size_t stop = closed ? end + close.size() : end; i_ < stop; ++i_) {
                if (high(text_[i_])) {
                    refuse("non-ASCII character in an unterminated literal string");
                }
                copy(text_[i_]);
            }
            return;
        }
        const std::string_view quotes = multi ? "\"\"\"" : "\"";
        out_ += quotes;
        for (i_ = start; i_ < end;) {
            const char c = text_[i_];
            if (high(c)) {
                escape(code_point());
                continue;
            }
            if (c == '\\' || c == '"') {
                out_ += '\\';
            }
            copy(c);
            ++i_;
        }
        out_ += quotes;
        i_ = end + close.size();
    }
};

} // namespace

toml::table parse_toml(std::string_view text, const std::string& name)
{
    const std::string ascii = AsciiToml(text, name).run();
    try {
        return toml::parse(ascii, name);
    } catch (const toml::parse_error& e) {
        throw InputError(name + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
    } catch (const TomlCheckFailed&) {
        throw InputError(name + ": not valid TOML (the parser stopped at a malformed key or table header)");
    }
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates)
{
    const auto distance = [](std::string_view a, std::string_view b) {
        std::vector<std::size_t> row(b.size() + 1);
        std::iota(row.begin(), row.end(), 0);
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diagonal = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t above = row[j];
                const bool same = std::tolower(static_cast<unsigned char>(a[i - 1]))
                    == std::tolower(static_cast<unsigned char>(b[j - 1]));
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
                diagonal = above;
            }
        }
        return row[b.size()];
    };
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        const std::size_t d = distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

TableReader::TableReader(const toml::table& table, std::string file, std::string prefix)
    : m_table(&table), m_file(std::move(file)), m_prefix(std::move(prefix))
{
}

const toml::node* TableReader::node(std::string_view key) const
{
    return m_table->get(key);
}

std::string TableReader::where(std::string_view key) const
{
    const toml::node* n = node(key);
    const auto& source = n != nullptr ? n->source() : m_table->source();
    return m_file + ":" + std::to_string(source.begin.line);
}

void TableReader::fail(std::string_view key, const std::string& message) const
{
    throw InputError(where(key) + ": " + m_prefix + std::string(key) + ": " + message);
}

void TableReader::allow_only(std::initializer_list<std::string_view> known) const
{
    const std::vector<std::string> names(known.begin(), known.end());
    for (const auto& [key, value] : *m_table) {
        if (std::find(names.begin(), names.end(), key.str()) != names.end()) {
            continue;
        }
        std::string message = m_file + ":" + std::to_string(key.source().begin.line) + ": unknown key \"" + m_prefix
            + std::string(key.str()) + "\"";
        if (const auto guess = nearest(key.str(), names)) {
            message += " (did you mean \"" + m_prefix + *guess + "\"?)";
        }
        throw InputError(message);
    }
}

std::optional<std::string> TableReader::string(std::string_view key) const
{
    const toml::node* n = node(key);
    if (n == nullptr) {
        return std::nullopt;
    }
    if (!n->is_string()) {
        fail(key, "expected a string");
    }
    return std::string(n->as_string()->get());
}

std::string TableReader::required_string(std::string_view key) const
{
    auto value = string(key);
    if (!value) {
        throw InputError(m_file + ":" + std::to_string(m_table->source().begin.line) + ": missing key \"" + m_prefix
            + std::string(key) + "\"");
    }
    return *value;
}

std::optional<bool> TableReader::boolean(std::string_view key) const
{
    const toml::node* n = node(key);
    if (n == nullptr) {
        return std::nullopt;
    }
    if (!n->is_boolean()) {
        fail(key, "expected true or false");
    }
    return n->as_boolean()->get();
}

std::optional<std::int64_t> TableReader::integer(std::string_view key) const
{
    const toml::node* n = node(key);
    if (n == nullptr) {
        return std::nullopt;
    }
    if (!n->is_integer()) {
        fail(key, "expected a whole number");
    }
    return n->as_integer()->get();
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key) const
{
    const toml::node* n = node(key);
    if (n == nullptr) {
        return std::nullopt;
    }
    const toml::array* array = n->as_array();
    if (array == nullptr) {
        fail(key, "expected an array of strings");
    }
    std::vector<std::string> out;
    for (const auto& element : *array) {
        if (!element.is_string()) {
            fail(key, "expected an array of strings");
        }
        out.emplace_back(element.as_string()->get());
    }
    return out;
}

std::optional<TableReader> TableReader::table(std::string_view key) const
{
    const toml::node* n = node(key);
    if (n == nullptr) {
        return std::nullopt;
    }
    if (!n->is_table()) {
        fail(key, "expected a table");
    }
    return TableReader(*n->as_table(), m_file, m_prefix + std::string(key) + ".");
}

std::vector<TableReader> TableReader::tables(std::string_view key) const
{
    const toml::node* n = node(key);
    if (n == nullptr) {
        return {};
    }
    const toml::array* array = n->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        fail(key, "expected [[" + std::string(key) + "]] tables");
    }
    std::vector<TableReader> out;
    for (const auto& element : *array) {
        out.emplace_back(*element.as_table(), m_file, m_prefix + std::string(key) + ".");
    }
    return out;
}

} // namespace pkitool::profile
