// Predictor: the one API behind the CLI and the wasm bindings.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "error_check.h"
#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_trainer.h"
#include "safetensors_edit.h"
#include "synthetic_ratings.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

Predictor trained_predictor() {
    const Dataset dataset = make_synthetic_dataset(50, 30, 0.4, 31);
    RatingTrainOptions options;
    options.epochs = 2;
    options.pooled.dim = 4;
    options.pooled.hidden = 8;
    return Predictor(train_rating_model(dataset, dataset.ratings, options).model);
}

}  // namespace

TEST_CASE("predict clamps to the scale, handles unknown ids and an empty history") {
    const Predictor predictor = trained_predictor();
    PredictStats stats;
    const auto scores = predictor.predict({{1, 5.0f}, {2, 0.5f}, {12345, 3.0f}}, {3, 4, 99999}, &stats);
    REQUIRE(scores.size() == 3);
    for (float s : scores) CHECK((s >= 0.5f && s <= 5.0f));
    CHECK(stats.unknown_history == 1);
    CHECK(stats.unknown_movies == 1);
    const auto cold = predictor.predict({}, {3, 4});  // cold start: biases and side features only
    CHECK(std::isfinite(cold[0]));
    CHECK(cold[0] != cold[1]);
}

TEST_CASE("a history rating that is infinite or off the scale is a BadInput naming the entry (NaN: watched, not rated)") {
    const Predictor predictor = trained_predictor();
    CHECK_MOVIENET_ERROR(predictor.predict({{1, 4.0f}, {2, std::numeric_limits<float>::infinity()}}, {3}),
                         ErrorCode::BadInput, "history[1].rating");
    // A movie without a rating informs the watch head only: the predicted rating ignores it.
    CHECK(predictor.predict({{1, 4.0f}, {2, std::numeric_limits<float>::quiet_NaN()}}, {3}) == predictor.predict({{1, 4.0f}}, {3}));
    CHECK_MOVIENET_ERROR(predictor.recommend({{1, 7.0f}}, 5, {}), ErrorCode::BadInput, "history[0].rating");
}

TEST_CASE("recommend leaves out rated, excluded and rarely rated movies, best first") {
    const Predictor predictor = trained_predictor();
    const std::vector<HistoryEntry> history = {{1, 5.0f}, {2, 1.0f}};
    const auto all = predictor.recommend(history, 1000, {});
    CHECK(all.size() == 28);
    for (size_t k = 1; k < all.size(); ++k) CHECK(all[k - 1].score >= all[k].score);
    const auto without = predictor.recommend(history, 3, {all[0].movie_id});
    CHECK(without[0].movie_id == all[1].movie_id);

    const Catalogue& catalogue = predictor.catalogue();
    const int threshold = catalogue.rating_counts[static_cast<size_t>(catalogue.find(all[0].movie_id))] + 1;
    const auto evidenced = predictor.recommend(history, 1000, {}, nullptr, threshold);
    CHECK(evidenced.size() < all.size());
    for (const auto& r : evidenced) CHECK(catalogue.rating_counts[static_cast<size_t>(r.index)] >= threshold);
    CHECK_MOVIENET_ERROR(predictor.recommend(history, -1, {}), ErrorCode::BadInput, "k: must be >= 0");
}

TEST_CASE("the watch-and-enjoy blend is increasing in the watch chance and in the rating") {
    for (float weight : {0.25f, 1.0f, 3.0f}) {
        for (float log_watch = -12; log_watch <= 0; log_watch += 0.5f) {
            for (float rating = 0.5f; rating <= 5; rating += 0.5f) {
                const float here = watch_and_enjoy(log_watch, rating, weight);
                CHECK(watch_and_enjoy(log_watch + 0.5f, rating, weight) > here);
                CHECK(watch_and_enjoy(log_watch, rating + 0.5f, weight) > here);
            }
        }
    }
}

