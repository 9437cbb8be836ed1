// Watch events without ratings (issue #20): the events.csv loader and its
// errors, ratings left out row by row, training a model with a watch head and
// no rating model, its file, and the rating questions it refuses by name.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "cli_runner.h"
#include "error_check.h"
#include "movienet/data/catalogue.h"
#include "movienet/data/dataset.h"
#include "movienet/rec/history_file.h"
#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_model.h"
#include "movienet/rec/rating_trainer.h"
#include "safetensors_edit.h"
#include "sequential_events.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();

// A folder holding movies.csv (movies 1..5) and events.csv with `events`.
std::string events_folder(const TempDir& dir, const std::string& events) {
    write_text(dir.file("movies.csv"), sequential_movies_csv(5));
    write_text(dir.file("events.csv"), events);
    return dir.path();
}

RatingTrainResult train_on(const Dataset& data, bool watch_head = true) {
    RatingTrainOptions options;
    options.epochs = 2;
    options.pooled.dim = 4;
    options.pooled.hidden = 8;
    options.watch_head = watch_head;
    return train_rating_model(data, data.ratings, options);
}

// Watched, in this order, without ratings.
std::vector<HistoryEntry> watched(std::initializer_list<int32_t> ids) {
    std::vector<HistoryEntry> history;
    for (int32_t id : ids) history.push_back({id, kNaN});
    return history;
}

}  // namespace

TEST_CASE("events.csv without a rating column: every row a watch event, in file order") {
    TempDir dir;
    events_folder(dir, "userId,movieId,timestamp\n1,2,100\n1,3,160\n\n2,5,90\n");
    CHECK(detect_data_format(dir.path()) == DataFormat::Events);
    CHECK(parse_data_format("events") == DataFormat::Events);
    CHECK(std::string(data_format_name(DataFormat::Events)) == "events");
    const Dataset ds = load_dataset(dir.path());
    CHECK(ds.format == DataFormat::Events);
    CHECK(ds.movies.size() == 5);
    REQUIRE(ds.ratings.size() == 3);
    CHECK(ds.ratings[1].user == 1);
    CHECK(ds.ratings[1].movie == 3);
    CHECK(ds.ratings[1].timestamp == 160);
    for (const Rating& r : ds.ratings) CHECK_FALSE(has_rating(r));
    CHECK(count_rated(ds.ratings) == 0);
}

TEST_CASE("events.csv with a rating column: a rating in some rows and not others") {
    TempDir dir;
    events_folder(dir, "UserId, MovieId, Rating, Timestamp\r\n1,2,4.5,100\r\n1,3,,160\r\n2,5, ,90\r\n2,1,1,95\r\n");
    const Dataset ds = load_dataset(dir.path());
    REQUIRE(ds.ratings.size() == 4);
    CHECK(ds.ratings[0].rating == 4.5f);
    CHECK(std::isnan(ds.ratings[1].rating));
    CHECK(std::isnan(ds.ratings[2].rating));
    CHECK(ds.ratings[3].rating == 1.0f);
    CHECK(count_rated(ds.ratings) == 2);
    // The catalogue counts every training event, rated or not.
    const Catalogue c = make_catalogue(ds, {ds.ratings[0], ds.ratings[3]}, ds.ratings);
    CHECK(c.size() == 5);
    CHECK(c.rating_counts[static_cast<size_t>(c.find(2))] == 1);
    CHECK(c.rating_counts[static_cast<size_t>(c.find(3))] == 1);
    CHECK(c.rating_counts[static_cast<size_t>(c.find(4))] == 0);
}

