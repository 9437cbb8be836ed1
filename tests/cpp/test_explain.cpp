// Predictor::explain and recommend(..., explain): every delta is the score
// with the whole history minus the score re-computed without that entry.
//
// Tolerance: the explanation takes its leave-one-out scores from the fast
// scorer (for the pooled model, by subtracting one entry's terms from
// double sums), the brute force re-pools each reduced history and scores it
// through another path; both are float32 evaluations of the same function in
// different summation orders, each within ~1e-5 of a ~4-star score (a few
// ulps over a few hundred operations). 2e-4 is ten times that margin, and
// still fifty times finer than the 0.01 stars anyone is shown.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "error_check.h"
#include "movienet/rec/pooled/pooled_arch.h"
#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_trainer.h"
#include "synthetic_ratings.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

constexpr double kRatingTolerance = 2e-4;
// Watch chances are probabilities ~1e-2 here, computed with float exp/log
// over the catalogue: 1e-6 absolute is ~1e-4 relative.
constexpr double kWatchTolerance = 1e-6;

Predictor trained(const std::string& arch) {
    const Dataset dataset = make_synthetic_dataset(60, 30, 0.4, 7);
    RatingTrainOptions options;
    options.arch = arch;
    options.epochs = 2;
    options.pooled.dim = 4;
    options.pooled.hidden = 8;
    options.watch.epochs = 2;
    return Predictor(train_rating_model(dataset, dataset.ratings, options).model);
}

std::vector<HistoryEntry> without(const std::vector<HistoryEntry>& history, size_t j) {
    auto h = history;
    h.erase(h.begin() + static_cast<std::ptrdiff_t>(j));
    return h;
}

const Contribution& entry_for(const ExplainedScore& s, int32_t movie_id) {
    for (const auto& c : s.contributions)
        if (c.movie_id == movie_id) return c;
    FAIL("no contribution for movie " << movie_id);
    return s.contributions.front();
}

// Deltas, score, baseline and sum against re-scoring each reduced history.
void check_brute_force(const Predictor& predictor, const std::vector<HistoryEntry>& history, int32_t movie) {
    const int index = predictor.catalogue().find(movie);
    const auto raw = [&](const std::vector<HistoryEntry>& h) {
        return double(predictor.rank_scores(h, RankBy::Rating)[static_cast<size_t>(index)]);
    };
    const Explanation e = predictor.explain(history, movie);
    REQUIRE(e.rating.contributions.size() == history.size());
    CHECK(std::abs(e.rating.score - raw(history)) < kRatingTolerance);
    CHECK(std::abs(e.rating.baseline - raw({})) < kRatingTolerance);
    double sum = 0;
    for (size_t j = 0; j < history.size(); ++j) {
        const double delta = raw(history) - raw(without(history, j));
        CHECK(std::abs(entry_for(e.rating, history[j].movie).delta - delta) < kRatingTolerance);
        CHECK(entry_for(e.rating, history[j].movie).rating == history[j].rating);
        sum += entry_for(e.rating, history[j].movie).delta;
    }
    CHECK(std::abs(e.rating.delta_sum - sum) < 1e-5);
    for (size_t j = 1; j < e.rating.contributions.size(); ++j)
        CHECK(e.rating.contributions[j - 1].delta >= e.rating.contributions[j].delta);
    if (!predictor.has_watch()) return;
    REQUIRE(e.has_watch);
    const auto watch = [&](const std::vector<HistoryEntry>& h) { return double(predictor.predict_watch(h, {movie})[0]); };
    CHECK(std::abs(e.watch.score - watch(history)) < kWatchTolerance);
    CHECK(std::abs(e.watch.baseline - watch({})) < kWatchTolerance);
    for (size_t j = 0; j < history.size(); ++j)
        CHECK(std::abs(entry_for(e.watch, history[j].movie).delta - (watch(history) - watch(without(history, j)))) <
              kWatchTolerance);
}

const std::vector<HistoryEntry> kHistory = {{1, 5.0f}, {4, 1.5f}, {7, 4.0f}, {9, 3.0f}, {12, 4.5f}, {15, 2.0f}, {20, 0.5f}};

