// Splits: official ml-100k files, seeded k-fold, per-user temporal hold-out.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/data/split.h"

using movienet::Error;
using movienet::ErrorCode;
using movienet::Rating;
using movienet::Split;

namespace {

namespace fs = std::filesystem;

class SplitTempDir {
public:
    SplitTempDir() {
        static std::atomic<unsigned> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = fs::temp_directory_path() /
                ("movienet_test_split_" + std::to_string(stamp) + "_" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~SplitTempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    SplitTempDir(const SplitTempDir&) = delete;
    SplitTempDir& operator=(const SplitTempDir&) = delete;

    std::string str() const { return path_.string(); }
    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream out(path_ / name, std::ios::binary);
        out << bytes;
    }

private:
    fs::path path_;
};

// Distinct (user, movie) pairs with varied ratings and timestamps.
std::vector<Rating> synthetic_ratings(int n) {
    std::vector<Rating> ratings;
    for (int i = 0; i < n; ++i) {
        ratings.push_back({1 + i % 37, 1 + i, static_cast<float>(1 + i % 5),
                           static_cast<int64_t>(1000 + (i * 7919) % 1009)});
    }
    return ratings;
}

// A rating's identity: every synthetic pair is unique.
using Key = std::tuple<int32_t, int32_t>;
Key key(const Rating& r) { return {r.user, r.movie}; }

bool same(const std::vector<Rating>& a, const std::vector<Rating>& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](const Rating& x, const Rating& y) {
               return x.user == y.user && x.movie == y.movie && x.rating == y.rating &&
                      x.timestamp == y.timestamp;
           });
}

// Position of each rating in the input, to check that order is kept.
std::vector<size_t> positions(const std::vector<Rating>& part, const std::vector<Rating>& all) {
    std::map<Key, size_t> where;
    for (size_t i = 0; i < all.size(); ++i) where[key(all[i])] = i;
    std::vector<size_t> out;
    for (const Rating& r : part) out.push_back(where.at(key(r)));
    return out;
}

}  // namespace

TEST_CASE("official_split reads NAME.base and NAME.test") {
    SplitTempDir dir;
    dir.write("u1.base", "1\t10\t4\t100\n1\t11\t3\t101\n2\t10\t5\t102\n");
    dir.write("u1.test", "2\t11\t2\t103\n");
    const Split s = movienet::official_split(dir.str(), "u1");
    CHECK(s.name == "u1");
    REQUIRE(s.train.size() == 3);
    REQUIRE(s.test.size() == 1);
    CHECK(s.train[2].user == 2);
    CHECK(s.train[2].rating == 5.0f);
    CHECK(s.test[0].movie == 11);
    CHECK(s.test[0].timestamp == 103);

    CHECK(movienet::official_split_names().size() == 7);
    const Error missing = [&] {
        try {
            movienet::official_split(dir.str(), "ua");
        } catch (const Error& e) {
            return e;
        }
        return Error(ErrorCode::BadInput, "no error");
    }();
    CHECK(missing.code() == ErrorCode::Io);
    CHECK(std::string(missing.what()).find("ua.base") != std::string::npos);

    CHECK_THROWS_WITH_AS(movienet::official_split(dir.str(), "u6"),
                         doctest::Contains("unknown official split 'u6'"), Error);
    dir.write("u2.base", "1\t10\t4\t100\n");
    dir.write("u2.test", "1\t10\t9\t100\n");
    CHECK_THROWS_WITH_AS(movienet::official_split(dir.str(), "u2"),
                         doctest::Contains("u2.test:1: rating 9 is outside the scale 1..5"), Error);
}

TEST_CASE("k-fold puts every rating in exactly one test part") {
    const std::vector<Rating> ratings = synthetic_ratings(1003);
    for (int k : {2, 5, 10}) {
        CAPTURE(k);
        const std::vector<Split> folds = movienet::kfold_splits(ratings, k, 42);
        REQUIRE(folds.size() == static_cast<size_t>(k));
        std::map<Key, int> times_tested;
        size_t smallest = ratings.size(), largest = 0;
        for (size_t f = 0; f < folds.size(); ++f) {
            const Split& s = folds[f];
            CHECK(s.name == "fold" + std::to_string(f + 1));
            CHECK(s.train.size() + s.test.size() == ratings.size());
            smallest = std::min(smallest, s.test.size());
            largest = std::max(largest, s.test.size());
            std::set<Key> train_keys;
            for (const Rating& r : s.train) train_keys.insert(key(r));
            for (const Rating& r : s.test) {
                ++times_tested[key(r)];
                CHECK(train_keys.count(key(r)) == 0);
            }
            CHECK(train_keys.size() + s.test.size() == ratings.size());
            // Both parts keep the input order.
            const auto tp = positions(s.test, ratings);
            const auto rp = positions(s.train, ratings);
            CHECK(std::is_sorted(tp.begin(), tp.end()));
            CHECK(std::is_sorted(rp.begin(), rp.end()));
        }
        CHECK(times_tested.size() == ratings.size());
        for (const auto& kv : times_tested) CHECK(kv.second == 1);
        CHECK(largest - smallest <= 1);
    }
}

