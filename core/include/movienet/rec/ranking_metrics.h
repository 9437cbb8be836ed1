// Top-k ranking metrics under the leave-latest-out protocol: per user, the
// latest rating is the held-out positive. It is ranked among sampled movies
// the user has not rated (NCF, He et al., "Neural Collaborative Filtering",
// 2017: HR@k and NDCG@k) and among the whole catalogue minus the user's
// history (full-catalogue Recall@k and NDCG@k, which sampled metrics can rank
// differently: Krichene & Rendle, "On Sampled Metrics for Item
// Recommendation", 2020). Metrics average over users.
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
    ResolvedHistory history;      // the user's other ratings, dense indices, oldest first (ties: input order)
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

// Negatives per case of the sampled protocol (NCF samples 100 unrated movies).
constexpr int ncf_sampled_negatives = 100;

// The cases and the ratings a model may learn from when it is evaluated on
// them: every rating except each case's held-out one (all ratings of the
// user's positive movie, as the case's history leaves out repeats of it).
// Users without a case keep all their ratings; so do ratings of movies the
// catalogue lacks. `training` keeps the input order.
struct LeaveLatestOut {
    std::vector<LeaveOneOutCase> cases;
    std::vector<Rating> training;
};
LeaveLatestOut make_leave_latest_out(const std::vector<Rating>& ratings, const Catalogue& catalogue, int negatives,
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

// 0-based rank of the case's positive among every catalogue movie outside
// its history (the movies the user rated in the training data): the number
// of such movies scoring at least as high (ties pessimistic, as in
// positive_rank). `scores` holds one score per catalogue movie, in catalogue
// order. Error(BadInput) if `scores` has another size or a ranked movie's
// score is NaN (history scores are ignored).
int catalogue_rank(const LeaveOneOutCase& c, const std::vector<float>& scores);

struct CatalogueRankingResult {
    RankingResult full;     // among all unrated catalogue movies: hit_rate is Recall@k (one positive)
    RankingResult sampled;  // among the case's sampled negatives (NCF HR@k, NDCG@k)
};

// Fills `scores` (already sized to the catalogue, set to NaN) with the
// model's score of every catalogue movie for the case's history. Higher is
// better; -infinity is allowed (a movie the model cannot score ranks last).
using CatalogueScorer = std::function<void(const LeaveOneOutCase&, std::vector<float>& scores)>;

// Scores every case once over the whole catalogue and ranks its positive both
// among the unrated catalogue and among its sampled negatives, so both
// metrics come from the same scores. Error(BadInput) if k < 1, a case's
// indices lie outside [0, catalogue_size), the scorer resizes `scores` or
// leaves a ranked score NaN (the message names the user).
CatalogueRankingResult evaluate_catalogue_ranking(const std::vector<LeaveOneOutCase>& cases, int catalogue_size, int k,
                                                  const CatalogueScorer& scorer);

}  // namespace movienet
