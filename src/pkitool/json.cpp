#include "pkitool/json.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>

namespace pkitool {

std::string to_json(const toml::table& table)
{
    std::ostringstream out;
    out << toml::json_formatter{table} << '\n';
    return out.str();
}

toml::array string_array(const std::vector<std::string>& values)
{
    toml::array out;
    for (const auto& v : values) {
        out.push_back(v);
    }
    return out;
}

namespace {

toml::array to_array(const util::Json& array);

// Hands `value` as a toml++ node to `add` (an array's push_back or a
// table's insert); null is left out. Arrays and objects recurse through
// to_array() and to_table(), so only two instances of this exist.
template <typename Add> void add_value(const util::Json& value, const Add& add)
{
    using Kind = util::Json::Kind;
    switch (value.kind) {
    case Kind::null: return;
    case Kind::boolean: add(value.boolean); return;
    case Kind::number:
        // A whole number within int64's range is an integer to TOML; the
        // range is checked before the cast, which is undefined outside it.
        if (std::trunc(value.number) == value.number && value.number >= -0x1p63 && value.number < 0x1p63) {
            add(static_cast<std::int64_t>(value.number));
        } else {
            add(value.number);
        }
        return;
    case Kind::string: add(value.string); return;
    case Kind::array: add(to_array(value)); return;
    case Kind::object: add(to_table(value)); return;
    }
}

toml::array to_array(const util::Json& array)
{
    toml::array out;
    for (const auto& element : array.array) {
        add_value(element, [&](auto&& node) { out.push_back(std::forward<decltype(node)>(node)); });
    }
    return out;
}

} // namespace

toml::table to_table(const util::Json& object)
{
    toml::table out;
    for (const auto& member : object.array) {
        add_value(member, [&](auto&& node) { out.insert(member.key, std::forward<decltype(node)>(node)); });
    }
    return out;
}

} // namespace pkitool
