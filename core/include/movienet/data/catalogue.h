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
    std::vector<int> rating_counts;          // training events: ratings and watch events without one

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

// The catalogue of a dataset (its movie list, or the ids seen in `training`
// when it has none), with counts from the training ratings.
Catalogue make_catalogue(const Dataset& dataset, const std::vector<Rating>& training);
// The same, also counting (and, without a movie list, listing) the rows of
// `events` that have no rating: watch events, which the rating model never
// sees but the will-watch head learns from. Its rated rows are ignored.
Catalogue make_catalogue(const Dataset& dataset, const std::vector<Rating>& training, const std::vector<Rating>& events);

}  // namespace movienet
