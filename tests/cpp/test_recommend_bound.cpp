// recommend() rates only the movies that can make its list (the watch chance
// bounds the default key: a predicted rating is at most the scale's top), yet
// lists exactly what a sort of every movie's rank score lists: the same movies,
// order, ties (by catalogue order) and scores.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "movienet/io/file_io.h"
#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_model.h"
#include "safetensors_edit.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

const std::string kModel = std::string(MOVIENET_SOURCE_DIR) + "/models/movienet-ml-latest-small.safetensors";

// The model with its catalogue twice over (every per-movie tensor's rows
// repeated, new ids for the copies): each movie has a twin with the same
// scores, so every key is tied.
std::string doubled_catalogue(const std::string& file) {
    const uint64_t n = header_length(file);
    const nlohmann::json header = nlohmann::json::parse(file.substr(8, n));
    const int64_t movies = header.at("catalogue.ids").at("shape").at(0).get<int64_t>();
    nlohmann::json out = nlohmann::json::object();
    std::string data;
    for (const auto& [name, t] : header.items()) {
        if (name == "__metadata__") {
            out[name] = t;
            continue;
        }
        const auto begin = t.at("data_offsets").at(0).get<std::size_t>(), end = t.at("data_offsets").at(1).get<std::size_t>();
        std::string part = file.substr(8 + n + begin, end - begin);
        nlohmann::json entry = t;
        const bool per_movie = !t.at("shape").empty() && t.at("shape").at(0).get<int64_t>() == movies;
        if (per_movie || name == "catalogue.titles" || name == "catalogue.genres") {
            std::string twin = part;
            if (name == "catalogue.ids") {
                REQUIRE(t.at("dtype") == "I32");
                for (int64_t i = 0; i < movies; ++i) {
                    int32_t id;
                    std::memcpy(&id, &twin[std::size_t(4 * i)], 4);
                    id += 1 << 24;
                    std::memcpy(&twin[std::size_t(4 * i)], &id, 4);
                }
            }
            part += twin;
            entry["shape"][0] = 2 * t.at("shape").at(0).get<int64_t>();
        }
        entry["data_offsets"] = {data.size(), data.size() + part.size()};
        data += part;
        out[name] = entry;
    }
    const std::string text = out.dump();
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[std::size_t(i)] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
    return bytes + text + data;
}

// recommend() against the rank scores of every movie, sorted.
void check_against_sort(const Predictor& predictor) {
    const Catalogue& c = predictor.catalogue();
    for (const int length : {0, 1, 5, 20, 100}) {
        std::vector<HistoryEntry> history;
        for (int j = 0; j < length; ++j)
            history.push_back({c.ids[std::size_t((j * 487 + 3) % c.size())], 0.5f + float((j * 7) % 10) * 0.5f});
        const std::vector<int32_t> exclude = {c.ids[11], c.ids[317], 999999999};
        for (const RankBy by : {RankBy::Both, RankBy::Watch, RankBy::Rating}) {
            const std::vector<float> keys = predictor.rank_scores(history, by);
            for (const int min_ratings : {0, 3}) {
                std::vector<int> order;
                for (int i = 0; i < c.size(); ++i)
                    if (keys[std::size_t(i)] != -std::numeric_limits<float>::infinity() && i != 11 && i != 317 &&
                        c.rating_counts[std::size_t(i)] >= min_ratings)
                        order.push_back(i);
                std::sort(order.begin(), order.end(), [&](int a, int b) {
                    const float ka = keys[std::size_t(a)], kb = keys[std::size_t(b)];
                    return ka > kb || (ka == kb && a < b);
                });
                for (const int k : {0, 1, 10, 250}) {
                    CAPTURE(length);
                    CAPTURE(rank_by_name(by));
                    CAPTURE(min_ratings);
                    CAPTURE(k);
                    const auto top = predictor.recommend(history, k, exclude, nullptr, min_ratings, by);
                    REQUIRE(top.size() == std::min(order.size(), std::size_t(k)));
                    for (std::size_t r = 0; r < top.size(); ++r) {
                        const float key = keys[std::size_t(order[r])];
                        CHECK(top[r].index == order[r]);
                        // The rating order's key is the unclamped rating; the list shows it clamped.
                        if (by == RankBy::Both) CHECK(top[r].score == key);
                        if (by == RankBy::Watch) CHECK(top[r].score == std::exp(key));
                        if (by == RankBy::Rating) CHECK(top[r].score == predictor.clamp(key));
                    }
                }
            }
        }
    }
}

}  // namespace

TEST_CASE("recommend lists exactly what a sort of every movie's rank score lists: the shipped model") {
    const Predictor predictor(load_rating_model_file(kModel));
    REQUIRE(predictor.has_watch());
    check_against_sort(predictor);
}

TEST_CASE("recommend lists exactly what a sort lists when every key is tied: the catalogue twice over") {
    const Predictor predictor(load_rating_model_string(doubled_catalogue(read_file(kModel)), "doubled"));
    const Catalogue& c = predictor.catalogue();
    REQUIRE(c.size() % 2 == 0);
    // The twins score the same.
    const int half = c.size() / 2;
    const std::vector<HistoryEntry> history = {{c.ids[5], 4.5f}, {c.ids[99], 2.0f}};
    const auto keys = predictor.rank_scores(history, RankBy::Both);
    CHECK(keys[std::size_t(40)] == keys[std::size_t(half + 40)]);
    // Without the rated movies' twins, every candidate has one.
    const auto top = predictor.recommend(history, 4, {c.ids[std::size_t(half + 5)], c.ids[std::size_t(half + 99)]});
    REQUIRE(top.size() == 4);
    CHECK(top[0].score == top[1].score);
    CHECK(top[1].index == top[0].index + half);  // the twin right after: catalogue order breaks the tie
    check_against_sort(predictor);
}
