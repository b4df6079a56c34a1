#include "pkitool/profile/toml_reader.hpp"

#include "pkitool/error.hpp"

#include <algorithm>
#include <numeric>

namespace pkitool::profile {

namespace {

// TOML 1.0 allows non-ASCII characters only in strings and comments.
// toml++ 3.3 classifies some of them elsewhere by reaching
// __builtin_unreachable (found by fuzz_toml), so they are refused here, as
// they are inside multi-line strings, which no pkitool file needs. A UTF-8
// byte order mark at the start is allowed.
void refuse_non_ascii_outside_strings(std::string_view text, const std::string& name)
{
    std::size_t line = 1;
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const auto refuse = [&](const char* where) {
        throw InputError(name + ":" + std::to_string(line) + ": non-ASCII character " + where
            + " (TOML allows them only in strings and comments)");
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') {
                ++i;
            }
        } else if (c == '"' || c == '\'') {
            const std::string quote(1, c);
            const bool multi_line = text.substr(i, 3) == quote + quote + quote;
            const std::string close = multi_line ? quote + quote + quote : quote;
            i += close.size();
            while (i < text.size()) {
                if (text[i] == '\n') {
                    if (!multi_line) {
                        break; // unterminated: toml++ reports it with its line
                    }
                    ++line;
                } else if (multi_line && static_cast<unsigned char>(text[i]) >= 0x80) {
                    refuse("in a multi-line string");
                } else if (c == '"' && text[i] == '\\') {
                    ++i;
                } else if (text.substr(i, close.size()) == close) {
                    i += close.size();
                    break;
                }
                ++i;
            }
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            refuse("outside a string or comment");
        } else {
            ++i;
        }
    }
}

} // namespace

toml::table parse_toml(std::string_view text, const std::string& name)
{
    refuse_non_ascii_outside_strings(text, name);
    try {
        return toml::parse(text, name);
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
