// Strict reading of pkitool's TOML files (profiles, cluster files): every
// mistake is an InputError that names file:line and the key, unknown keys
// included ("did you mean ...").
#pragma once

#include "pkitool/toml.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::profile {

// Parses `text`; a syntax error becomes "name:line: message".
toml::table parse_toml(std::string_view text, const std::string& name);

// A view of one TOML table that knows where it came from.
class TableReader {
public:
    TableReader(const toml::table& table, std::string file, std::string prefix = {});

    // Throws for any key not in `known`, suggesting the nearest known one.
    void allow_only(std::initializer_list<std::string_view> known) const;

    std::optional<std::string> string(std::string_view key) const;
    std::string required_string(std::string_view key) const;
    std::optional<bool> boolean(std::string_view key) const;
    std::optional<std::int64_t> integer(std::string_view key) const;
    std::optional<std::vector<std::string>> strings(std::string_view key) const;
    std::optional<TableReader> table(std::string_view key) const;
    // An array of tables ([[node]]); empty when absent.
    std::vector<TableReader> tables(std::string_view key) const;

    // "file:line: key: message" for the key's line (the table's when absent).
    [[noreturn]] void fail(std::string_view key, const std::string& message) const;
    std::string where(std::string_view key) const;

private:
    const toml::node* node(std::string_view key) const;

    const toml::table* m_table;
    std::string m_file;
    std::string m_prefix; // "subject." for keys of a sub-table
};

// The candidate nearest to `word` by edit distance, if it is close enough
// to be a likely typo.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

} // namespace pkitool::profile
