// The training policy on large data (large_data.h): where it starts, and
// that an explicit patience always wins.
#include <doctest/doctest.h>

#include "movienet/rec/large_data.h"
#include "movienet/rec/rating_trainer.h"
#include "synthetic_ratings.h"

using namespace movienet;
using movienet::testing::make_synthetic_dataset;

TEST_CASE("large data starts at 2,000,000 training events: patience 1, a 0.1 % margin") {
    CHECK_FALSE(is_large_training(kLargeTrainingEvents - 1));
    CHECK(is_large_training(kLargeTrainingEvents));
    CHECK(resolve_patience(kAutoPatience, 4, kLargeTrainingEvents - 1) == 4);
    CHECK(resolve_patience(kAutoPatience, 3, kLargeTrainingEvents - 1) == 3);
    CHECK(resolve_patience(kAutoPatience, 4, kLargeTrainingEvents) == 1);
    CHECK(min_improvement(kLargeTrainingEvents - 1) == 0.0);
    CHECK(min_improvement(kLargeTrainingEvents) == doctest::Approx(1e-3));
}

TEST_CASE("an explicit patience is kept whatever the size, 0 (never stop) included") {
    for (size_t events : {size_t(100), kLargeTrainingEvents, size_t(25000000)}) {
        CHECK(resolve_patience(0, 4, events) == 0);
        CHECK(resolve_patience(7, 4, events) == 7);
    }
}

TEST_CASE("the defaults are auto, and a small run records the small-data policy it used") {
    RatingTrainOptions options;
    CHECK(options.patience == kAutoPatience);
    CHECK(options.watch.patience == kAutoPatience);
    CHECK(options.watch.refit == WatchRefit::Auto);
    const Dataset dataset = make_synthetic_dataset(30, 20, 0.4, 3);
    options.pooled.dim = 4;
    options.epochs = 2;
    options.watch.model.dim = 4;
    options.watch.max_epochs = 2;
    const Json metadata = Json::parse(train_rating_model(dataset, dataset.ratings, options).model.metadata_json);
    CHECK(metadata["patience"] == 4);
    CHECK(metadata["watch"]["patience"] == 3);
    CHECK(metadata["watch"]["refit"] == true);
}
