// One row of the ranking benchmark: a named method that fits on the training
// ratings and returns a scorer of the whole catalogue for a test case.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "movienet/data/catalogue.h"
#include "movienet/data/dataset.h"
#include "movienet/rec/ranking_metrics.h"

namespace movienet::bench {

// What every method may use: never the held-out ratings themselves.
struct RankingData {
    const Dataset& dataset;             // for the catalogue's metadata (titles, genres, years)
    const Catalogue& catalogue;         // the evaluation's catalogue: scores are in its order
    const std::vector<Rating>& training;  // every rating except each case's held-out one
    uint64_t seed;
};

struct FittedRanker {
    CatalogueScorer scorer;
    std::string note;  // printed under the table (e.g. the chosen hyper-parameters)
    // More rows from the same fit (e.g. other orderings of one model), after this one.
    std::vector<std::pair<std::string, CatalogueScorer>> more_rows;
};

struct Ranker {
    std::string name;                                   // the table's row label
    std::function<FittedRanker(const RankingData&)> fit;  // timed as the row's fit time
};

}  // namespace movienet::bench
