// pkitool: turns arguments into library calls; everything else lives in
// libpkitool. The subcommands are registered in app.cpp, one add_<name>
// per src/cli/cmd_<name>.cpp.
#include "app.hpp"
#include "locked_pool.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv)
{
    pkitool::cli::use_small_locked_pool();
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
