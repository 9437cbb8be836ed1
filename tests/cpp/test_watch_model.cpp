// The will-watch model: time-ordered sequences, a masked softmax that never
// counts a watched movie as unwatched, exact gradients, and learning a
// catalogue whose "next movie" is known.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "gradcheck.h"
#include "movienet/base/random.h"
#include "movienet/rec/watch/watch_trainer.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

Catalogue catalogue_of(int movies) {
    Catalogue catalogue;
    for (int i = 0; i < movies; ++i) {
        catalogue.ids.push_back(100 + i);
        catalogue.titles.push_back("m" + std::to_string(i));
        catalogue.years.push_back(0);
        catalogue.genres.emplace_back();
        catalogue.rating_counts.push_back(1);
    }
    catalogue.rebuild_index();
    return catalogue;
}

}  // namespace

TEST_CASE("watch_sequences: per viewer, oldest first, ties in input order, a repeat keeps its latest place") {
    const Catalogue catalogue = catalogue_of(5);
    const std::vector<Rating> ratings = {
        {7, 102, 4, 30}, {7, 100, 3, 10}, {9, 104, 5, 5}, {7, 101, 2, 30},
        {7, 999, 4, 1},   // unknown movie: skipped
        {7, 100, 5, 40},  // seen again later: moves to the end
    };
    const auto sequences = watch_sequences(ratings, catalogue);
    REQUIRE(sequences.size() == 2);
    CHECK(sequences[0] == std::vector<int>{2, 1, 0});
    CHECK(sequences[1] == std::vector<int>{4});
}

TEST_CASE("watch model: probabilities over the unwatched movies sum to one, watched ones get none") {
    WatchModel model(6, WatchConfig{4, 2});
    model.init(3);
    const auto log_p = model.log_probabilities({1, 4});
    CHECK(log_p[1] == -std::numeric_limits<float>::infinity());
    CHECK(log_p[4] == -std::numeric_limits<float>::infinity());
    double total = 0;
    for (float v : log_p) total += std::exp(double(v));
    CHECK(total == doctest::Approx(1.0).epsilon(1e-5));
}

TEST_CASE("watch trainer: no watched movie is ever a negative of the softmax") {
    WatchModel model(8, WatchConfig{3, 2});
    model.init(1);
    WatchTrainer trainer(model, WatchTrainConfig{});
    // Viewer 0 watched 2, 5, 6, 1 (in that order); the example predicts 6 from {2, 5}.
    const std::vector<std::vector<int>> sequences = {{2, 5, 6, 1}};
    Vector grad;
    trainer.loss_and_gradient(sequences, {{0, 2}}, grad);
    // Output biases: the watched movies other than the target (2, 5 before it,
    // 1 after it) get exactly zero gradient; every unwatched one is pushed down.
    for (int movie : {2, 5, 1}) CHECK(grad[movie] == 0.0f);
    for (int movie : {0, 3, 4, 7}) CHECK(grad[movie] > 0.0f);
    CHECK(grad[6] < 0.0f);
}

TEST_CASE("watch trainer: the gradient matches central differences for every parameter group") {
    // Separate tables and one tied table (where e, r and o gradients add up).
    bool tied = false;
    SUBCASE("separate tables") { tied = false; }
    SUBCASE("tied table") { tied = true; }
    CAPTURE(tied);
    // Two viewers; examples with a history shorter and longer than `recent`.
    WatchModel model(7, WatchConfig{3, 2, tied});
    model.init(11);
    std::mt19937_64 rng(5);
    Vector& params = model.params();
    for (Index k = 0; k < params.size(); ++k) params[k] = static_cast<Scalar>(0.5 * (portable_uniform(rng) - 0.5));
    WatchTrainer trainer(model, WatchTrainConfig{});
    const std::vector<std::vector<int>> sequences = {{0, 3, 5, 2, 6}, {4, 1, 3}};
    const std::vector<WatchExample> examples = {{0, 1}, {0, 4}, {1, 2}, {0, 3}};
    Vector analytic;
    trainer.loss_and_gradient(sequences, examples, analytic);
    Vector scratch;
    const auto numeric = numeric_gradient(params.data(), params.size(), [&] {
        return trainer.loss_and_gradient(sequences, examples, scratch);
    });
    const auto exact = to_vector(analytic.data(), analytic.size());
    // Every group is exercised: output biases and vectors, taste vectors E,
    // recent vectors R and the recency weights alpha (the last two entries).
    CHECK(relative_error(exact, numeric) < float_gradient_tolerance);
    CHECK(max_entry_error(exact, numeric) < 10 * float_gradient_tolerance);
    CHECK(analytic.tail(2).cwiseAbs().minCoeff() > 0);
    CHECK(analytic.segment(model.e_offset(0), 3).cwiseAbs().maxCoeff() > 0);
    CHECK(analytic.segment(model.r_offset(3), 3).cwiseAbs().maxCoeff() > 0);
}

TEST_CASE("watch trainer: learns a catalogue where the next movie is known") {
    // Every viewer watches a run of consecutive movies: after i comes i + 1.
    const int movies = 20;
    std::vector<std::vector<int>> sequences;
    for (int v = 0; v < 200; ++v) {
        std::vector<int> run;
        for (int k = 0; k < 6; ++k) run.push_back((v * 7 + k) % movies);
        sequences.push_back(run);
    }
    WatchModel model(movies, WatchConfig{8, 2});
    model.init(2);
    WatchTrainer trainer(model, WatchTrainConfig{1e-2, 0, 32});
    std::mt19937_64 rng(9);
    double first = 0, last = 0;
    for (int epoch = 0; epoch < 30; ++epoch) {
        last = trainer.train_epoch(sequences, rng);
        if (epoch == 0) first = last;
    }
    CHECK(last < 0.5 * first);
    int right = 0;
    for (int start = 0; start < movies; ++start) {
        const std::vector<int> history = {start, (start + 1) % movies, (start + 2) % movies};
        const auto log_p = model.log_probabilities(history);
        const auto best = std::max_element(log_p.begin(), log_p.end()) - log_p.begin();
        right += best == (start + 3) % movies;
    }
    CHECK(right == movies);
}
