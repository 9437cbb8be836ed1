// HR@k and NDCG@k under the NCF leave-one-out protocol: hand-computed toy
// cases, pessimistic ties, and the sampling of negatives.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "error_check.h"
#include "movienet/rec/ranking_metrics.h"

using movienet::Catalogue;
using movienet::ErrorCode;
using movienet::LeaveOneOutCase;
using movienet::Rating;
using movienet::RankingResult;

namespace {

Catalogue catalogue_of(int movies) {
    Catalogue c;
    for (int id = 1; id <= movies; ++id) {
        c.ids.push_back(10 * id);  // raw ids differ from dense indices
        c.titles.push_back("Movie " + std::to_string(id));
        c.years.push_back(0);
        c.genres.emplace_back();
    }
    c.rebuild_index();
    c.rating_counts.assign(c.ids.size(), 0);
    return c;
}

// Users 1..30 with 2..60 ratings of distinct movies and shuffled timestamps.
std::vector<Rating> random_ratings(const Catalogue& c, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Rating> ratings;
    for (int32_t user = 1; user <= 30; ++user) {
        std::vector<int32_t> ids = c.ids;
        std::shuffle(ids.begin(), ids.end(), rng);
        const size_t n = 2 + rng() % 59;
        for (size_t k = 0; k < n; ++k)
            ratings.push_back({user, ids[k], float(1 + rng() % 5), int64_t(rng() % 100000)});
    }
    std::shuffle(ratings.begin(), ratings.end(), rng);
    return ratings;
}

}  // namespace

TEST_CASE("ranking: HR@k and NDCG@k from ranks, computed by hand") {
    const std::vector<int> ranks = {0, 2, 9, 10};
    const RankingResult at10 = movienet::ranking_from_ranks(ranks, 10);
    CHECK(at10.users == 4);
    CHECK(at10.k == 10);
    CHECK(at10.hit_rate == 0.75);
    // (1/log2(2) + 1/log2(4) + 1/log2(11) + 0) / 4
    CHECK(at10.ndcg == doctest::Approx(0.44726620657947197).epsilon(1e-12));
    const RankingResult at3 = movienet::ranking_from_ranks(ranks, 3);
    CHECK(at3.hit_rate == 0.5);
    CHECK(at3.ndcg == doctest::Approx(0.375).epsilon(1e-12));
    const RankingResult at1 = movienet::ranking_from_ranks(ranks, 1);
    CHECK(at1.hit_rate == 0.25);
    CHECK(at1.ndcg == 0.25);
    CHECK(movienet::ranking_from_ranks({}, 10).users == 0);
    CHECK_MOVIENET_ERROR(movienet::ranking_from_ranks(ranks, 0), ErrorCode::BadInput, "k must be >= 1");
    CHECK_MOVIENET_ERROR(movienet::ranking_from_ranks({-1}, 5), ErrorCode::BadInput, "negative");
}

TEST_CASE("ranking: evaluate_ranking on four users with explicit scores") {
    // Candidate scores per user: the positive first, then four negatives.
    //   user 1: positive best                     -> rank 0
    //   user 2: one negative higher               -> rank 1
    //   user 3: one tie and one higher (pessimistic: the tie ranks above) -> rank 2
    //   user 4: every negative higher             -> rank 4
    const std::map<int32_t, std::vector<float>> table = {
        {1, {0.9f, 0.1f, 0.2f, 0.3f, 0.4f}},
        {2, {0.5f, 0.6f, 0.1f, 0.2f, 0.3f}},
        {3, {0.5f, 0.5f, 0.9f, 0.1f, 0.2f}},
        {4, {0.0f, 0.1f, 0.2f, 0.3f, 0.4f}},
    };
    std::vector<LeaveOneOutCase> cases;
    for (const auto& [user, scores] : table) {
        LeaveOneOutCase c;
        c.user = user;
        c.positive = 100 + user;
        c.negatives = {1, 2, 3, 4};
        cases.push_back(c);
    }
    const auto scorer = [&](const LeaveOneOutCase& c, const std::vector<int>& candidates, std::vector<float>& out) {
        REQUIRE(candidates.size() == 5);
        CHECK(candidates[0] == c.positive);
        out = table.at(c.user);
    };
    const RankingResult at2 = movienet::evaluate_ranking(cases, 2, scorer);
    CHECK(at2.users == 4);
    CHECK(at2.hit_rate == 0.5);
    // (1/log2(2) + 1/log2(3)) / 4
    CHECK(at2.ndcg == doctest::Approx(0.4077324383928644).epsilon(1e-12));
    const RankingResult at5 = movienet::evaluate_ranking(cases, 5, scorer);
    CHECK(at5.hit_rate == 1.0);
    // (1 + 1/log2(3) + 1/log2(4) + 1/log2(6)) / 4
    CHECK(at5.ndcg == doctest::Approx(0.6294456402014998).epsilon(1e-12));
}

