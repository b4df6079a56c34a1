// Sorting by a key that is costly to build (strings, tuples of them): each
// element's key is built once, not at every comparison.
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

namespace pkitool::util {

// Sorts `items` by `key(item)`; elements with equal keys keep their order.
template <typename T, typename KeyFn> void sort_by_key(std::vector<T>& items, KeyFn key)
{
    using Key = std::invoke_result_t<KeyFn&, const T&>;
    std::vector<std::pair<Key, std::size_t>> keys;
    keys.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        keys.emplace_back(key(items[i]), i);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<T> sorted;
    sorted.reserve(items.size());
    for (const auto& entry : keys) {
        sorted.push_back(std::move(items[entry.second]));
    }
    items = std::move(sorted);
}

} // namespace pkitool::util