TEST_CASE("recommend's three orders: each sorts by its own key and reports both numbers") {
    const Predictor predictor = trained_predictor();
    REQUIRE(predictor.has_watch());
    const std::vector<HistoryEntry> history = {{3, 4.0f}, {7, 2.5f}, {1, 5.0f}};
    const std::vector<int32_t> ids = predictor.catalogue().ids;
    const auto ratings = predictor.predict(history, ids);
    const auto watch = predictor.predict_watch(history, ids);
    double total = 0;
    for (float w : watch) total += w;
    CHECK(total == doctest::Approx(1.0).epsilon(1e-4));
    for (const RankBy by : {RankBy::Both, RankBy::Watch, RankBy::Rating}) {
        CAPTURE(rank_by_name(by));
        const auto top = predictor.recommend(history, 1000, {}, nullptr, 0, by);
        REQUIRE(top.size() == ids.size() - history.size());
        const auto keys = predictor.rank_scores(history, by);
        for (size_t k = 0; k < top.size(); ++k) {
            const auto m = static_cast<size_t>(top[k].index);
            CHECK(top[k].rating == doctest::Approx(ratings[m]).epsilon(1e-6));
            CHECK(top[k].watch == doctest::Approx(watch[m]).epsilon(1e-5));
            if (k > 0) CHECK(keys[static_cast<size_t>(top[k - 1].index)] >= keys[m]);
        }
        if (by == RankBy::Watch) CHECK(top[0].score == top[0].watch);
        if (by == RankBy::Rating) CHECK(top[0].score == top[0].rating);
        if (by == RankBy::Both)
            CHECK(top[0].score == doctest::Approx(std::log(top[0].watch) + predictor.model().watch_rating_weight * top[0].rating));
    }
    // Rated movies get no watch chance and never rank.
    CHECK(watch[static_cast<size_t>(predictor.catalogue().find(3))] == 0.0f);
    CHECK(predictor.rank_scores(history, RankBy::Both)[static_cast<size_t>(predictor.catalogue().find(3))] ==
          -std::numeric_limits<float>::infinity());
    CHECK_MOVIENET_ERROR(parse_rank_by("popular"), ErrorCode::BadInput, "expected both, watch or rating");
}

TEST_CASE("a model without a watch head ranks by rating and refuses watch questions by name") {
    const Dataset dataset = make_synthetic_dataset(50, 30, 0.4, 31);
    RatingTrainOptions options;
    options.epochs = 1;
    options.pooled.dim = 4;
    options.pooled.hidden = 8;
    options.watch_head = false;
    const Predictor predictor(train_rating_model(dataset, dataset.ratings, options).model);
    CHECK_FALSE(predictor.has_watch());
    const std::vector<HistoryEntry> history = {{1, 5.0f}};
    const auto both = predictor.recommend(history, 5, {});
    const auto by_rating = predictor.recommend(history, 5, {}, nullptr, 0, RankBy::Rating);
    for (size_t k = 0; k < both.size(); ++k) {
        CHECK(both[k].movie_id == by_rating[k].movie_id);
        CHECK(std::isnan(both[k].watch));
    }
    CHECK_MOVIENET_ERROR(predictor.recommend(history, 5, {}, nullptr, 0, RankBy::Watch), ErrorCode::BadInput, "no watch head");
    CHECK_MOVIENET_ERROR(predictor.predict_watch(history, {2}), ErrorCode::BadInput, "no watch head");
}

TEST_CASE("model files: a shrinkage that divides by zero and a damaged watch head are named errors") {
    const Predictor predictor = trained_predictor();
    const std::string good = save_rating_model_string(predictor.model());
    CHECK_NOTHROW(load_rating_model_string(good, "m"));
    CHECK_MOVIENET_ERROR(load_rating_model_string(with_f32(good, "pooled.user_bias_shrinkage", 0.0f), "m"),
                         ErrorCode::ModelFormat, "pooled.user_bias_shrinkage: must be a number in (0, 1e6]");
    CHECK_MOVIENET_ERROR(load_rating_model_string(with_f32(good, "watch.rating_weight", -1.0f), "m"), ErrorCode::ModelFormat,
                         "watch.rating_weight");
    CHECK_MOVIENET_ERROR(
        load_rating_model_string(with_f32(good, "watch.o", std::numeric_limits<float>::quiet_NaN()), "m"),
        ErrorCode::ModelFormat, "watch.o");
    // Files without a watch head load and rank by rating.
    const std::string without = without_tensors(good, [](const std::string& name) { return name.rfind("watch.", 0) == 0; });
    CHECK(load_rating_model_string(without, "m").watch == nullptr);
}
