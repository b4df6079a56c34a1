// A small, strict JSON reader (RFC 8259) for the files pkitool itself
// writes and reads back (csr-manifest.json): objects, arrays, strings with
// every escape, numbers, true, false, null. Bounded: nesting at most 64
// deep. Throws InputError naming the byte offset and what was expected.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::util {

struct Json {
    enum class Kind { null, boolean, number, string, array, object };
    Kind kind = Kind::null;
    bool boolean = false;
    double number = 0;
    std::string string; // UTF-8
    std::vector<Json> array; // an array's elements, or an object's members in document order
    std::string key; // a member's name, within its object

    // The member `key` of an object, or nullptr (also for non-objects).
    const Json* find(std::string_view key) const;
    // The member's string value, or "" when it is missing or no string.
    std::string text(std::string_view key) const;
};

// `name` prefixes every error message ("csr-manifest.json: byte 17: ...").
Json parse_json(std::string_view text, const std::string& name);

} // namespace pkitool::util
