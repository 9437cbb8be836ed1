// The seed architecture's hand-crafted features: layout, standardisation,
// exact leave-one-out (no target leak), cold start, JSON round trip.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "error_check.h"
#include "movienet/rec/seed/seed_features.h"
#include "movienet/io/json_fields.h"
#include "movienet/rec/seed/seed_features_json.h"

using movienet::Catalogue;
using movienet::ErrorCode;
using movienet::Index;
using movienet::Json;
using movienet::Matrix;
using movienet::Rating;
using movienet::ResolvedHistory;
using movienet::SeedFeatureEncoder;
using movienet::seed_features_from_json;

namespace {

// Read back from its text, as a version-1 file would be.
Json as_read(const Json& value) { return movienet::parse_json_file(value.dump(), "test"); }

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// 4 genres; movies 1..24 with genre patterns and years (every fifth unknown).
// Movies 100 and 101 are twins (genre 3 only, same year) for the movie-leak test.
Catalogue toy_catalogue() {
    Catalogue c;
    c.genre_names = {"Action", "Comedy", "Drama", "Horror"};
    for (int id = 1; id <= 24; ++id) {
        c.ids.push_back(id);
        c.titles.push_back("Movie " + std::to_string(id));
        c.years.push_back(id % 5 == 0 ? 0 : 1960 + 2 * id);
        std::vector<int> genres;
        if (id % 2 == 0) genres.push_back(0);
        if (id % 3 == 0) genres.push_back(1);
        if (id % 4 == 1) genres.push_back(2);
        c.genres.push_back(genres);
    }
    for (int id : {100, 101}) {
        c.ids.push_back(id);
        c.titles.push_back("Twin " + std::to_string(id));
        c.years.push_back(1999);
        c.genres.push_back({3});
    }
    c.rebuild_index();
    c.rating_counts.assign(c.ids.size(), 0);
    return c;
}

// Users 1..40 rate random movies 1..24; user u likes Action when u is even.
std::vector<Rating> toy_training(uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Rating> ratings;
    int64_t time = 1000;
    for (int32_t user = 1; user <= 40; ++user) {
        const int n = 3 + static_cast<int>(rng() % 12);
        std::vector<int> seen;
        for (int k = 0; k < n; ++k) {
            const int movie = 1 + static_cast<int>(rng() % 24);
            bool dup = false;
            for (int s : seen) dup = dup || s == movie;
            if (dup) continue;
            seen.push_back(movie);
            int stars = 1 + static_cast<int>(rng() % 5);
            if (user % 2 == 0 && movie % 2 == 0) stars = std::min(5, stars + 2);
            ratings.push_back({user, movie, static_cast<float>(stars), time++});
        }
    }
    return ratings;
}

ResolvedHistory history_of(const Catalogue& c, const std::vector<std::pair<int32_t, float>>& entries) {
    ResolvedHistory h;
    for (const auto& [id, r] : entries) {
        h.items.push_back(c.find(id));
        h.ratings.push_back(r);
    }
    return h;
}

std::vector<float> encode(const SeedFeatureEncoder& e, const SeedFeatureEncoder::Profile& p, int movie,
                          float leave_out) {
    std::vector<float> out(static_cast<size_t>(e.size()));
    e.encode(p, movie, leave_out, out.data());
    return out;
}

void check_close(const std::vector<float>& a, const std::vector<float>& b, double tolerance) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i)
        CHECK_MESSAGE(std::abs(double(a[i]) - double(b[i])) <= tolerance, "feature ", i, ": ", a[i], " vs ", b[i]);
}

}  // namespace

TEST_CASE("seed features: layout is 4G + 20 with documented block offsets") {
    const Catalogue catalogue = toy_catalogue();
    SeedFeatureEncoder e;
    e.fit(catalogue, toy_training(1));
    CHECK(e.genres() == 4);
    CHECK(e.size() == 36);
    CHECK(e.movie_offset() == 0);
    CHECK(e.viewer_offset() == 11);
    CHECK(e.interaction_offset() == 25);
    CHECK(e.interaction_offset() + 4 + 7 == e.size());
    CHECK(e.movies() == catalogue.size());
}

