// PooledScorer against PooledModel::score (the definition) on a small
// synthetic catalogue: cold and warm viewers, whole catalogue, gathered
// subsets with repeats, every count around the 4-row block and 32-row tile.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "movienet/rec/pooled/pooled_model.h"
#include "movienet/rec/pooled/pooled_scorer.h"

using namespace movienet;

namespace {

Catalogue small_catalogue(int n) {
    Catalogue c;
    c.genre_names = {"Action", "Comedy", "Drama"};
    for (int i = 0; i < n; ++i) {
        c.ids.push_back(10 + 3 * i);
        c.titles.push_back("Movie " + std::to_string(i));
        c.years.push_back(i % 5 == 0 ? 0 : 1950 + i);
        c.genres.push_back(i % 2 ? std::vector<int>{0, 2} : std::vector<int>{1});
        c.rating_counts.push_back((i * 37) % 101);
    }
    c.rebuild_index();
    return c;
}

}  // namespace

TEST_CASE("PooledScorer computes PooledModel::score") {
    const int n = 75;
    for (int hidden : {64, 13}) {
        CAPTURE(hidden);
        PooledConfig config;
        config.dim = hidden == 64 ? 32 : 7;
        config.hidden = hidden;
        const Catalogue catalogue = small_catalogue(n);
        PooledModel model(catalogue, config, 3.5f);
        model.init(9);
        // init() zeroes the head's output layer; make every weight matter.
        std::mt19937 rng(3);
        std::normal_distribution<float> w(0.0f, 0.3f);
        for (Index k = 0; k < model.head().param_count(); ++k) model.head().params()[k] = w(rng);
        for (Index k = 0; k < n; ++k) model.embeddings()[k] = w(rng);
        PooledScorer fast(model);

        const std::vector<std::vector<int>> histories = {{}, {3}, {0, 5, 9, 12, 40, 74}};
        for (const auto& items : histories) {
            std::vector<float> ratings;
            for (size_t k = 0; k < items.size(); ++k) ratings.push_back(0.5f + float((k * 3) % 10) / 2);
            const UserState user = model.encode_user(items, ratings);
            std::vector<int> all(n);
            for (int i = 0; i < n; ++i) all[static_cast<size_t>(i)] = (i * 7) % n;  // a permutation
            for (int count : {1, 2, 3, 4, 5, 8, 31, 32, 33, 65, n}) {
                CAPTURE(count);
                std::vector<int> movies(all.begin(), all.begin() + count);
                if (count > 3) movies[2] = movies[0];  // repeats are fine
                std::vector<float> want(static_cast<size_t>(count)), got(static_cast<size_t>(count) + 1, 99.0f);
                model.score(user, movies.data(), count, want.data());
                fast.score(user, movies.data(), count, got.data());
                CHECK(got.back() == 99.0f);  // nothing written past the end
                for (int c = 0; c < count; ++c) {
                    CAPTURE(c);
                    CHECK(got[static_cast<size_t>(c)] ==
                          doctest::Approx(want[static_cast<size_t>(c)]).epsilon(2e-6).scale(1.0));
                }
            }
        }
    }
}
