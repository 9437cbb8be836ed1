#include "movienet/rec/bias_baseline.h"

namespace movienet {

float BiasBaseline::predict(int32_t user, int32_t movie) const {
    float prediction = global_mean;
    if (const auto it = user_bias.find(user); it != user_bias.end()) prediction += it->second;
    if (const auto it = movie_bias.find(movie); it != movie_bias.end()) prediction += it->second;
    return prediction;
}

BiasBaseline fit_bias_baseline(const std::vector<Rating>& ratings, int iterations, float user_reg, float movie_reg) {
    BiasBaseline model;
    if (ratings.empty()) return model;
    double sum = 0;
    for (const auto& r : ratings) sum += r.rating;
    model.global_mean = static_cast<float>(sum / static_cast<double>(ratings.size()));
    std::unordered_map<int32_t, std::pair<double, int>> acc;
    for (int it = 0; it < iterations; ++it) {
        acc.clear();
        for (const auto& r : ratings) {
            auto& a = acc[r.movie];
            a.first += r.rating - model.global_mean - model.user_bias[r.user];
            ++a.second;
        }
        for (const auto& [movie, a] : acc) model.movie_bias[movie] = static_cast<float>(a.first / (movie_reg + a.second));
        acc.clear();
        for (const auto& r : ratings) {
            auto& a = acc[r.user];
            a.first += r.rating - model.global_mean - model.movie_bias[r.movie];
            ++a.second;
        }
        for (const auto& [user, a] : acc) model.user_bias[user] = static_cast<float>(a.first / (user_reg + a.second));
    }
    return model;
}

}  // namespace movienet
