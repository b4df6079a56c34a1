#include "pkitool/json.hpp"

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

} // namespace pkitool