TEST_CASE("ranking: ties are pessimistic and NaN scores are errors") {
    const float negatives[3] = {1.0f, 1.0f, 1.0f};
    CHECK(movienet::positive_rank(1.0f, negatives, 3) == 3);  // a constant scorer never hits for free
    CHECK(movienet::positive_rank(1.5f, negatives, 3) == 0);
    const float with_nan[2] = {0.1f, std::numeric_limits<float>::quiet_NaN()};
    CHECK_MOVIENET_ERROR(movienet::positive_rank(1.0f, with_nan, 2), ErrorCode::BadInput, "negative 1 is NaN");

    LeaveOneOutCase c;
    c.user = 42;
    c.positive = 0;
    c.negatives = {1, 2};
    CHECK_MOVIENET_ERROR(
        movienet::evaluate_ranking({c}, 10, [](const LeaveOneOutCase&, const std::vector<int>&, std::vector<float>& s) {
            s[0] = 1.0f;  // the negatives are left unscored
        }),
        ErrorCode::BadInput, "user 42");
    CHECK_MOVIENET_ERROR(
        movienet::evaluate_ranking({c}, 10, [](const LeaveOneOutCase&, const std::vector<int>&, std::vector<float>& s) {
            s.assign(2, 0.0f);
        }),
        ErrorCode::BadInput, "2 scores for 3 candidates");
}

TEST_CASE("ranking: leave-one-out cases hold out the latest rating and sample only unrated movies") {
    const Catalogue catalogue = catalogue_of(300);
    auto ratings = random_ratings(catalogue, 11);
    ratings.push_back({99, 10, 4.0f, 5});      // a single rating: no history, skipped
    ratings.push_back({31, 20, 3.0f, 7});      // equal timestamps: the later line is the positive
    ratings.push_back({31, 30, 5.0f, 7});
    ratings.push_back({31, 999999, 1.0f, 9});  // unknown movie: ignored (else it would be latest)
    const auto cases = movienet::make_leave_one_out_cases(ratings, catalogue, 99, 7);

    std::map<int32_t, std::vector<Rating>> by_user;
    for (const auto& r : ratings)
        if (catalogue.find(r.movie) >= 0) by_user[r.user].push_back(r);
    REQUIRE(cases.size() == by_user.size() - 1);  // user 99 is skipped
    int32_t previous = -1;
    for (const auto& c : cases) {
        CHECK(c.user > previous);  // ascending ids
        previous = c.user;
        const auto& rows = by_user.at(c.user);
        int64_t latest = 0;
        for (const auto& r : rows) latest = std::max(latest, r.timestamp);
        const int32_t positive_id = catalogue.ids[size_t(c.positive)];
        bool found = false;
        for (const auto& r : rows)
            if (r.movie == positive_id) {
                found = true;
                CHECK(r.timestamp == latest);
                CHECK(r.rating == c.positive_rating);
            }
        CHECK(found);
        CHECK(c.history.items.size() == rows.size() - 1);
        std::set<int> rated;
        for (const auto& r : rows) rated.insert(catalogue.find(r.movie));
        for (int item : c.history.items) CHECK(item != c.positive);
        CHECK(c.negatives.size() == 99);
        const std::set<int> distinct(c.negatives.begin(), c.negatives.end());
        CHECK(distinct.size() == c.negatives.size());
        for (int m : c.negatives) {
            CHECK(m >= 0);
            CHECK(m < catalogue.size());
            CHECK(rated.count(m) == 0);
        }
    }
    const auto& user31 = cases.back();
    REQUIRE(user31.user == 31);
    CHECK(user31.positive == catalogue.find(30));
    CHECK(user31.history.items == std::vector<int>{catalogue.find(20)});
}

TEST_CASE("ranking: leave-one-out sampling is deterministic per seed and independent of other users") {
    const Catalogue catalogue = catalogue_of(300);
    const auto ratings = random_ratings(catalogue, 12);
    const auto a = movienet::make_leave_one_out_cases(ratings, catalogue, 99, 1);
    const auto b = movienet::make_leave_one_out_cases(ratings, catalogue, 99, 1);
    const auto other = movienet::make_leave_one_out_cases(ratings, catalogue, 99, 2);
    REQUIRE(a.size() == b.size());
    size_t differing = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].negatives == b[i].negatives);
        if (a[i].negatives != other[i].negatives) ++differing;
    }
    CHECK(differing == a.size());
    // Dropping every other user leaves each remaining user's case unchanged.
    std::vector<Rating> first_user;
    for (const auto& r : ratings)
        if (r.user == a[3].user) first_user.push_back(r);
    const auto alone = movienet::make_leave_one_out_cases(first_user, catalogue, 99, 1);
    REQUIRE(alone.size() == 1);
    CHECK(alone[0].negatives == a[3].negatives);
    CHECK(alone[0].positive == a[3].positive);
}

