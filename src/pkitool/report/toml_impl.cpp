// toml++ is compiled once, here, instead of in every file that includes it
// (TOML_HEADER_ONLY=0 is set for the whole build).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
