// pkitool: turns arguments into library calls; everything else lives in
// libpkitool. The subcommands are registered in app.cpp, one add_<name>
// per src/cli/cmd_<name>.cpp.
#include "app.hpp"

#include <cstdlib>

int main(int argc, char** argv)
{
    // Botan 2 sets up a 512 KiB locked-memory pool, page by page, on the
    // first secure allocation: about 4 ms per run, more than the work of a
    // typical inspect or lint. pkitool's secrets (passwords, one key) fit in
    // 16 KiB, and memory outside the pool is still wiped when freed. A value
    // the user set is kept.
    ::setenv("BOTAN_MLOCK_POOL_SIZE", "16", 0);
    return pkitool::cli::run(argc, argv);
}
