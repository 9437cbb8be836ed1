#include "movienet/rec/evaluation.h"

#include <algorithm>
#include <unordered_map>

#include "movienet/nn/metrics.h"

namespace movienet {

RatingMetrics evaluate_ratings(const RatingModel& model, const std::vector<Rating>& history,
                               const std::vector<Rating>& test) {
    if (!model.has_rating_model()) throw_no_rating_model("evaluate ratings");
    return RatingEvaluator(history, test).evaluate(model);
}

RatingEvaluator::RatingEvaluator(const std::vector<Rating>& history, const std::vector<Rating>& test) {
    // Viewers in the order of this map, so the errors add up in the same order as ever.
    std::unordered_map<int32_t, std::vector<size_t>> test_by_user;
    for (size_t k = 0; k < test.size(); ++k)
        if (has_rating(test[k])) test_by_user[test[k].user].push_back(k);
    std::unordered_map<int32_t, size_t> slot;  // viewer -> index in viewers_
    for (const auto& [user, indices] : test_by_user) {
        slot.emplace(user, viewers_.size());
        Viewer v{0, 0, test_.size(), test_.size() + indices.size()};
        for (size_t k : indices) test_.push_back({test[k].movie, test[k].rating});
        viewers_.push_back(v);
    }
    // Each viewer's history in one block, in the order of `history`.
    std::vector<size_t> counts(viewers_.size(), 0);
    for (const auto& r : history) {
        const auto it = has_rating(r) ? slot.find(r.user) : slot.end();
        if (it != slot.end()) ++counts[it->second];
    }
    size_t offset = 0;
    for (size_t v = 0; v < viewers_.size(); ++v) {
        viewers_[v].history_begin = viewers_[v].history_end = offset;
        offset += counts[v];
    }
    history_.resize(offset);
    for (const auto& r : history) {
        const auto it = has_rating(r) ? slot.find(r.user) : slot.end();
        if (it != slot.end()) history_[viewers_[it->second].history_end++] = {r.movie, r.rating};
    }
}

RatingMetrics RatingEvaluator::evaluate(const RatingModel& model) const {
    if (!model.has_rating_model()) throw_no_rating_model("evaluate ratings");
    ErrorSums errors;
    std::vector<int> movies, known;
    std::vector<float> scores;
    std::vector<HistoryEntry> entries;
    for (const Viewer& v : viewers_) {
        entries.assign(history_.begin() + std::ptrdiff_t(v.history_begin), history_.begin() + std::ptrdiff_t(v.history_end));
        const ResolvedHistory resolved = resolve_history(model.catalogue, entries);
        movies.clear();
        for (size_t k = v.test_begin; k < v.test_end; ++k) movies.push_back(model.catalogue.find(test_[k].movie));
        // Movies outside the catalogue (index -1) get the viewer's baseline, as in Predictor.
        known.clear();
        for (int m : movies)
            if (m >= 0) known.push_back(m);
        scores.resize(known.size());
        if (!known.empty()) model.score(resolved, known.data(), static_cast<int>(known.size()), scores.data());
        size_t next = 0;
        for (size_t j = 0; j < movies.size(); ++j) {
            float prediction = movies[j] >= 0 ? scores[next++] : model.viewer_baseline(resolved);
            prediction = std::min(model.scale.max, std::max(model.scale.min, prediction));
            errors.add(prediction, test_[v.test_begin + j].rating);
        }
    }
    RatingMetrics metrics;
    metrics.count = errors.count;
    if (errors.count) {
        metrics.rmse = errors.rmse();
        metrics.mae = errors.mae();
    }
    return metrics;
}

}  // namespace movienet