// Three movies (ids 10, 20, 30), global mean 3, every bias and vector zero
// except as set below, a head that outputs 0: the rating is 3 + b_u with
// b_u = mean(r_j - 3) (shrinkage 0). The watch head (dim 1, no recency):
// o_30 = 1, e_10 = 1, everything else 0.
Predictor toy() {
    Catalogue catalogue;
    for (int i = 1; i <= 3; ++i) {
        catalogue.ids.push_back(10 * i);
        catalogue.titles.push_back("Movie " + std::to_string(10 * i));
        catalogue.years.push_back(0);
        catalogue.genres.emplace_back();
        catalogue.rating_counts.push_back(1);
    }
    catalogue.genre_names = {"Drama"};
    catalogue.rebuild_index();
    RatingModel model;
    model.global_mean = 3;
    PooledConfig config;
    config.dim = 1;
    config.hidden = 1;
    config.user_bias_shrinkage = 0;
    auto arch = std::make_unique<PooledArch>(catalogue, config, 3.0f);
    arch->model.embeddings().setZero();
    arch->model.head().params().setZero();
    model.arch = std::move(arch);
    auto watch = std::make_unique<WatchModel>(3, WatchConfig{1, 0, false});
    watch->params().setZero();
    watch->params()[watch->o_offset(2)] = 1;
    watch->params()[watch->e_offset(0)] = 1;
    model.watch = std::move(watch);
    model.catalogue = std::move(catalogue);
    return Predictor(std::move(model));
}

}  // namespace

TEST_CASE("explain on a toy model: the answer worked out by hand") {
    const Predictor predictor = toy();
    // History 10 -> 5, 20 -> 4: a = (2, 1), b_u = 1.5, rating of 30 = 4.5.
    const Explanation e = predictor.explain({{10, 5.0f}, {20, 4.0f}}, 30);
    CHECK(e.rating.score == doctest::Approx(4.5));
    CHECK(e.rating.baseline == doctest::Approx(3.0));
    REQUIRE(e.rating.contributions.size() == 2);
    // Without 10: b_u = 1, 4.0, delta +0.5. Without 20: b_u = 2, 5.0, delta -0.5.
    CHECK(e.rating.contributions[0].movie_id == 10);
    CHECK(e.rating.contributions[0].delta == doctest::Approx(0.5));
    CHECK(e.rating.contributions[1].movie_id == 20);
    CHECK(e.rating.contributions[1].delta == doctest::Approx(-0.5));
    // The single-entry view explains none of the +1.5 over the empty history.
    CHECK(e.rating.delta_sum == doctest::Approx(0.0));
    // Watch: u = e_10 / sqrt(2); 30 is the only unwatched movie, P = 1.
    // Without 10: u = 0, candidates 10 and 30 tie: P = 1/2, delta +1/2.
    // Without 20: u = 1, candidates 20 (logit 0) and 30 (logit 1): P = e/(1+e).
    // Empty history: three movies, logits 0: P = 1/3.
    REQUIRE(e.has_watch);
    CHECK(e.watch.score == doctest::Approx(1.0));
    CHECK(e.watch.baseline == doctest::Approx(1.0 / 3));
    CHECK(e.watch.contributions[0].movie_id == 10);
    CHECK(e.watch.contributions[0].delta == doctest::Approx(0.5));
    CHECK(e.watch.contributions[1].delta == doctest::Approx(1.0 - std::exp(1.0) / (1 + std::exp(1.0))));
    // recommend(explain): 30 is the only movie left; only 10 raises its rating.
    const auto top = predictor.recommend({{10, 5.0f}, {20, 4.0f}}, 5, {}, nullptr, 0, RankBy::Both, 2);
    REQUIRE(top.size() == 1);
    REQUIRE(top[0].because.size() == 1);
    CHECK(top[0].because[0].movie_id == 10);
    CHECK(top[0].because[0].rating == 5.0f);
    CHECK(top[0].because[0].delta == doctest::Approx(0.5));
}

TEST_CASE("explain: deltas equal brute-force re-scoring without each entry (pooled, with a watch head)") {
    const Predictor predictor = trained("pooled");
    REQUIRE(predictor.has_watch());
    for (int32_t movie : {2, 3, 18, 30}) check_brute_force(predictor, kHistory, movie);
}