TEST_CASE("seed features: training encodings are standardised") {
    const Catalogue catalogue = toy_catalogue();
    const auto training = toy_training(2);
    SeedFeatureEncoder e;
    e.fit(catalogue, training);
    Matrix x, y;
    e.encode_training(training, catalogue, x, y);
    REQUIRE(x.cols() == static_cast<Index>(training.size()));
    for (Index f = 0; f < x.rows(); ++f) {
        const double mean = x.row(f).cast<double>().mean();
        const double var = (x.row(f).cast<double>().array() - mean).square().mean();
        CHECK_MESSAGE(std::abs(mean) < 1e-4, "feature ", f, " mean ", mean);
        // A constant feature stays 0; any other has unit variance.
        CHECK_MESSAGE((std::abs(var - 1) < 1e-3 || var < 1e-10), "feature ", f, " variance ", var);
    }
    CHECK(x.allFinite());
}

TEST_CASE("seed features: the target's genre affinity is left out (fails if it leaked)") {
    const Catalogue catalogue = toy_catalogue();
    auto training = toy_training(3);
    // Viewer 77: movie 1 is their only Drama (genre 2) and they loved it.
    // Movie 6 is Action+Comedy, 3 is Comedy: no Drama.
    training.push_back({77, 1, 5.0f, 1});
    training.push_back({77, 6, 2.0f, 2});
    training.push_back({77, 3, 3.0f, 3});
    SeedFeatureEncoder e;
    e.fit(catalogue, training);
    const int drama = 2;
    const Index affinity = e.viewer_offset() + 6 + drama;
    const Index share = e.viewer_offset() + 6 + e.genres() + drama;
    const Index product = e.interaction_offset() + drama;

    const auto full = e.profile(history_of(catalogue, {{1, 5.0f}, {6, 2.0f}, {3, 3.0f}}));
    const auto rest = e.profile(history_of(catalogue, {{6, 2.0f}, {3, 3.0f}}));
    const auto empty = e.profile(ResolvedHistory{});
    const int target = catalogue.find(1);

    const auto left_out = encode(e, full, target, 5.0f);
    const auto leaked = encode(e, full, target, kNaN);
    const auto cold = encode(e, empty, target, kNaN);
    const auto without = encode(e, rest, target, kNaN);
    // With the target left out, the Drama affinity is the no-history value.
    CHECK(left_out[size_t(affinity)] == cold[size_t(affinity)]);
    CHECK(left_out[size_t(product)] == cold[size_t(product)]);
    CHECK(left_out[size_t(affinity)] == without[size_t(affinity)]);
    CHECK(left_out[size_t(share)] == doctest::Approx(without[size_t(share)]).epsilon(1e-6));
    // Had it leaked, the affinity would be strongly positive.
    CHECK(leaked[size_t(affinity)] > left_out[size_t(affinity)] + 0.5f);
}

TEST_CASE("seed features: leave-out equals encoding the history without the target") {
    const Catalogue catalogue = toy_catalogue();
    const auto training = toy_training(4);
    SeedFeatureEncoder e;
    e.fit(catalogue, training);
    for (int32_t user : {2, 7, 18, 33}) {
        std::vector<std::pair<int32_t, float>> entries;
        for (const auto& r : training)
            if (r.user == user) entries.push_back({r.movie, r.rating});
        REQUIRE(entries.size() >= 2);
        const auto full = e.profile(history_of(catalogue, entries));
        for (size_t t = 0; t < entries.size(); ++t) {
            auto others = entries;
            others.erase(others.begin() + static_cast<long>(t));
            const int movie = catalogue.find(entries[t].first);
            const float rating = entries[t].second;
            const auto expected_profile = e.profile(history_of(catalogue, others));
            std::vector<float> expected(static_cast<size_t>(e.size()));
            e.encode(expected_profile, movie, e.movie_stats(movie, rating), expected.data());
            check_close(encode(e, full, movie, rating), expected, 1e-5);
        }
    }
}

