// Train/test splits of a rating list: MovieLens 100K's official files,
// seeded k-fold, and per-user temporal hold-out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "movienet/data/dataset.h"

namespace movienet {

struct Split {
    std::string name;  // "u1", "fold3", "temporal"
    std::vector<Rating> train, test;
};

// ml-100k's official splits "u1".."u5", "ua", "ub": reads DIR/NAME.base and
// DIR/NAME.test (raw files, scale 1..5). Error(BadInput) for another name.
Split official_split(const std::string& dir, const std::string& name);

// The names official_split() accepts, in order.
const std::vector<std::string>& official_split_names();

// k folds named "fold1".."foldk": a seeded shuffle (std::mt19937_64 and a
// Fisher-Yates of our own, so every standard library gives the same folds)
// cuts the ratings into k near-equal parts; fold f tests on part f and
// trains on the rest. Every rating is in exactly one test part; train and
// test keep the input order. Error(BadInput) unless 2 <= k <= ratings.size().
std::vector<Split> kfold_splits(const std::vector<Rating>& ratings, int k, uint64_t seed);

// Per user, the latest ratings by timestamp (ties: the later one in the
// input) go to test: round(test_fraction * n) of a user's n ratings, at
// least 1 and at most n - 1, so a user with a single rating keeps it in
// train. Train and test keep the input order. Error(BadInput) unless
// 0 < test_fraction < 1.
Split temporal_split(const std::vector<Rating>& ratings, double test_fraction);

}  // namespace movienet