TEST_CASE("explain: the seed architecture works the same way (re-scoring without each entry)") {
    const Predictor predictor = trained("seed");
    CHECK(std::string(predictor.model().arch->name()) == "seed");
    for (int32_t movie : {2, 18}) check_brute_force(predictor, kHistory, movie);
}

TEST_CASE("explain: empty and one-entry histories") {
    const Predictor predictor = trained("pooled");
    const Explanation empty = predictor.explain({}, 3);
    CHECK(empty.rating.contributions.empty());
    CHECK(empty.rating.delta_sum == 0);
    CHECK(empty.rating.score == doctest::Approx(empty.rating.baseline));
    CHECK(empty.watch.contributions.empty());
    CHECK(empty.watch.score == doctest::Approx(empty.watch.baseline));
    // One entry: its delta is the whole change from the empty history.
    const Explanation one = predictor.explain({{4, 4.5f}}, 3);
    REQUIRE(one.rating.contributions.size() == 1);
    CHECK(std::abs(one.rating.contributions[0].delta - (one.rating.score - one.rating.baseline)) < kRatingTolerance);
    CHECK(std::abs(one.rating.delta_sum - (one.rating.score - one.rating.baseline)) < kRatingTolerance);
    CHECK(std::abs(one.watch.contributions[0].delta - (one.watch.score - one.watch.baseline)) < kWatchTolerance);
    check_brute_force(predictor, {{4, 4.5f}}, 3);
    // Unknown history ids are ignored (and counted), repeats keep the last rating.
    PredictStats stats;
    const Explanation odd = predictor.explain({{4, 1.0f}, {99999, 3.0f}, {4, 4.5f}}, 3, &stats);
    CHECK(stats.unknown_history == 1);
    CHECK(stats.duplicate_history == 1);
    REQUIRE(odd.rating.contributions.size() == 1);
    CHECK(odd.rating.contributions[0].rating == 4.5f);
    CHECK(odd.rating.contributions[0].delta == doctest::Approx(one.rating.contributions[0].delta).epsilon(1e-5));
}

TEST_CASE("explain: an unknown movie id is a BadInput naming it") {
    const Predictor predictor = trained("pooled");
    CHECK_MOVIENET_ERROR(predictor.explain(kHistory, 424242), ErrorCode::BadInput, "movie 424242 is not in the model's catalogue");
    CHECK_MOVIENET_ERROR(predictor.explain({{1, 9.0f}}, 3), ErrorCode::BadInput, "history[0].rating");
    CHECK_MOVIENET_ERROR(predictor.recommend(kHistory, 3, {}, nullptr, 0, RankBy::Both, -1), ErrorCode::BadInput, "explain");
}

TEST_CASE("recommend(explain = n): the n strongest positive leave-one-out effects on each predicted rating") {
    for (const char* arch : {"pooled", "seed"}) {
        CAPTURE(arch);
        const Predictor predictor = trained(arch);
        const auto plain = predictor.recommend(kHistory, 8, {});
        const auto top = predictor.recommend(kHistory, 8, {}, nullptr, 0, RankBy::Both, 2);
        REQUIRE(top.size() == plain.size());
        for (size_t r = 0; r < top.size(); ++r) {
            CHECK(top[r].movie_id == plain[r].movie_id);
            CHECK(plain[r].because.empty());
            const Explanation e = predictor.explain(kHistory, top[r].movie_id);
            std::vector<Contribution> positive;
            for (const auto& c : e.rating.contributions)
                if (c.delta > 0 && positive.size() < 2) positive.push_back(c);
            REQUIRE(top[r].because.size() == positive.size());
            for (size_t j = 0; j < positive.size(); ++j) {
                CHECK(top[r].because[j].movie_id == positive[j].movie_id);
                CHECK(std::abs(top[r].because[j].delta - positive[j].delta) < kRatingTolerance);
                CHECK(top[r].because[j].delta > 0);
            }
        }
    }
    const Predictor predictor = trained("pooled");
    CHECK(predictor.recommend({}, 3, {}, nullptr, 0, RankBy::Both, 2)[0].because.empty());
}
