// toml++ is compiled once, here, instead of in every file that includes it
// (TOML_HEADER_ONLY=0 is set for the whole build), through pkitool/toml.hpp
// like everywhere else.
#define TOML_IMPLEMENTATION
#include "pkitool/toml.hpp"
