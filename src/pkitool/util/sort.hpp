// Sorting by a key that is costly to build (strings, tuples of them): each
// element's key is built once, not at every comparison, and on every
// thread; the elements then move once each, in place.
#pragma once

#include "pkitool/util/parallel.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace pkitool::util {

// Sorts `items` by `key(item)`; elements with equal keys keep their order.
// `key` runs on up to `jobs` threads (0: every core), so it must only read.
template <typename T, typename KeyFn> void sort_by_key(std::vector<T>& items, KeyFn key, unsigned jobs = 1)
{
    using Key = std::invoke_result_t<KeyFn&, const T&>;
    std::vector<std::optional<Key>> keys(items.size());
    struct NoState { };
    parallel_for<NoState>(items.size(), jobs, [&](std::size_t i, NoState&) {
        keys[i].emplace(key(std::as_const(items[i])));
        return true;
    });
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return *keys[a] < *keys[b]; });
    keys.clear();
    // Position i takes the element at order[i]: each cycle of the
    // permutation is followed once, one move per element.
    for (std::size_t start = 0; start < order.size(); ++start) {
        if (order[start] == start) {
            continue;
        }
        T held = std::move(items[start]);
        std::size_t at = start;
        while (order[at] != start) {
            const std::size_t from = order[at];
            items[at] = std::move(items[from]);
            order[at] = at;
            at = from;
        }
        items[at] = std::move(held);
        order[at] = at;
    }
}

} // namespace pkitool::util