TEST_CASE("ranking: a user who rated almost everything gets every unrated movie") {
    const Catalogue catalogue = catalogue_of(40);
    std::vector<Rating> ratings;
    for (int k = 0; k < 35; ++k) ratings.push_back({1, catalogue.ids[size_t(k)], 3.0f, k});
    const auto cases = movienet::make_leave_one_out_cases(ratings, catalogue, 99, 3);
    REQUIRE(cases.size() == 1);
    std::vector<int> negatives = cases[0].negatives;
    std::sort(negatives.begin(), negatives.end());
    CHECK(negatives == std::vector<int>{35, 36, 37, 38, 39});
    CHECK(cases[0].positive == 34);
    CHECK_MOVIENET_ERROR(movienet::make_leave_one_out_cases(ratings, catalogue, -1, 3), ErrorCode::BadInput,
                         "negatives must be >= 0");
}

TEST_CASE("ranking: leave-latest-out training data leaves out exactly each case's held-out rating") {
    const Catalogue catalogue = catalogue_of(300);
    auto ratings = random_ratings(catalogue, 13);
    ratings.push_back({99, 10, 4.0f, 5});      // a single rating: no case, stays in training
    ratings.push_back({31, 999999, 1.0f, 9});  // unknown movie: never held out, stays in training
    ratings.push_back({31, 20, 3.0f, 7});
    ratings.push_back({31, 30, 5.0f, 8});
    const auto split = movienet::make_leave_latest_out(ratings, catalogue, 10, 5);
    const auto cases = movienet::make_leave_one_out_cases(ratings, catalogue, 10, 5);
    REQUIRE(split.cases.size() == cases.size());
    for (size_t i = 0; i < cases.size(); ++i) {
        CHECK(split.cases[i].positive == cases[i].positive);
        CHECK(split.cases[i].negatives == cases[i].negatives);
    }
    REQUIRE(split.training.size() == ratings.size() - split.cases.size());

    std::map<int32_t, size_t> all_count, train_count;
    for (const auto& r : ratings) ++all_count[r.user];
    for (const auto& r : split.training) ++train_count[r.user];
    std::map<int32_t, int32_t> positive_of;
    for (const auto& c : split.cases) positive_of[c.user] = catalogue.ids[size_t(c.positive)];
    for (const auto& [user, n] : all_count) {
        const bool has_case = positive_of.count(user) > 0;
        CHECK(train_count[user] == n - (has_case ? 1 : 0));
    }
    CHECK(positive_of.count(99) == 0);
    CHECK(positive_of.at(31) == 30);
    for (const auto& r : split.training) {
        const auto it = positive_of.find(r.user);
        if (it != positive_of.end()) CHECK(r.movie != it->second);
    }
    // The training ratings keep the input order and are the history each case sees.
    size_t next = 0;
    for (const auto& r : ratings)
        if (next < split.training.size() && r.user == split.training[next].user && r.movie == split.training[next].movie) ++next;
    CHECK(next == split.training.size());
    for (const auto& c : split.cases) {
        std::set<int> trained;
        for (const auto& r : split.training)
            if (r.user == c.user && catalogue.find(r.movie) >= 0) trained.insert(catalogue.find(r.movie));
        CHECK(std::set<int>(c.history.items.begin(), c.history.items.end()) == trained);
    }
}

TEST_CASE("ranking: the full-catalogue rank skips the viewer's training movies") {
    LeaveOneOutCase c;
    c.user = 7;
    c.positive = 2;
    c.history.items = {0, 5};
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    //                              0 (history)  1 (tie)  2 (+)  3      4     5 (history)  6      7
    const std::vector<float> scores = {10.0f, 0.5f, 0.5f, 0.7f, 0.1f, 9.0f, -inf, 0.4f};
    // Ranked above the positive: movie 1 (tie, pessimistic) and movie 3; movies 0 and 5 score higher but were rated.
    CHECK(movienet::catalogue_rank(c, scores) == 2);
    std::vector<float> nan_history = scores;
    nan_history[0] = nan;  // a rated movie's score is never looked at
    CHECK(movienet::catalogue_rank(c, nan_history) == 2);
    c.history.items.clear();
    CHECK(movienet::catalogue_rank(c, scores) == 4);  // now movies 0 and 5 count too

    std::vector<float> nan_candidate = scores;
    nan_candidate[4] = nan;
    CHECK_MOVIENET_ERROR(movienet::catalogue_rank(c, nan_candidate), ErrorCode::BadInput, "catalogue movie 4 is NaN");
    c.positive = 8;
    CHECK_MOVIENET_ERROR(movienet::catalogue_rank(c, scores), ErrorCode::BadInput, "positive 8 is outside the catalogue of 8");
    // A positive at -infinity ties with every other -infinity movie and ranks below them.
    c.positive = 6;
    CHECK(movienet::catalogue_rank(c, scores) == 7);
}