TEST_CASE("events.csv: bad rows are DataFormat errors naming file and line") {
    TempDir dir;
    const std::string events = dir.file("events.csv");
    const auto fails = [&](const std::string& text, const std::string& message) {
        events_folder(dir, text);
        CHECK_MOVIENET_ERROR(load_dataset(dir.path()), ErrorCode::DataFormat, message);
    };
    fails("userId,movieId,timestamp\n1,2,100\n1,3,soon\n", events + ":3: timestamp is not a number: 'soon'");
    fails("userId,movieId,timestamp\n1,99,100\n", events + ":2: event for unknown movie id 99 (not in movies.csv)");
    fails("userId,movieId,timestamp\n1,2,100\n-4,2,100\n", events + ":3: user id is negative: -4");
    fails("userId,movieId,rating,timestamp\n1,-2,4,100\n", events + ":2: movie id is negative: -2");
    fails("userId,movieId,rating,timestamp\n1,2,7,100\n", events + ":2: rating 7 is outside the scale 0.5..5");
    fails("userId,movieId,rating,timestamp\n1,2,good,100\n", events + ":2: rating is not a number: 'good'");
    fails("userId,movieId,timestamp\n1,2,4.5,100\n", events + ":2: expected 3 fields, got 4");
    fails("1,2,100\n", events + ":1: expected the header userId,movieId,timestamp or userId,movieId,rating,timestamp");
    fails("userId,movieId,timestamp\n\n", events + ": no events in the file");
    // The catalogue is required; a folder with both kinds of ratings file is ambiguous.
    std::filesystem::remove(dir.file("movies.csv"));
    CHECK_MOVIENET_ERROR(load_dataset(dir.path()), ErrorCode::Io, "movies.csv: not found");
    write_text(dir.file("movies.csv"), sequential_movies_csv(5));
    write_text(dir.file("ratings.csv"), "userId,movieId,rating,timestamp\n1,2,4,100\n");
    CHECK_MOVIENET_ERROR(detect_data_format(dir.path()), ErrorCode::DataFormat, "both ratings.csv and events.csv");
    write_text(events, "userId,movieId,timestamp\n1,2,100\n");
    CHECK(load_dataset(dir.path(), DataFormat::Events).ratings.size() == 1);  // --format events picks it
}

TEST_CASE("ml-latest ratings.csv and the generic CSV: an empty rating field is a watch event") {
    TempDir dir;
    write_text(dir.file("movies.csv"), sequential_movies_csv(5));
    write_text(dir.file("ratings.csv"), "userId,movieId,rating,timestamp\n1,2,4,100\n1,3,,110\n");
    const Dataset latest = load_dataset(dir.path());
    REQUIRE(latest.ratings.size() == 2);
    CHECK(latest.ratings[0].rating == 4.0f);
    CHECK(std::isnan(latest.ratings[1].rating));
    const Dataset csv = load_dataset(dir.path(), DataFormat::Csv);
    CHECK(std::isnan(csv.ratings[1].rating));
    // ML-100K's u.data has no such rows: a rating is required there.
    write_text(dir.file("u.data"), "1\t2\t\t100\n");
    CHECK_MOVIENET_ERROR(load_ratings_file(dir.file("u.data"), DataFormat::Ml100k), ErrorCode::DataFormat, "rating is not a number");
}

TEST_CASE("duplicates: a movie rated, then watched again without a rating, keeps the latest time and the rating") {
    std::vector<Rating> rows = {{1, 2, 4.0f, 100}, {1, 3, kNaN, 50}, {1, 2, kNaN, 200}, {1, 3, kNaN, 60}};
    CHECK(drop_duplicate_ratings(rows) == 2);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].movie == 2);
    CHECK(rows[0].timestamp == 200);
    CHECK(rows[0].rating == 4.0f);
    CHECK(rows[1].timestamp == 60);
    CHECK(std::isnan(rows[1].rating));
}

TEST_CASE("history files: a rating left out or empty is a movie watched but not rated") {
    const auto plain = parse_history("movieId\n5\n6,\n7,4.5\n", "h.csv");
    REQUIRE(plain.size() == 3);
    CHECK(plain[0].movie == 5);
    CHECK(std::isnan(plain[0].rating));
    CHECK(std::isnan(plain[1].rating));
    CHECK(plain[2].rating == 4.5f);
    // events.csv lines of one viewer, in time order, with or without the rating column.
    const auto events = parse_history("userId,movieId,timestamp\n7,10,300\n8,11,1\n7,12,100\n", "events.csv", 7);
    REQUIRE(events.size() == 2);
    CHECK(events[0].movie == 12);
    CHECK(std::isnan(events[1].rating));
    const auto mixed = parse_history("userId,movieId,rating,timestamp\n7,10,,300\n7,12,3,100\n", "events.csv", 7);
    CHECK(mixed[0].rating == 3.0f);
    CHECK(std::isnan(mixed[1].rating));
    CHECK_MOVIENET_ERROR(parse_history("7,10,300\n", "events.csv"), ErrorCode::DataFormat, "events.csv:1: a ratings.csv or events.csv line");
    CHECK_MOVIENET_ERROR(parse_history("1,2,3,4,5\n", "h.csv"), ErrorCode::DataFormat, "h.csv:1: expected movieId,rating");
}

