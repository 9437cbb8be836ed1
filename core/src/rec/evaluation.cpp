#include "movienet/rec/evaluation.h"

#include <algorithm>
#include <unordered_map>

#include "movienet/nn/metrics.h"

namespace movienet {

RatingMetrics evaluate_ratings(const RatingModel& model, const std::vector<Rating>& history,
                               const std::vector<Rating>& test) {
    if (!model.has_rating_model()) throw_no_rating_model("evaluate ratings");
    std::unordered_map<int32_t, std::vector<HistoryEntry>> by_user;
    for (const auto& r : history)
        if (has_rating(r)) by_user[r.user].push_back({r.movie, r.rating});
    std::unordered_map<int32_t, std::vector<size_t>> test_by_user;
    for (size_t k = 0; k < test.size(); ++k)
        if (has_rating(test[k])) test_by_user[test[k].user].push_back(k);
    ErrorSums errors;
    std::vector<int> movies;
    std::vector<float> scores;
    for (const auto& [user, indices] : test_by_user) {
        const auto it = by_user.find(user);
        const ResolvedHistory resolved =
            resolve_history(model.catalogue, it == by_user.end() ? std::vector<HistoryEntry>{} : it->second);
        movies.clear();
        for (size_t k : indices) movies.push_back(model.catalogue.find(test[k].movie));
        // Movies outside the catalogue (index -1) get the viewer's baseline, as in Predictor.
        std::vector<int> known;
        for (int m : movies)
            if (m >= 0) known.push_back(m);
        scores.resize(known.size());
        if (!known.empty()) model.score(resolved, known.data(), static_cast<int>(known.size()), scores.data());
        size_t next = 0;
        for (size_t j = 0; j < indices.size(); ++j) {
            float prediction = movies[j] >= 0 ? scores[next++] : model.viewer_baseline(resolved);
            prediction = std::min(model.scale.max, std::max(model.scale.min, prediction));
            errors.add(prediction, test[indices[j]].rating);
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
