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