TEST_CASE("ranking: full-catalogue and sampled metrics from one score vector, computed by hand") {
    // Catalogue of 6 movies; one score vector per user (the scorer is called once per case).
    //   user 1: positive 0, history {1}, negatives {4, 5}
    //           unrated {2,3,4,5} above 0.6: movie 3 (0.9)          -> full rank 1; sampled: none above -> 0
    //   user 2: positive 5, history {0, 1}, negatives {2, 3}
    //           unrated {2,3,4} at or above 0.2: 2 (0.3), 3 (0.2 tie) -> full rank 2; sampled 2
    //   user 3: positive 4, history {}, negatives {0}
    //           unrated {0,1,2,3,5} above 0.5: 1, 2, 3                -> full rank 3; sampled 0
    const std::map<int32_t, std::vector<float>> table = {
        {1, {0.6f, 5.0f, 0.1f, 0.9f, 0.2f, 0.3f}},
        {2, {9.0f, 9.0f, 0.3f, 0.2f, 0.1f, 0.2f}},
        {3, {0.1f, 0.8f, 0.7f, 0.6f, 0.5f, 0.0f}},
    };
    const std::vector<std::pair<int, std::vector<int>>> setup = {{0, {1}}, {5, {0, 1}}, {4, {}}};
    const std::vector<std::vector<int>> negatives = {{4, 5}, {2, 3}, {0}};
    std::vector<LeaveOneOutCase> cases;
    for (int32_t user = 1; user <= 3; ++user) {
        LeaveOneOutCase c;
        c.user = user;
        c.positive = setup[size_t(user - 1)].first;
        c.history.items = setup[size_t(user - 1)].second;
        c.negatives = negatives[size_t(user - 1)];
        cases.push_back(c);
    }
    int calls = 0;
    const auto scorer = [&](const LeaveOneOutCase& c, std::vector<float>& scores) {
        ++calls;
        REQUIRE(scores.size() == 6);
        scores = table.at(c.user);
    };
    const movienet::CatalogueRankingResult at2 = movienet::evaluate_catalogue_ranking(cases, 6, 2, scorer);
    CHECK(calls == 3);
    CHECK(at2.full.users == 3);
    CHECK(at2.full.hit_rate == doctest::Approx(1.0 / 3).epsilon(1e-12));  // only rank 1 < 2
    CHECK(at2.full.ndcg == doctest::Approx((1 / std::log2(3.0)) / 3).epsilon(1e-12));
    CHECK(at2.sampled.hit_rate == doctest::Approx(2.0 / 3).epsilon(1e-12));  // ranks 0, 2, 0
    CHECK(at2.sampled.ndcg == doctest::Approx(2.0 / 3).epsilon(1e-12));
    const movienet::CatalogueRankingResult at3 = movienet::evaluate_catalogue_ranking(cases, 6, 3, scorer);
    CHECK(at3.full.hit_rate == doctest::Approx(2.0 / 3).epsilon(1e-12));  // ranks 1, 2
    CHECK(at3.full.ndcg == doctest::Approx((1 / std::log2(3.0) + 1 / std::log2(4.0)) / 3).epsilon(1e-12));
    CHECK(at3.sampled.hit_rate == 1.0);

    CHECK_MOVIENET_ERROR(movienet::evaluate_catalogue_ranking(cases, 6, 2,
                                                              [](const LeaveOneOutCase&, std::vector<float>& s) { s.resize(5, 0.0f); }),
                         ErrorCode::BadInput, "5 scores for a catalogue of 6 movies (user 1)");
    CHECK_MOVIENET_ERROR(movienet::evaluate_catalogue_ranking(cases, 6, 2, [](const LeaveOneOutCase&, std::vector<float>& s) {
                             s[0] = 1.0f;  // the rest left NaN
                         }),
                         ErrorCode::BadInput, "is NaN (user 1)");
    CHECK_MOVIENET_ERROR(movienet::evaluate_catalogue_ranking(cases, 6, 0, scorer), ErrorCode::BadInput, "k must be >= 1");
}