TEST_CASE("seed features: the target is left out of its movie's statistics too") {
    const Catalogue catalogue = toy_catalogue();
    auto training = toy_training(5);
    // Movie 100 has a single training rating; its twin 101 has none.
    training.push_back({5, 100, 5.0f, 9});
    SeedFeatureEncoder e;
    e.fit(catalogue, training);
    const int twin_rated = catalogue.find(100), twin_unrated = catalogue.find(101);
    const auto stats = e.movie_stats(twin_rated, 5.0f);
    CHECK(stats.count == 0);
    CHECK(stats.sum == 0);
    CHECK(e.movie_stats(twin_rated, kNaN).count == 1);
    CHECK(e.movie_stats(twin_rated, kNaN).sum == 5.0);

    std::vector<std::pair<int32_t, float>> entries;
    for (const auto& r : training)
        if (r.user == 5) entries.push_back({r.movie, r.rating});
    const auto full = e.profile(history_of(catalogue, entries));
    // Training encoding of (5, 100) = prediction for the never-rated twin by
    // the same viewer without that rating: nothing about the 5 stars remains.
    const auto training_features = encode(e, full, twin_rated, 5.0f);
    const auto twin_features = encode(e, e.without(full, twin_rated, 5.0f), twin_unrated, kNaN);
    check_close(training_features, twin_features, 0);
    CHECK_MOVIENET_ERROR(e.movie_stats(twin_unrated, 4.0f), ErrorCode::BadInput, "no training ratings");
}

TEST_CASE("seed features: encode_training matches per-rating encode, input order, unknown movies skipped") {
    const Catalogue catalogue = toy_catalogue();
    auto training = toy_training(6);
    training.insert(training.begin() + 3, Rating{3, 999, 4.0f, 5});  // not in the catalogue
    SeedFeatureEncoder e;
    e.fit(catalogue, training);
    Matrix x, y;
    e.encode_training(training, catalogue, x, y);
    REQUIRE(x.cols() == static_cast<Index>(training.size() - 1));
    REQUIRE(x.rows() == e.size());
    Index column = 0;
    for (const auto& r : training) {
        if (catalogue.find(r.movie) < 0) continue;
        std::vector<std::pair<int32_t, float>> entries;
        for (const auto& other : training)
            if (other.user == r.user && catalogue.find(other.movie) >= 0) entries.push_back({other.movie, other.rating});
        const auto features = encode(e, e.profile(history_of(catalogue, entries)), catalogue.find(r.movie), r.rating);
        CHECK(y(0, column) == r.rating);
        for (Index f = 0; f < e.size(); ++f) CHECK(x(f, column) == features[size_t(f)]);
        ++column;
    }
    Catalogue other = catalogue;
    other.ids.pop_back();
    other.rebuild_index();
    CHECK_MOVIENET_ERROR(e.encode_training(training, other, x, y), ErrorCode::BadInput, "fitted on");
}

TEST_CASE("seed features: cold start and bad leave-out") {
    const Catalogue catalogue = toy_catalogue();
    SeedFeatureEncoder e;
    e.fit(catalogue, toy_training(7));
    const auto empty = e.profile(ResolvedHistory{});
    CHECK(empty.count == 0);
    for (int m = 0; m < catalogue.size(); ++m) {
        const auto features = encode(e, empty, m, kNaN);
        for (float v : features) CHECK(std::isfinite(v));
    }
    // Two cold viewers are the same viewer: only the movie block differs between movies.
    const auto a = encode(e, empty, 0, kNaN), b = encode(e, empty, 1, kNaN);
    for (Index f = e.viewer_offset(); f < e.interaction_offset(); ++f) CHECK(a[size_t(f)] == b[size_t(f)]);
    CHECK_MOVIENET_ERROR(encode(e, empty, 0, 3.0f), ErrorCode::BadInput, "does not hold it");
    CHECK_MOVIENET_ERROR(encode(e, empty, catalogue.size(), kNaN), ErrorCode::BadInput, "outside");
    CHECK_MOVIENET_ERROR(e.profile(history_of(catalogue, {{12345, 3.0f}})), ErrorCode::BadInput, "history item 0");
}

