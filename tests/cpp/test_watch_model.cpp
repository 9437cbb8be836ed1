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
    // Viewer 0 watched 2, 5, 6, 1 (in that order); the example predicts 6 from {2, 5}.
    const std::vector<std::vector<int>> sequences = {{2, 5, 6, 1}};
    WorkerPool pool(1);
    WatchTrainer trainer(model, WatchTrainConfig{}, sequences, pool);
    Vector grad;
    trainer.loss_and_gradient({{0, 2}}, grad);
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
    const std::vector<std::vector<int>> sequences = {{0, 3, 5, 2, 6}, {4, 1, 3}};
    WorkerPool pool(1);
    WatchTrainer trainer(model, WatchTrainConfig{}, sequences, pool);
    const std::vector<WatchExample> examples = {{0, 1}, {0, 4}, {1, 2}, {0, 3}};
    Vector analytic;
    trainer.loss_and_gradient(examples, analytic);
    Vector scratch;
    const auto numeric = numeric_gradient(params.data(), params.size(), [&] {
        return trainer.loss_and_gradient(examples, scratch);
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
    WorkerPool pool(1);
    WatchTrainer trainer(model, WatchTrainConfig{1e-2, 0, 32}, sequences, pool);
    std::mt19937_64 rng(9);
    double first = 0, last = 0;
    for (int epoch = 0; epoch < 30; ++epoch) {
        last = trainer.train_epoch(rng);
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

TEST_CASE("watch trainer, sampled softmax: the gradient matches central differences, watched candidates get none") {
    WatchModel model(9, WatchConfig{3, 2, true});
    model.init(4);
    std::mt19937_64 rng(8);
    Vector& params = model.params();
    for (Index k = 0; k < params.size(); ++k) params[k] = static_cast<Scalar>(0.5 * (portable_uniform(rng) - 0.5));
    const std::vector<std::vector<int>> sequences = {{0, 3, 5, 2, 6}, {4, 1, 3}};
    WorkerPool pool(1);
    WatchTrainConfig config;
    config.negatives = 5;
    WatchTrainer trainer(model, config, sequences, pool);
    // Candidates 1, 5, 7, 8: 5 is watched by viewer 0 (masked there), 1 is
    // viewer 1's (masked there), 7 and 8 are nobody's.
    WatchCandidates candidates{{1, 5, 7, 8}, {}};
    for (int movie : candidates.movies) candidates.log_expected.push_back(trainer.log_expected(movie));
    const std::vector<WatchExample> examples = {{0, 1}, {0, 4}, {1, 2}};
    Vector analytic;
    trainer.loss_and_gradient(examples, analytic, &candidates);
    Vector scratch;
    const auto numeric = numeric_gradient(params.data(), params.size(), [&] {
        return trainer.loss_and_gradient(examples, scratch, &candidates);
    });
    CHECK(relative_error(to_vector(analytic.data(), analytic.size()), numeric) < float_gradient_tolerance);
    // Output bias of a movie that is neither a candidate nor a target: untouched.
    CHECK(analytic[0] == 0.0f);
    CHECK(analytic[7] > 0.0f);
    CHECK(analytic[8] > 0.0f);
}

TEST_CASE("watch trainer, sampled softmax: draws follow the popularity and log E[draws] is a log-probability-like correction") {
    std::vector<std::vector<int>> sequences(50);
    for (auto& seq : sequences) seq = {0, 1, 2};
    sequences[0].push_back(3);
    WatchModel model(6, WatchConfig{2, 1, true});
    WorkerPool pool(1);
    WatchTrainConfig config;
    config.negatives = 3;
    WatchTrainer trainer(model, config, sequences, pool);
    CHECK(trainer.log_expected(0) > trainer.log_expected(3));
    CHECK(trainer.log_expected(3) > trainer.log_expected(5) - 1e-6f);
    CHECK(trainer.log_expected(0) <= 0.0f);
    std::mt19937_64 rng(1);
    const WatchCandidates c = trainer.draw_candidates(rng);
    CHECK(!c.movies.empty());
    CHECK(std::is_sorted(c.movies.begin(), c.movies.end()));
    CHECK(c.movies.size() == c.log_expected.size());
}

namespace {

// Every viewer watches a run of consecutive movies: after i comes i + 1.
std::vector<std::vector<int>> runs(int movies, int viewers, int length) {
    std::vector<std::vector<int>> sequences;
    for (int v = 0; v < viewers; ++v) {
        std::vector<int> run;
        for (int k = 0; k < length; ++k) run.push_back((v * 7 + k) % movies);
        sequences.push_back(run);
    }
    return sequences;
}

int right_next_movies(const WatchModel& model, int movies) {
    int right = 0;
    for (int start = 0; start < movies; ++start) {
        const std::vector<int> history = {start, (start + 1) % movies, (start + 2) % movies};
        const auto log_p = model.log_probabilities(history);
        right += std::max_element(log_p.begin(), log_p.end()) - log_p.begin() == (start + 3) % movies;
    }
    return right;
}

Vector train_runs(int threads, int negatives, int epochs) {
    const int movies = 40;
    const auto sequences = runs(movies, 300, 6);
    WatchModel model(movies, WatchConfig{8, 2, true});
    model.init(2);
    WorkerPool pool(threads);
    WatchTrainConfig config{1e-2, 0, 32};
    config.negatives = negatives;
    WatchTrainer trainer(model, config, sequences, pool);
    std::mt19937_64 rng(9);
    for (int epoch = 0; epoch < epochs; ++epoch) trainer.train_epoch(rng);
    CHECK(right_next_movies(model, movies) >= movies - 2);
    return model.params();
}

}  // namespace

TEST_CASE("watch trainer: the sampled softmax learns the known next movie, with one thread and two") {
    for (int threads : {1, 2}) {
        CAPTURE(threads);
        train_runs(threads, 12, 40);
    }
}

TEST_CASE("watch trainer: the same seed and thread count give the same weights, bit for bit") {
    for (int negatives : {0, 12}) {
        CAPTURE(negatives);
        const Vector a = train_runs(2, negatives, 20), b = train_runs(2, negatives, 20);
        CHECK(a == b);
        // One thread splits nothing: the sum of one part is the same sum.
        const Vector c = train_runs(1, negatives, 20);
        CHECK(c.size() == a.size());
    }
}
