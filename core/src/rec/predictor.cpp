#include "movienet/rec/predictor.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "movienet/base/error.h"
#include "movienet/base/format_number.h"

namespace movienet {

Predictor::Predictor(RatingModel model) : model_(std::move(model)), all_movies_(static_cast<size_t>(model_.catalogue.size())) {
    std::iota(all_movies_.begin(), all_movies_.end(), 0);
    scorer_ = model_.arch->make_scorer();
}

void Predictor::score(const ResolvedHistory& history, const int* movies, int count, float* out) const {
    scorer_->score(history, movies, count, out);
}

float Predictor::clamp(float score) const { return std::min(model_.scale.max, std::max(model_.scale.min, score)); }

ResolvedHistory Predictor::resolve(const std::vector<HistoryEntry>& history) const {
    for (size_t k = 0; k < history.size(); ++k) {
        const float r = history[k].rating;
        if (!std::isfinite(r) || r < model_.scale.min || r > model_.scale.max)
            throw Error(ErrorCode::BadInput, "history[" + std::to_string(k) + "].rating: " + format_number(r) +
                                                 " is outside the model's scale " + format_number(model_.scale.min) +
                                                 ".." + format_number(model_.scale.max));
    }
    return resolve_history(model_.catalogue, history);
}

std::vector<float> Predictor::predict(const std::vector<HistoryEntry>& history, const std::vector<int32_t>& movie_ids,
                                      PredictStats* stats) const {
    const ResolvedHistory resolved = resolve(history);
    std::vector<int> known;
    std::vector<size_t> slots;
    for (size_t k = 0; k < movie_ids.size(); ++k) {
        const int index = model_.catalogue.find(movie_ids[k]);
        if (index >= 0) {
            known.push_back(index);
            slots.push_back(k);
        }
    }
    std::vector<float> out(movie_ids.size(), clamp(model_.viewer_baseline(resolved)));
    std::vector<float> scores(known.size());
    if (!known.empty()) score(resolved, known.data(), static_cast<int>(known.size()), scores.data());
    for (size_t k = 0; k < known.size(); ++k) out[slots[k]] = clamp(scores[k]);
    if (stats) *stats = {resolved.unknown, resolved.duplicates, movie_ids.size() - known.size()};
    return out;
}

std::vector<float> Predictor::predict_all(const std::vector<HistoryEntry>& history, PredictStats* stats) const {
    const ResolvedHistory resolved = resolve(history);
    std::vector<float> scores(all_movies_.size());
    score(resolved, all_movies_.data(), static_cast<int>(all_movies_.size()), scores.data());
    for (auto& s : scores) s = clamp(s);
    if (stats) *stats = {resolved.unknown, resolved.duplicates, 0};
    return scores;
}

std::vector<Recommendation> Predictor::recommend(const std::vector<HistoryEntry>& history, int k,
                                                 const std::vector<int32_t>& exclude, PredictStats* stats,
                                                 int min_ratings) const {
    if (k < 0) throw Error(ErrorCode::BadInput, "k: must be >= 0, got " + std::to_string(k));
    if (min_ratings < 0) throw Error(ErrorCode::BadInput, "min_ratings: must be >= 0, got " + std::to_string(min_ratings));
    const ResolvedHistory resolved = resolve(history);
    std::vector<float> raw(all_movies_.size());
    score(resolved, all_movies_.data(), static_cast<int>(all_movies_.size()), raw.data());
    std::vector<uint8_t> skip(all_movies_.size(), 0);
    for (int i : resolved.items) skip[static_cast<size_t>(i)] = 1;
    for (int32_t id : exclude) {
        const int i = model_.catalogue.find(id);
        if (i >= 0) skip[static_cast<size_t>(i)] = 1;
    }
    std::vector<int> candidates;
    for (int i : all_movies_)
        if (!skip[static_cast<size_t>(i)] && model_.catalogue.rating_counts[static_cast<size_t>(i)] >= min_ratings)
            candidates.push_back(i);
    // Rank by the raw score so that movies clamped at the top of the scale stay ordered.
    const size_t n = std::min(candidates.size(), static_cast<size_t>(k));
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<long>(n), candidates.end(), [&](int a, int b) {
        return raw[static_cast<size_t>(a)] > raw[static_cast<size_t>(b)] || (raw[static_cast<size_t>(a)] == raw[static_cast<size_t>(b)] && a < b);
    });
    std::vector<Recommendation> top;
    for (size_t r = 0; r < n; ++r) {
        const int i = candidates[r];
        top.push_back({model_.catalogue.ids[static_cast<size_t>(i)], clamp(raw[static_cast<size_t>(i)]), i});
    }
    if (stats) *stats = {resolved.unknown, resolved.duplicates, 0};
    return top;
}

}  // namespace movienet