TEST_CASE("seed features: fit needs ratings of catalogue movies") {
    SeedFeatureEncoder e;
    CHECK_MOVIENET_ERROR(e.fit(toy_catalogue(), {Rating{1, 999, 3.0f, 0}}), ErrorCode::BadInput,
                         "none of the 1 training ratings");
}

TEST_CASE("seed features: JSON round trip gives identical features") {
    const Catalogue catalogue = toy_catalogue();
    const auto training = toy_training(8);
    SeedFeatureEncoder e;
    e.fit(catalogue, training);
    const SeedFeatureEncoder back = seed_features_from_json(as_read(seed_features_to_json(e)), "seed");
    REQUIRE(back.size() == e.size());
    Matrix x1, y1, x2, y2;
    e.encode_training(training, catalogue, x1, y1);
    back.encode_training(training, catalogue, x2, y2);
    CHECK((x1.array() == x2.array()).all());
    const auto history = history_of(catalogue, {{2, 4.0f}, {3, 1.0f}, {100, 5.0f}});
    for (int m = 0; m < catalogue.size(); ++m)
        CHECK(encode(e, e.profile(history), m, kNaN) == encode(back, back.profile(history), m, kNaN));
}

TEST_CASE("seed features: malformed JSON names the field") {
    SeedFeatureEncoder e;
    e.fit(toy_catalogue(), toy_training(9));
    const Json good = seed_features_to_json(e);
    {
        Json j = good;
        j.erase("movie_sum");
        CHECK_MOVIENET_ERROR(seed_features_from_json(as_read(j), "seed"), ErrorCode::ModelFormat, "seed.movie_sum: missing");
    }
    {
        Json j = good;
        j["movie_count"][2] = "many";
        CHECK_MOVIENET_ERROR(seed_features_from_json(as_read(j), "seed"), ErrorCode::ModelFormat, "seed.movie_count[2]");
    }
    {
        Json j = good;
        j["feature_mean"].erase(0);
        CHECK_MOVIENET_ERROR(seed_features_from_json(as_read(j), "seed"), ErrorCode::ModelFormat,
                             "seed.feature_mean: expected 36 entries, found 35");
    }
    {
        Json j = good;
        j["features"] = 35;
        CHECK_MOVIENET_ERROR(seed_features_from_json(as_read(j), "seed"), ErrorCode::ModelFormat, "seed.features: 35");
    }
    {
        Json j = good;
        j["movie_genres"][4] = Json::array({7});
        CHECK_MOVIENET_ERROR(seed_features_from_json(as_read(j), "seed"), ErrorCode::ModelFormat,
                             "seed.movie_genres[4][0]");
    }
    {
        Json j = good;
        j["feature_scale"][3] = 0;
        CHECK_MOVIENET_ERROR(seed_features_from_json(as_read(j), "seed"), ErrorCode::ModelFormat,
                             "seed.feature_scale[3]: must be positive");
    }
    {
        Json j = good;
        j["global_var"] = -1;
        CHECK_MOVIENET_ERROR(seed_features_from_json(as_read(j), "seed"), ErrorCode::ModelFormat, "seed.global_var");
    }
    {
        Json j = good;
        j["layout"] = "other";
        CHECK_MOVIENET_ERROR(seed_features_from_json(as_read(j), "seed"), ErrorCode::ModelFormat, "seed.layout");
    }
}