TEST_CASE("k-fold is deterministic per seed and shuffles") {
    const std::vector<Rating> ratings = synthetic_ratings(500);
    const auto a = movienet::kfold_splits(ratings, 5, 7);
    const auto b = movienet::kfold_splits(ratings, 5, 7);
    const auto c = movienet::kfold_splits(ratings, 5, 8);
    for (size_t f = 0; f < a.size(); ++f) {
        CHECK(same(a[f].test, b[f].test));
        CHECK(same(a[f].train, b[f].train));
    }
    bool any_differs = false;
    for (size_t f = 0; f < a.size(); ++f) any_differs = any_differs || !same(a[f].test, c[f].test);
    CHECK(any_differs);
    // A shuffle, not contiguous blocks: the first test part spans the input.
    const auto p = positions(a[0].test, ratings);
    CHECK(p.front() < 100);
    CHECK(p.back() >= 400);
}

TEST_CASE("k-fold rejects impossible k") {
    const std::vector<Rating> ratings = synthetic_ratings(3);
    CHECK_THROWS_WITH_AS(movienet::kfold_splits(ratings, 1, 0), doctest::Contains("got k = 1"), Error);
    CHECK_THROWS_WITH_AS(movienet::kfold_splits(ratings, 4, 0), doctest::Contains("got k = 4"), Error);
    CHECK(movienet::kfold_splits(ratings, 3, 0).at(2).test.size() == 1);
}

TEST_CASE("temporal split holds out each user's latest ratings") {
    // User 1: 5 ratings out of time order; user 2: a timestamp tie; user 3: one rating.
    const std::vector<Rating> ratings = {
        {1, 10, 4.0f, 500}, {2, 10, 3.0f, 50}, {1, 11, 3.0f, 100}, {1, 12, 5.0f, 900},
        {3, 10, 2.0f, 10},  {1, 13, 1.0f, 300}, {2, 11, 4.0f, 60}, {1, 14, 2.0f, 700},
        {2, 12, 5.0f, 60},
    };
    SUBCASE("fraction 0.4") {
        const Split s = movienet::temporal_split(ratings, 0.4);
        CHECK(s.name == "temporal");
        // User 1: round(0.4 * 5) = 2 latest (900, 700). User 2: round(1.2) = 1,
        // the later of the two at t=60. User 3 keeps its only rating.
        REQUIRE(s.test.size() == 3);
        CHECK(s.test[0].user == 1);
        CHECK(s.test[0].movie == 12);
        CHECK(s.test[1].movie == 14);
        CHECK(s.test[2].user == 2);
        CHECK(s.test[2].movie == 12);
        CHECK(s.train.size() == 6);
        CHECK(std::any_of(s.train.begin(), s.train.end(), [](const Rating& r) { return r.user == 3; }));
        // Input order within each part.
        CHECK(same(s.train, {ratings[0], ratings[1], ratings[2], ratings[4], ratings[5], ratings[6]}));
    }
    SUBCASE("a tiny fraction still holds out one per user with two or more") {
        const Split s = movienet::temporal_split(ratings, 0.01);
        REQUIRE(s.test.size() == 2);
        CHECK(s.test[0].movie == 12);
        CHECK(s.test[0].user == 1);
        CHECK(s.test[1].user == 2);
    }
    SUBCASE("a large fraction keeps at least one per user in train") {
        const Split s = movienet::temporal_split(ratings, 0.99);
        CHECK(s.train.size() == 3);
        for (int u : {1, 2, 3})
            CHECK(std::count_if(s.train.begin(), s.train.end(),
                                [u](const Rating& r) { return r.user == u; }) == 1);
        // The one kept is each user's earliest.
        CHECK(s.train[0].timestamp == 50);
        CHECK(s.train[1].timestamp == 100);
    }
    SUBCASE("every test rating is no earlier than the user's train ratings") {
        const Split s = movienet::temporal_split(synthetic_ratings(2000), 0.2);
        std::map<int32_t, int64_t> latest_train;
        for (const Rating& r : s.train)
            latest_train[r.user] = std::max(latest_train[r.user], r.timestamp);
        for (const Rating& r : s.test) CHECK(r.timestamp >= latest_train.at(r.user));
        CHECK(s.train.size() + s.test.size() == 2000);
        CHECK(s.test.size() >= 370);
        CHECK(s.test.size() <= 430);
    }
    CHECK_THROWS_WITH_AS(movienet::temporal_split(ratings, 0.0), doctest::Contains("got 0"), Error);
    CHECK_THROWS_WITH_AS(movienet::temporal_split(ratings, 1.0), doctest::Contains("got 1"), Error);
}
