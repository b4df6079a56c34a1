// The renderers of `pkitool itl`: the compact listing, the `show itl` /
// `show ctl` lookalike, verify, diff and check, each as text and JSON.
#pragma once

#include "pkitool/itl/check.hpp"
#include "pkitool/itl/itl.hpp"
#include "pkitool/itl/verify.hpp"
#include "pkitool/report/text.hpp"
#include "pkitool/toml.hpp"

#include <ostream>
#include <string>

namespace pkitool::report {

struct ItlShown {
    std::string path;
    const itl::File* file = nullptr;
    itl::SignatureStatus signature;
};

// One object of {"schema": "pkitool-itl/1", "files": [...]} (README, "itl").
toml::table itl_file_json(const ItlShown& shown);
void itl_show_text(std::ostream& out, const ItlShown& shown, const TextStyle& style);
// What CUCM's `show itl` / `show ctl` prints for the file, line for line.
void itl_cli_text(std::ostream& out, const ItlShown& shown);

toml::table itl_verify_json(
    const std::string& path, const itl::File& file, const itl::Verification& v, util::UnixTime at);
void itl_verify_text(std::ostream& out, const std::string& path, const itl::File& file, const itl::Verification& v,
    const TextStyle& style);

toml::table itl_diff_json(const std::string& old_path, const std::string& new_path, const itl::Diff& d);
void itl_diff_text(std::ostream& out, const std::string& old_path, const std::string& new_path, const itl::Diff& d,
    const TextStyle& style);

// `what` is the NEW file's path or the plan as given.
toml::table itl_check_json(const std::string& current, const std::string& what, const itl::Prediction& p);
void itl_check_text(std::ostream& out, const std::string& current, const std::string& what, const itl::Prediction& p,
    const TextStyle& style);

} // namespace pkitool::report
