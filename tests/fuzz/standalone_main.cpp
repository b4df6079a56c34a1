// Replays fuzz inputs without libFuzzer (for gcc builds and the test
// suite's smoke run): each file or directory given, and a fixed set of
// mutations of each input (every truncation of short inputs, bit flips,
// duplicated and zeroed ranges) from a seeded generator, so a run is
// repeatable. With clang, -Dfuzzing=true builds the real libFuzzer target.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;

void one(const Bytes& input)
{
    LLVMFuzzerTestOneInput(input.data(), input.size());
}

std::size_t mutate(const Bytes& seed, std::mt19937& rng, int rounds)
{
    std::size_t runs = 0;
    // Every prefix of short inputs, a spread of prefixes of long ones.
    const std::size_t step = seed.size() <= 2048 ? 1 : seed.size() / 512;
    for (std::size_t n = 0; n < seed.size(); n += step) {
        one(Bytes(seed.begin(), seed.begin() + static_cast<std::ptrdiff_t>(n)));
        ++runs;
    }
    if (seed.empty()) {
        return runs;
    }
    std::uniform_int_distribution<std::size_t> pos(0, seed.size() - 1);
    for (int i = 0; i < rounds; ++i) {
        Bytes m = seed;
        switch (i % 4) {
        case 0: m[pos(rng)] ^= static_cast<std::uint8_t>(1U << (rng() % 8)); break;
        case 1: m[pos(rng)] = static_cast<std::uint8_t>(rng()); break;
        case 2: {
            const std::size_t at = pos(rng);
            const std::size_t len = std::min<std::size_t>(rng() % 64, m.size() - at);
            m.insert(m.begin() + static_cast<std::ptrdiff_t>(at), m.begin() + static_cast<std::ptrdiff_t>(at),
                m.begin() + static_cast<std::ptrdiff_t>(at + len));
            break;
        }
        default: {
            const std::size_t at = pos(rng);
            const std::size_t len = std::min<std::size_t>(rng() % 16, m.size() - at);
            std::fill_n(m.begin() + static_cast<std::ptrdiff_t>(at), len, 0xFF);
            break;
        }
        }
        one(m);
        ++runs;
    }
    return runs;
}

} // namespace

int main(int argc, char** argv)
{
    std::mt19937 rng(20261124);
    std::size_t inputs = 0;
    std::size_t runs = 0;
    for (int i = 1; i < argc; ++i) {
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(argv[i])) {
            for (const auto& e : std::filesystem::recursive_directory_iterator(argv[i])) {
                if (e.is_regular_file()) {
                    files.push_back(e.path());
                }
            }
            std::sort(files.begin(), files.end());
        } else {
            files.emplace_back(argv[i]);
        }
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            const Bytes seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            one(seed);
            runs += 1 + mutate(seed, rng, 200);
            ++inputs;
        }
    }
    std::printf("replayed %zu inputs, %zu runs, no crash\n", inputs, runs);
    return inputs > 0 ? 0 : 1;
}
