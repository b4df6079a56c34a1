// The precompiled header of -Dbotan_amalgamation builds: botan_all.h is
// 23,000 lines and every unit includes it (through src/botan_shim/botan),
// so parsing it once saves most of that stage's compile time. (No
// include guard: a precompiled header is its own main file.)
#include <botan_all.h>
