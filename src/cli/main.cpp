// pkitool: turns arguments into library calls; everything else lives in
// libpkitool. The subcommands are registered in app.cpp, one add_<name>
// per src/cli/cmd_<name>.cpp.
#include "app.hpp"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv)
{
    // Botan 2 sets up a 512 KiB locked-memory pool, page by page, on the
    // first secure allocation: about 4 ms per run, more than the work of a
    // typical inspect or lint. pkitool's secrets (passwords, one key) fit in
    // 16 KiB, and memory outside the pool is still wiped when freed. A value
    // the user set is kept.
    ::setenv("BOTAN_MLOCK_POOL_SIZE", "16", 0);
#if defined(__GLIBC__)
    // A run is short: memory freed is kept for the next allocation instead
    // of going back to the system, and big buffers come from the heap
    // rather than mmap. On the project's VMs each fresh page costs a fault
    // that is dearer than the copy it serves; consolidate's 1,000-file
    // benchmark spent a tenth of its time in them.
    ::mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    ::mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    ::mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
    return pkitool::cli::run(argc, argv);
}
