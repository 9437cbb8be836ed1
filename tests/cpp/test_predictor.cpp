// Predictor: the one API behind the CLI and the wasm bindings.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "error_check.h"
#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_trainer.h"
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

TEST_CASE("a history rating that is NaN or off the scale is a BadInput naming the entry") {
    const Predictor predictor = trained_predictor();
    CHECK_MOVIENET_ERROR(predictor.predict({{1, 4.0f}, {2, std::numeric_limits<float>::quiet_NaN()}}, {3}),
                         ErrorCode::BadInput, "history[1].rating");
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
