#include "memory.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <latch>
#include <thread>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace pkitool::cli {

namespace {

constexpr const char* k_pool_variable = "BOTAN_MLOCK_POOL_SIZE";

// Whether the user set the pool's size, seen before pkitool sets it.
bool user_set_pool()
{
    static const bool set = std::getenv(k_pool_variable) != nullptr;
    return set;
}

void set_pool(const char* kib)
{
    if (!user_set_pool()) {
        ::setenv(k_pool_variable, kib, 1);
    }
}

#if defined(__GLIBC__)
// Blocks up to this size come from the heap, not from mmap.
constexpr std::size_t k_heap_block_limit = std::size_t{1} << 30;
// The heap to advise for huge pages: virtual space only, until touched.
// glibc gives the main thread's heap any size, another thread's at most
// 64 MiB.
constexpr std::size_t k_huge_main_heap = std::size_t{512} << 20;
constexpr std::size_t k_huge_thread_heap = std::size_t{60} << 20;

// One block at the top of the calling thread's heap, advised and given
// back: it stays the heap's free top (the trim threshold is above it), and
// what is allocated next is cut from it, in huge pages as it is first
// touched. Where the system refuses, the heap is as before.
void advise_huge_pages(std::size_t size)
{
    void* block = std::malloc(size); // NOLINT(cppcoreguidelines-no-malloc): the C library's heap is what is tuned
    if (block == nullptr) {
        return;
    }
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = (reinterpret_cast<std::uintptr_t>(block) + page - 1) & ~(page - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(block) + size) & ~(page - 1);
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE); // NOLINT(performance-no-int-to-ptr)
    std::free(block); // NOLINT(cppcoreguidelines-no-malloc)
}
#endif

} // namespace

void start_up()
{
    set_pool("16");
#if defined(__GLIBC__)
    ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(k_heap_block_limit));
    ::mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * k_heap_block_limit - 1));
    ::mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}

void start_bulk_reading(unsigned threads)
{
    set_pool("0");
#if defined(__GLIBC__)
    advise_huge_pages(k_huge_main_heap);
    // The other threads' heaps: glibc gives a new thread the heap (arena)
    // a thread that ended left, so threads that each make theirs and end
    // together leave one ready for each worker to come.
    std::latch done(threads - 1);
    std::vector<std::thread> makers;
    for (unsigned t = 1; t < threads; ++t) {
        makers.emplace_back([&done] {
            advise_huge_pages(k_huge_thread_heap);
            done.arrive_and_wait();
        });
    }
    for (auto& maker : makers) {
        maker.join();
    }
#endif
}

} // namespace pkitool::cli
