// The history-pooled model: exact leave-target-out pooling and training that
// learns (checkpoints: test_checkpoint.cpp).
#include <doctest/doctest.h>

#include "movienet/rec/bias_baseline.h"
#include "movienet/rec/pooled/pooled_trainer.h"
#include "movienet/rec/evaluation.h"
#include "movienet/rec/rating_trainer.h"
#include "synthetic_ratings.h"

using namespace movienet;
using namespace movienet::testing;

TEST_CASE("pooled trainer: each target is left out of its own pooled history, exactly") {
    const Dataset dataset = make_synthetic_dataset(20, 30, 0.5, 3);
    const Catalogue catalogue = make_catalogue(dataset, dataset.ratings);
    PooledConfig config;
    config.dim = 8;
    PooledModel model(catalogue, config, 3.3f);
    model.init(5);
    // Give the biases values so that every term of the pooling is exercised.
    for (int i = 0; i < model.movies(); ++i) model.embeddings()[i] = 0.01f * static_cast<float>(i % 7) - 0.03f;
    PooledTrainer trainer(model, PooledTrainConfig{});
    const auto users = group_by_user(dataset.ratings, catalogue);
    const UserRatings& user = users[0];
    REQUIRE(user.items.size() >= 5);

    std::vector<uint8_t> keep(user.items.size(), 1);
    keep[1] = 0;  // history dropout: item 1 is neither pooled nor subtracted
    std::vector<int> targets;
    for (size_t k = 0; k < user.items.size(); ++k) targets.push_back(static_cast<int>(k));
    const auto states = trainer.target_states(user, targets, keep);

    for (size_t t = 0; t < targets.size(); ++t) {
        // The reference: encode the kept history without the target, from scratch.
        std::vector<int> items;
        std::vector<float> ratings;
        for (size_t k = 0; k < user.items.size(); ++k) {
            if (!keep[k] || k == t) continue;
            items.push_back(user.items[k]);
            ratings.push_back(user.ratings[k]);
        }
        const UserState expected = model.encode_user(items, ratings);
        CAPTURE(t);
        CHECK(states[t].count == expected.count);
        CHECK(states[t].bias == doctest::Approx(expected.bias).epsilon(1e-5));
        for (Index c = 0; c < config.dim; ++c) CHECK(states[t].p[c] == doctest::Approx(expected.p[c]).epsilon(1e-4));
    }
    // And the leak would show: pooling *with* the target differs.
    const UserState with_target = model.encode_user(user.items, user.ratings);
    CHECK((with_target.p - states[0].p).norm() > 1e-4);
}

TEST_CASE("pooled model learns the synthetic tastes better than the bias baseline, with one thread and two") {
    Dataset dataset = make_synthetic_dataset(150, 60, 0.4, 11);
    std::vector<Rating> train, test;
    for (size_t k = 0; k < dataset.ratings.size(); ++k) (k % 5 == 0 ? test : train).push_back(dataset.ratings[k]);
    int threads = 1;
    SUBCASE("one thread") { threads = 1; }
    SUBCASE("two threads: the same weights every time") { threads = 2; }
    CAPTURE(threads);
    RatingTrainOptions options;
    options.threads = threads;
    options.watch_head = false;
    options.epochs = 25;
    options.pooled.dim = 8;
    options.pooled.hidden = 16;
    options.pooled_training.learning_rate = 3e-3;
    options.pooled_training.l2 = 0.05;
    const RatingTrainResult result = train_rating_model(dataset, train, options);
    const RatingMetrics pooled = evaluate_ratings(result.model, train, test);
    if (threads > 1) {
        const RatingTrainResult again = train_rating_model(dataset, train, options);
        CHECK(again.model.arch->params() == result.model.arch->params());
    }

    const BiasBaseline baseline = fit_bias_baseline(train);
    double squared = 0;
    for (const auto& r : test) {
        const double e = baseline.predict(r.user, r.movie) - r.rating;
        squared += e * e;
    }
    const double bias_rmse = std::sqrt(squared / static_cast<double>(test.size()));
    MESSAGE("synthetic: pooled rmse " << pooled.rmse << ", bias baseline " << bias_rmse);
    // The ratings follow viewer x movie interactions the biases cannot express.
    CHECK(pooled.rmse < 0.9 * bias_rmse);
}
