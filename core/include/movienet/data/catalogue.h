// The movies a rating model knows, with what its features need: ids, titles,
// genres, years and training-set statistics. Everything here ships inside the
// model file, so a browser needs nothing else to predict.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
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
    std::unordered_map<int32_t, int> index_;
};

// The catalogue of a dataset (its movie list, or the ids seen in `ratings`
// when it has none), with counts from the training ratings.
Catalogue make_catalogue(const Dataset& dataset, const std::vector<Rating>& training);

}  // namespace movienet
