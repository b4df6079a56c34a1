// Where the tests find their data and the built binary. Meson passes both
// in as compile-time definitions.
#pragma once

#include <string>

namespace pkitool::test {

inline std::string data_path(const std::string& relative)
{
    return std::string(PKITOOL_TEST_DATA) + "/" + relative;
}

inline std::string pkitool_binary()
{
    return PKITOOL_BINARY;
}

} // namespace pkitool::test
