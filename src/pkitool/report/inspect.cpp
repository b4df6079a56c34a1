#include "pkitool/report/inspect.hpp"

#include "pkitool/report/views.hpp"

namespace pkitool::report {

toml::table inspect_json(const std::vector<load::FileLoad>& files)
{
    toml::array file_list;
    for (const auto& file : files) {
        toml::array items;
        for (const auto& item : file.result.items) {
            items.push_back(item_json(item));
        }
        toml::array errors;
        for (const auto& failure : file.result.failures) {
            errors.push_back(failure_json(failure));
        }
        file_list.push_back(
            toml::table{{"path", file.path}, {"items", std::move(items)}, {"errors", std::move(errors)}});
    }
    return toml::table{{"schema", "pkitool-inspect/2"}, {"files", std::move(file_list)}};
}

void inspect_text(std::ostream& out, const std::vector<load::FileLoad>& files, const TextStyle& style)
{
    bool first = true;
    for (const auto& file : files) {
        for (const auto& item : file.result.items) {
            if (!first) {
                out << '\n';
            }
            first = false;
            item_text(out, item, style);
        }
    }
}

} // namespace pkitool::report
