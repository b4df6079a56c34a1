// A work queue over a fixed number of tasks on a few threads: what key
// generation, reading exports and writing sets share.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace pkitool::util {

// Every hardware thread when `jobs` is 0, and never fewer than one.
inline unsigned thread_count(unsigned jobs)
{
    return std::max(1U, jobs != 0 ? jobs : std::thread::hardware_concurrency());
}

// Calls task(i, state) for each i in [0, count), on up to `jobs` threads
// (0: one per hardware thread; the calling thread is one of them), each
// with its own default-constructed State (a random generator, say). A task
// that returns false, or throws, stops the handing out of further tasks;
// the first exception is rethrown here once every thread has finished.
template <typename State, typename Task> void parallel_for(std::size_t count, unsigned jobs, Task&& task)
{
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    const auto worker = [&] {
        State state;
        for (auto i = next++; i < count; i = next++) {
            try {
                if (!task(i, state)) {
                    next = count;
                    return;
                }
            } catch (...) {
                const std::lock_guard lock(failure_mutex);
                if (!failure) {
                    failure = std::current_exception();
                }
                next = count;
                return;
            }
        }
    };
    {
        std::vector<std::jthread> pool;
        for (std::size_t t = 1; t < std::min<std::size_t>(thread_count(jobs), count); ++t) {
            pool.emplace_back(worker);
        }
        worker();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

} // namespace pkitool::util
