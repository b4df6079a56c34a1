// pkitool: turns arguments into library calls; everything else lives in
// libpkitool. The subcommands are registered in app.cpp, one add_<name>
// per src/cli/cmd_<name>.cpp.
#include "app.hpp"
#include "memory.hpp"

int main(int argc, char** argv)
{
    pkitool::cli::start_up();
    return pkitool::cli::run(argc, argv);
}
