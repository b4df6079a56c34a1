// The one way pkitool includes toml++. toml++ 3.3 guards its parser with
// assert(); a crafted file trips one (found by tests/fuzz/fuzz_toml.cpp,
// kept as tests/data/broken-toml/), which aborts a debug build and, with
// NDEBUG, becomes an optimizer assumption, that is undefined behaviour.
// Here every such check throws instead, in every build type, and the reader
// turns it into a clear input error. (Non-ASCII characters can reach
// toml++'s TOML_UNREACHABLE inside a noexcept function, so the reader gives
// toml++ ASCII only, see profile/toml_reader.cpp.) Every file must include
// toml++ through this header so that all of them see the same definitions.
#pragma once

#include <stdexcept>

namespace pkitool {

class TomlCheckFailed final : public std::logic_error {
public:
    explicit TomlCheckFailed(const char* what) : std::logic_error(what) { }
};

[[noreturn]] inline void toml_check_failed(const char* expression)
{
    throw TomlCheckFailed(expression);
}

} // namespace pkitool

#pragma push_macro("NDEBUG")
#undef NDEBUG
#undef TOML_ASSERT
#define TOML_ASSERT(expr) ((expr) ? static_cast<void>(0) : ::pkitool::toml_check_failed(#expr))
#include <toml++/toml.h>
#pragma pop_macro("NDEBUG")