TEST_CASE("events without ratings train a watch head alone; recommend returns the next movie of the sequence") {
    TempDir dir;
    write_sequential_events(dir.path());
    const Dataset data = load_dataset(dir.path());
    REQUIRE(count_rated(data.ratings) == 0);
    RatingTrainResult result = train_on(data);
    RatingModel& model = result.model;
    CHECK_FALSE(model.has_rating_model());
    REQUIRE(model.watch != nullptr);
    CHECK(model.catalogue.size() == 20);
    CHECK(result.best_epoch == 0);
    const Json metadata = Json::parse(model.metadata_json);
    CHECK(metadata["arch"] == "none");
    CHECK(metadata["unrated_events"] == data.ratings.size());
    // Movie 1 starts a run and is never watched later in one: it is counted all the same.
    CHECK(model.catalogue.rating_counts[0] > 0);

    const Predictor predictor(std::move(model));
    CHECK_FALSE(predictor.has_rating_model());
    for (int start : {2, 5, 9}) {
        CAPTURE(start);
        const auto top = predictor.recommend(watched({start, start + 1, start + 2}), 3, {});
        REQUIRE(top.size() == 3);
        CHECK(top[0].movie_id == start + 3);
        CHECK(std::isnan(top[0].rating));
        CHECK(top[0].score == top[0].watch);  // ranked by watch: the score is the watch chance
        CHECK(top[0].watch > top[1].watch);
    }
    // Ratings given to a watch-only model are checked, then only the order counts.
    const auto with_stars = predictor.recommend({{5, 4.0f}, {6, 2.0f}, {7, kNaN}}, 1, {});
    CHECK(with_stars[0].movie_id == 8);
    CHECK(predictor.recommend(watched({5, 6, 7}), 1, {}, nullptr, 0, RankBy::Watch)[0].movie_id == 8);
    const auto chance = predictor.predict_watch(watched({5, 6, 7}), {8, 4, 7});
    CHECK(chance[0] > chance[1]);
    CHECK(chance[2] == 0.0f);

    // Every rating question is a named error.
    const std::string named = "this model has no rating model (it was trained on watch events without ratings)";
    CHECK_MOVIENET_ERROR(predictor.predict(watched({5}), {8}), ErrorCode::NoRatingModel, "predict: " + named);
    CHECK_MOVIENET_ERROR(predictor.predict_all(watched({5})), ErrorCode::NoRatingModel, named);
    CHECK_MOVIENET_ERROR(predictor.recommend(watched({5}), 3, {}, nullptr, 0, RankBy::Rating), ErrorCode::NoRatingModel,
                         "recommend by rating: " + named);
    CHECK_MOVIENET_ERROR(predictor.recommend(watched({5}), 3, {}, nullptr, 0, RankBy::Both, 2), ErrorCode::NoRatingModel, named);
    CHECK_MOVIENET_ERROR(predictor.rank_scores(watched({5}), RankBy::Rating), ErrorCode::NoRatingModel, named);
    CHECK_MOVIENET_ERROR(predictor.model().score(ResolvedHistory{}, nullptr, 0, nullptr), ErrorCode::NoRatingModel, named);
    CHECK(std::string(error_code_name(ErrorCode::NoRatingModel)) == "ERR_NO_RATING_MODEL");
    // explain: the watch part, each entry's leave-one-out effect; no rating part.
    const Explanation e = predictor.explain(watched({5, 6, 7}), 8);
    CHECK_FALSE(e.has_rating);
    REQUIRE(e.has_watch);
    CHECK(e.watch.contributions.size() == 3);
    CHECK(e.watch.contributions[0].movie_id == 7);  // the latest movie raises "8 next" most
    CHECK(std::isnan(e.watch.contributions[0].rating));
}

