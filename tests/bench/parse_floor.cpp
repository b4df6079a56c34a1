// The floor under `pkitool report`: the same certificate files read by
// Botan alone, with nothing pkitool adds (no lenient decoding, no
// classification, no lint, no output). Every file is read into memory
// first (untimed); then, on JOBS threads over the files as report reads
// them, every PEM block is decoded by Botan::PEM_Code and parsed by
// Botan::X509_Certificate. Prints the seconds and the certificates parsed.
//
//   parse_floor JOBS FILE...
#include "pkitool/util/file.hpp"
#include "pkitool/util/parallel.hpp"

#include <botan/data_src.h>
#include <botan/exceptn.h>
#include <botan/pem.h>
#include <botan/x509cert.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    using namespace pkitool;
    if (argc < 3) {
        std::fprintf(stderr, "usage: parse_floor JOBS FILE...\n");
        return 2;
    }
    const auto jobs = static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10));
    std::vector<Botan::secure_vector<std::uint8_t>> files;
    for (int i = 2; i < argc; ++i) {
        files.push_back(util::read_input(argv[i]));
    }
    std::atomic<std::size_t> parsed{0};
    const auto start = std::chrono::steady_clock::now();
    util::parallel_for<int>(files.size(), jobs, [&](std::size_t i, int&) {
        Botan::DataSource_Memory source(files[i]);
        std::size_t n = 0;
        while (!source.end_of_data()) {
            std::string label;
            const auto der = Botan::PEM_Code::decode(source, label);
            Botan::DataSource_Memory block(der);
            const Botan::X509_Certificate cert(block);
            n += cert.serial_number().empty() ? 0 : 1;
            // What follows the last END line (a newline) holds no block.
            std::uint8_t next = 0;
            while (source.peek(&next, 1, 0) == 1 && (next == '\n' || next == '\r')) {
                source.discard_next(1);
            }
        }
        parsed += n;
        return true;
    });
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("%.6f %zu\n", took.count(), parsed.load());
    return 0;
}
