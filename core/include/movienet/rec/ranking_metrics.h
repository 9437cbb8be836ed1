// Top-k ranking metrics under the NCF leave-one-out protocol (He et al.,
// "Neural Collaborative Filtering", 2017): per user, the latest rating is the
// held-out positive; it is ranked among sampled movies the user has not
// rated; HR@k and NDCG@k average over users.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "movienet/data/catalogue.h"
#include "movienet/data/dataset.h"
#include "movienet/rec/history.h"

namespace movienet {

// One user's test case. The model sees `history` only (never the positive).
struct LeaveOneOutCase {
    int32_t user = 0;             // raw id
    ResolvedHistory history;      // the user's other ratings, dense indices, input order
    int positive = -1;            // dense index of the held-out movie
    float positive_rating = 0;
    std::vector<int> negatives;   // dense indices of sampled movies the user has not rated
};

// Builds one case per user, users in ascending id order. Ratings of movies the
// catalogue lacks are ignored. The positive is the user's latest rating by
// timestamp (ties: the later one in the input); users with fewer than two
// known ratings are skipped (no history left). `negatives` movies are drawn
// uniformly without replacement from the catalogue movies the user has not
// rated in `ratings` (all of them when fewer are available), with a
// std::mt19937_64 seeded from `seed` and the user id and our own integer
// sampling, so cases are identical on every platform and do not depend on
// which other users are present. Error(BadInput) if negatives < 0.
std::vector<LeaveOneOutCase> make_leave_one_out_cases(const std::vector<Rating>& ratings,
                                                      const Catalogue& catalogue, int negatives,
                                                      uint64_t seed);

struct RankingResult {
    int k = 10;
    double hit_rate = 0;  // share of users whose positive ranks in the top k
    double ndcg = 0;      // mean over users of 1/log2(rank + 2) when rank < k, else 0
    size_t users = 0;
};

// Metrics from the 0-based rank of each user's positive among its candidates.
// Error(BadInput) if k < 1 or a rank is negative.
RankingResult ranking_from_ranks(const std::vector<int>& ranks, int k);

// 0-based rank of the positive: the number of negatives scoring at least as
// high. Ties are pessimistic (a tied negative ranks above the positive), so
// a constant scorer gets rank = number of negatives, never a free hit.
// Error(BadInput) if any score is NaN.
int positive_rank(float positive_score, const float* negative_scores, size_t count);

// Fills `scores` (already sized to candidates.size()) with the model's scores
// for `candidates` (dense indices; candidates[0] is the positive, the rest
// the negatives), given the case's history.
using RankingScorer =
    std::function<void(const LeaveOneOutCase&, const std::vector<int>& candidates, std::vector<float>& scores)>;

// Scores every case and returns HR@k and NDCG@k. Error(BadInput) if the
// scorer leaves a score NaN or resizes `scores`.
RankingResult evaluate_ranking(const std::vector<LeaveOneOutCase>& cases, int k, const RankingScorer& scorer);

}  // namespace movienet
