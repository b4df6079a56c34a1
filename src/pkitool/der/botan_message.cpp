#include "pkitool/der/botan_message.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace pkitool::der {

namespace {

// Botan's wording (after its prefix) and pkitool's, for the decoding
// errors broken and hostile files produce.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> k_rewordings = {{
    {"Value truncated", "the data ends inside a value (truncated)"},
    {"Length field not found", "the data ends before a length (truncated)"},
    {"Long-form tag truncated", "the data ends inside a tag (truncated)"},
    {"Nested EOC markers too deep, rejecting to avoid stack exhaustion",
        "indefinite lengths nested too deep (refused to protect the stack)"},
    {"Length field is too large", "a length field of more than 4 octets"},
    {"Length field is to large", "a length field of more than 4 octets"},
    {"Corrupted length field", "a malformed length field"},
    {"Field length overflow", "a length larger than the data"},
    {"Long-form tag overflowed 32 bits", "a tag number over 32 bits"},
    {"Missing EOC marker in indefinite-length encoding", "an indefinite length without its end-of-contents octets"},
    {"Missing or malformed EOC marker", "an indefinite length without valid end-of-contents octets"},
    {"Did not find EOC marker before end of stream", "an indefinite length without its end-of-contents octets"},
}};

} // namespace

std::string botan_message(const std::exception& e)
{
    std::string text = e.what();
    // Argument checks end in " in FUNCTION:FILE" (Botan 2 and 3).
    if (const auto in = text.rfind(" in "); in != std::string::npos && text.find(".cpp", in) != std::string::npos) {
        text.erase(in);
    }
    for (const std::string_view prefix : {"Invalid argument ", "Decoding error: ", "BER: ", "Invalid BER: "}) {
        if (text.starts_with(prefix)) {
            text.erase(0, prefix.size());
        }
    }
    for (const auto& [theirs, ours] : k_rewordings) {
        if (text == theirs) {
            return std::string(ours);
        }
    }
    return text;
}

} // namespace pkitool::der
