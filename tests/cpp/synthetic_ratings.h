// A small generated MovieLens-like dataset: viewers with hidden tastes rate
// movies through a low-rank model plus noise, rounded to the half-star scale.
#pragma once

#include <array>
#include <cmath>
#include <random>

#include "movienet/data/dataset.h"

namespace movienet::testing {

inline Dataset make_synthetic_dataset(int users, int movies, double density, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    Dataset dataset;
    dataset.name = "synthetic";
    dataset.format = DataFormat::Csv;
    dataset.scale = {0.5f, 5.0f, 0.5f};
    dataset.genre_names = {"Action", "Comedy", "Drama"};
    std::vector<std::array<double, 3>> movie_factors(static_cast<size_t>(movies));
    for (int m = 0; m < movies; ++m) {
        Movie movie{m + 1, "Movie " + std::to_string(m + 1) + " (" + std::to_string(1980 + m % 40) + ")", 1980 + m % 40, {m % 3}};
        dataset.movies.push_back(movie);
        for (auto& f : movie_factors[static_cast<size_t>(m)]) f = normal(rng);
        movie_factors[static_cast<size_t>(m)][static_cast<size_t>(m % 3)] += 1.0;  // genre shapes taste
    }
    for (int u = 0; u < users; ++u) {
        std::array<double, 3> taste{};
        for (auto& t : taste) t = normal(rng) * 0.6;
        const double offset = normal(rng) * 0.3;
        for (int m = 0; m < movies; ++m) {
            if (uniform(rng) > density) continue;
            double r = 3.3 + offset + 0.3 * normal(rng);
            for (size_t k = 0; k < 3; ++k) r += taste[k] * movie_factors[static_cast<size_t>(m)][k];
            r = std::round(std::min(5.0, std::max(0.5, r)) * 2) / 2;
            dataset.ratings.push_back({u + 1, m + 1, static_cast<float>(r), 1000000 + u * 1000 + m});
        }
    }
    return dataset;
}

}  // namespace movienet::testing
