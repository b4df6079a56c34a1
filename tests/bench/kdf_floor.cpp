// The floor under `pkitool consolidate`: the PKCS#12 key derivations of
// the given files alone. Every file is read and parsed first (untimed);
// then, on JOBS threads as consolidate uses, only the MAC check and the
// decryption of each file with the right password are timed: the key
// derivations, plus an HMAC and a decryption of a few kilobytes, which
// are negligible beside them. Prints the seconds.
//
//   kdf_floor JOBS PASSWORD FILE...
#include "pkitool/error.hpp"
#include "pkitool/pkcs12/pfx.hpp"
#include "pkitool/util/file.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv)
{
    using namespace pkitool;
    if (argc < 4) {
        std::fprintf(stderr, "usage: kdf_floor JOBS PASSWORD FILE...\n");
        return 2;
    }
    const auto jobs = static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10));
    const pkcs12::Password password = util::SecretString(argv[2]);
    std::vector<pkcs12::Pfx> files;
    try {
        for (int i = 3; i < argc; ++i) {
            files.push_back(pkcs12::Pfx::parse(util::read_input(argv[i]), pkcs12::Limits{}));
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "kdf_floor: %s\n", e.what());
        return 3;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    const auto work = [&] {
        for (auto i = next++; i < files.size(); i = next++) {
            try {
                if (files[i].mac().kind != pkcs12::MacKind::none && !files[i].verify_mac(password)) {
                    failed = true;
                }
                files[i].open(password);
            } catch (const Error&) {
                failed = true;
            }
        }
    };
    const auto start = std::chrono::steady_clock::now();
    {
        std::vector<std::jthread> threads;
        for (unsigned t = 1; t < std::max(1U, jobs); ++t) {
            threads.emplace_back(work);
        }
        work();
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (failed) {
        std::fprintf(stderr, "kdf_floor: the password does not open every file\n");
        return 4;
    }
    std::printf("%.6f\n", took.count());
    return 0;
}
