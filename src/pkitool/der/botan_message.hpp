// Botan's exception texts in pkitool's words: what a user can act on,
// without the library's source file, function name or internal prefixes.
#pragma once

#include <exception>
#include <string>

namespace pkitool::der {

// The problem Botan reports in `e`: its "BER:" and "Invalid argument"
// prefixes and the " in function:src/lib/....cpp" it appends to argument
// checks are dropped, and the decoding errors met in practice are
// reworded ("the data ends inside a value (truncated)").
std::string botan_message(const std::exception& e);

} // namespace pkitool::der