TEST_CASE("a model with no rating model: its file records it, loads back the same, and is validated strictly") {
    TempDir dir;
    write_sequential_events(dir.path(), {400, 20, 0});
    const Dataset data = load_dataset(dir.path());
    const RatingModel model = train_on(data).model;
    const std::string bytes = save_rating_model_string(model);
    const Predictor original(load_rating_model_string(bytes, "m"));
    const RatingModel loaded = load_rating_model_string(bytes, "m");
    CHECK_FALSE(loaded.has_rating_model());
    REQUIRE(loaded.watch != nullptr);
    CHECK(loaded.watch->params() == model.watch->params());
    CHECK(loaded.catalogue.ids == model.catalogue.ids);
    CHECK(loaded.catalogue.rating_counts == model.catalogue.rating_counts);
    CHECK(loaded.param_count() == model.watch->params().size());
    const nlohmann::json header = nlohmann::json::parse(bytes.substr(8, header_length(bytes)));
    CHECK(header["__metadata__"]["arch"] == "none");
    CHECK_FALSE(header.contains("global_mean"));
    // float16 and int8 tables work as for any model.
    CHECK_FALSE(load_rating_model_string(save_rating_model_string(model, Dtype::Int8), "m8").has_rating_model());

    // A file claiming no rating model must hold a watch head and nothing of a rating model.
    CHECK_MOVIENET_ERROR(load_rating_model_string(without_tensors(bytes, [](const std::string& t) { return t.rfind("watch.", 0) == 0; }), "m"),
                         ErrorCode::ModelFormat, "m: __metadata__.arch: \"none\" (no rating model) needs a watch head");
    TempDir ratings_dir;
    const Dataset rated = load_dataset((write_sequential_events(ratings_dir.path(), {200, 20, 2}), ratings_dir.path()));
    const std::string full = save_rating_model_string(train_on(rated).model);
    const std::string claims_none = with_header(full, [](nlohmann::json& h) { h["__metadata__"]["arch"] = "none"; });
    CHECK_MOVIENET_ERROR(load_rating_model_string(claims_none, "m"), ErrorCode::ModelFormat,
                         "m: global_mean: present, but __metadata__.arch \"none\" says the file has no rating model");
    // And a model with neither part is not written at all.
    RatingModel empty;
    empty.catalogue = model.catalogue;
    CHECK_MOVIENET_ERROR(save_rating_model_string(empty), ErrorCode::BadInput, "needs a rating model, a watch head or both");
}

TEST_CASE("events with a rating in some rows: rated rows train both models, the others the watch head only") {
    TempDir dir;
    write_sequential_events(dir.path(), {2000, 20, 3});
    const Dataset data = load_dataset(dir.path());
    const size_t rated = count_rated(data.ratings);
    REQUIRE(rated > 0);
    REQUIRE(rated < data.ratings.size());
    const RatingTrainResult result = train_on(data);
    const RatingModel& model = result.model;
    REQUIRE(model.has_rating_model());
    REQUIRE(model.watch != nullptr);
    const Json metadata = Json::parse(model.metadata_json);
    CHECK(metadata["unrated_events"] == data.ratings.size() - rated);
    CHECK(metadata["training_ratings"].get<size_t>() + metadata["validation_ratings"].get<size_t>() == rated);
    const Predictor predictor(load_rating_model_string(save_rating_model_string(model), "m"));
    CHECK(predictor.recommend(watched({5, 6, 7}), 1, {}, nullptr, 0, RankBy::Watch)[0].movie_id == 8);
    // An entry without a rating changes the watch chance, never the predicted rating.
    const std::vector<HistoryEntry> stars = {{3, 4.0f}, {9, 1.5f}};
    std::vector<HistoryEntry> plus_seen = stars;
    plus_seen.insert(plus_seen.begin() + 1, {12, kNaN});
    CHECK(predictor.predict(plus_seen, {1, 2, 99}) == predictor.predict(stars, {1, 2, 99}));
    CHECK(predictor.predict_watch(plus_seen, {13}) != predictor.predict_watch(stars, {13}));
    const auto top = predictor.recommend(plus_seen, 5, {}, nullptr, 0, RankBy::Both, 2);
    for (const Recommendation& r : top) {
        CHECK(r.movie_id != 12);  // watched: never recommended
        for (const Contribution& c : r.because) CHECK(c.movie_id != 12);  // reasons are rated movies
    }
    const Explanation e = predictor.explain(plus_seen, 1);
    CHECK(e.rating.contributions.size() == 2);
    CHECK(e.watch.contributions.size() == 3);
    // A repeat without a rating keeps the rating; infinity is still refused.
    CHECK(predictor.predict({{3, 4.0f}, {9, 1.5f}, {3, kNaN}}, {1}) == predictor.predict(stars, {1}));
    CHECK_MOVIENET_ERROR(predictor.predict({{3, std::numeric_limits<float>::infinity()}}, {1}), ErrorCode::BadInput, "history[0].rating");
}

TEST_CASE("training needs something to train: no rated row and no watch head is an error") {
    TempDir dir;
    write_sequential_events(dir.path(), {50, 20, 0});
    const Dataset data = load_dataset(dir.path());
    CHECK_MOVIENET_ERROR(train_on(data, false), ErrorCode::BadInput, "no training row has a rating");
    RatingTrainOptions options;
    CHECK_MOVIENET_ERROR(train_rating_model(data, data.ratings, options, {}, dir.file("x.checkpoint")), ErrorCode::BadInput,
                         "no rating epochs to resume");
}
