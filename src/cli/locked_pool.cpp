#include "locked_pool.hpp"

#include <cstdlib>

namespace pkitool::cli {

namespace {

constexpr const char* k_variable = "BOTAN_MLOCK_POOL_SIZE";

// Whether the user set the variable, seen before pkitool sets it.
bool user_set()
{
    static const bool set = std::getenv(k_variable) != nullptr;
    return set;
}

void set_pool(const char* kib)
{
    if (!user_set()) {
        ::setenv(k_variable, kib, 1);
    }
}

} // namespace

void use_small_locked_pool()
{
    set_pool("16");
}

void use_no_locked_pool()
{
    set_pool("0");
}

} // namespace pkitool::cli
