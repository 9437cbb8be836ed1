// The movies a rating model knows, with what its features need: ids, titles,
// genres, years and training-set statistics. Everything here ships inside the
// model file, so a browser needs nothing else to predict.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "movienet/data/dataset.h"

namespace movienet {

struct Catalogue {
    std::vector<int32_t> ids;
    std::vector<std::string> titles;
    std::vector<int> years;                  // 0 = unknown
    std::vector<std::vector<int>> genres;    // indices into genre_names
    std::vector<std::string> genre_names;
    std::vector<int> rating_counts;          // in the training ratings

    int size() const { return static_cast<int>(ids.size()); }
    // Dense index of a raw movie id, or -1.
    int find(int32_t id) const;
    void rebuild_index();

private:
    // Open addressing with linear probing, written here because
    // std::unordered_map costs movienet.wasm some 2 KB (prime tables, nodes).
    // Slots hold index + 1 (0 = empty); the capacity is a power of two.
    std::vector<std::pair<int32_t, int>> slots_;
    int shift_ = 32;  // 32 - log2(capacity): Fibonacci hashing keeps the top bits
    std::size_t slot_of(int32_t id) const;
};

// The catalogue of a dataset (its movie list, or the ids seen in `ratings`
// when it has none), with counts from the training ratings.
Catalogue make_catalogue(const Dataset& dataset, const std::vector<Rating>& training);

}  // namespace movienet
