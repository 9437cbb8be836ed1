// The history-pooled model: exact leave-target-out pooling, training that
// learns, and deterministic checkpoint/resume.
#include <doctest/doctest.h>

#include "movienet/rec/bias_baseline.h"
#include "movienet/io/file_io.h"
#include "movienet/rec/pooled/pooled_trainer.h"
#include "movienet/rec/evaluation.h"
#include "movienet/rec/rating_trainer.h"
#include "error_check.h"
#include "synthetic_ratings.h"
#include "temp_dir.h"

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

TEST_CASE("pooled model learns the synthetic tastes better than the bias baseline") {
    Dataset dataset = make_synthetic_dataset(150, 60, 0.4, 11);
    std::vector<Rating> train, test;
    for (size_t k = 0; k < dataset.ratings.size(); ++k) (k % 5 == 0 ? test : train).push_back(dataset.ratings[k]);
    RatingTrainOptions options;
    options.epochs = 25;
    options.pooled.dim = 8;
    options.pooled.hidden = 16;
    options.pooled_training.learning_rate = 3e-3;
    options.pooled_training.l2 = 0.05;
    const RatingTrainResult result = train_rating_model(dataset, train, options);
    const RatingMetrics pooled = evaluate_ratings(result.model, train, test);

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

TEST_CASE("training resumed from a checkpoint ends bit-identical to an uninterrupted run") {
    const Dataset dataset = make_synthetic_dataset(40, 30, 0.4, 21);
    TempDir dir;
    for (const char* arch : {"pooled", "seed"}) {
        CAPTURE(arch);
        RatingTrainOptions options;
        options.arch = arch;
        options.pooled.dim = 4;
        options.pooled.hidden = 8;
        options.patience = 0;
        options.epochs = 4;
        const RatingTrainResult straight = train_rating_model(dataset, dataset.ratings, options);

        options.epochs = 2;
        options.checkpoint_path = dir.file("run.checkpoint");
        train_rating_model(dataset, dataset.ratings, options);
        options.epochs = 4;
        const RatingTrainResult resumed = train_rating_model(dataset, dataset.ratings, options, {}, dir.file("run.checkpoint"));

        CHECK(resumed.best_epoch == straight.best_epoch);
        REQUIRE(resumed.epochs.size() == straight.epochs.size());
        for (size_t e = 0; e < straight.epochs.size(); ++e)
            CHECK(resumed.epochs[e].validation_rmse == straight.epochs[e].validation_rmse);
        CHECK(save_rating_model_string(resumed.model) == save_rating_model_string(straight.model));
    }
}

namespace {

// One epoch of a small pooled model, checkpointed to dir/a.checkpoint.
RatingTrainOptions one_checkpointed_epoch(const Dataset& dataset, const TempDir& dir) {
    RatingTrainOptions options;
    options.epochs = 1;
    options.pooled.dim = 4;
    options.checkpoint_path = dir.file("a.checkpoint");
    train_rating_model(dataset, dataset.ratings, options);
    return options;
}

}  // namespace

TEST_CASE("a checkpoint from other data is refused, naming why") {
    const Dataset dataset = make_synthetic_dataset(30, 20, 0.4, 1);
    TempDir dir;
    const RatingTrainOptions options = one_checkpointed_epoch(dataset, dir);
    const Dataset other = make_synthetic_dataset(30, 20, 0.4, 2);
    CHECK_THROWS_WITH_AS(train_rating_model(other, other.ratings, options, {}, dir.file("a.checkpoint")),
                         doctest::Contains("other data or options"), Error);
}

TEST_CASE("a checkpoint of another format or version is refused") {
    const Dataset dataset = make_synthetic_dataset(30, 20, 0.4, 1);
    TempDir dir;
    const RatingTrainOptions options = one_checkpointed_epoch(dataset, dir);
    const std::string good = read_file(dir.file("a.checkpoint"));
    auto resume_from = [&](const std::string& from, const std::string& to, bool last) {
        const size_t at = last ? good.rfind(from) : good.find(from);
        REQUIRE(at != std::string::npos);
        write_file_atomically(dir.file("b.checkpoint"), std::string(good).replace(at, from.size(), to));
        return train_rating_model(dataset, dataset.ratings, options, {}, dir.file("b.checkpoint"));
    };
    CHECK_MOVIENET_ERROR(resume_from("\"version\":2", "\"version\":3", true), ErrorCode::ModelFormat,
                         "version: 3 is not supported");
    CHECK_MOVIENET_ERROR(resume_from("\"format\":\"movienet-checkpoint\"", "\"format\":\"movienet-model\"", false),
                         ErrorCode::ModelFormat, "is not a movienet-checkpoint file");
}

TEST_CASE("an interrupted epoch leaves the last checkpoint intact") {
    const Dataset dataset = make_synthetic_dataset(30, 20, 0.4, 4);
    TempDir dir;
    RatingTrainOptions options;
    options.epochs = 3;
    options.pooled.dim = 4;
    options.checkpoint_path = dir.file("c.checkpoint");
    int epochs_done = 0;
    RatingTrainCallbacks callbacks;
    callbacks.should_stop = [&] { return epochs_done >= 1; };  // "Ctrl-C" during epoch 2
    std::string after_first;
    callbacks.on_epoch = [&](const RatingEpochReport&) {
        ++epochs_done;
        after_first = read_file(dir.file("c.checkpoint"));
    };
    const RatingTrainResult result = train_rating_model(dataset, dataset.ratings, options, callbacks);
    CHECK(result.interrupted);
    CHECK(epochs_done == 1);
    CHECK(read_file(dir.file("c.checkpoint")) == after_first);
}
