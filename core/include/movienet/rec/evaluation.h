// Accuracy of a rating model on held-out ratings, each viewer described only
// by their ratings in a history set.
#pragma once

#include <vector>

#include "movienet/data/dataset.h"
#include "movienet/rec/rating_model.h"

namespace movienet {

struct RatingMetrics {
    double rmse = 0, mae = 0;
    size_t count = 0;
};

// RMSE and MAE of clamped predictions for `test`, each viewer described by
// their ratings in `history` (viewers without history get the cold-start path).
// Rows without a rating (watch events) are skipped on both sides; `count`
// says how many test ratings were scored. Error(NoRatingModel) for a model
// without a rating model.
RatingMetrics evaluate_ratings(const RatingModel& model, const std::vector<Rating>& history,
                               const std::vector<Rating>& test);

// The same, with the test ratings and their viewers' histories gathered once:
// a training run scores every epoch without keeping the history list (its
// fitting ratings) itself, nor regrouping it each time.
class RatingEvaluator {
public:
    RatingEvaluator(const std::vector<Rating>& history, const std::vector<Rating>& test);
    RatingMetrics evaluate(const RatingModel& model) const;

private:
    struct Viewer {
        size_t history_begin, history_end;  // into history_
        size_t test_begin, test_end;        // into test_
    };
    std::vector<HistoryEntry> history_;
    std::vector<HistoryEntry> test_;  // movie and rating of each test row
    std::vector<Viewer> viewers_;
};

}  // namespace movienet
