// JSON documents are built as toml++ tables and written by its JSON
// formatter, so every command's machine output escapes and nests alike.
#pragma once

#include "pkitool/toml.hpp"
#include "pkitool/util/json.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace pkitool {

// The table as one JSON document, with a final newline.
std::string to_json(const toml::table& table);

// An array of strings.
toml::array string_array(const std::vector<std::string>& values);

// A JSON object pkitool read back (util::parse_json) as a table, to write
// it again: numbers without a fraction become integers, null is left out
// (TOML has none).
toml::table to_table(const util::Json& object);

} // namespace pkitool
