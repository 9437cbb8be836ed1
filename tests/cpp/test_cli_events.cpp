// `movienet train --data DIR` on watch events (events.csv + movies.csv,
// ratings optional), then the commands on a model with a watch head and no
// rating model: recommend ranks by watch, rating questions are named errors;
// bad event files fail with file:line and write nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "cli_runner.h"
#include "movienet/rec/rating_model.h"
#include "sequential_events.h"

using namespace movienet;
using namespace movienet::testing;

TEST_CASE("movienet train on an events folder, then recommend gives the next movie of the sequence") {
    TempDir dir;
    write_sequential_events(dir.file("events"));
    const std::string model = dir.file("watch.safetensors");
    const Run train = run_cli(dir, {"train", "--data", dir.file("events"), "--out", model});
    REQUIRE_MESSAGE(train.exit_code == 0, train.err);
    CHECK(contains(train.err, "events (0 rated, "));
    CHECK(contains(train.err, "arch none (no ratings: a watch head only)"));
    CHECK(contains(train.err, "wrote " + model + " (no rating model"));
    CHECK_FALSE(load_rating_model_file(model).has_rating_model());

    write_text(dir.file("seen.csv"), "movieId\n5\n6\n7\n");
    const Run top = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("seen.csv"), "-k", "3"});
    REQUIRE_MESSAGE(top.exit_code == 0, top.err);
    CHECK(top.out.rfind(" 1. Movie 8 (1998)  [Drama|Romance]  (id 8)  watch ", 0) == 0);
    CHECK_FALSE(contains(top.out, "rating"));
    CHECK(contains(top.err, "no rating model (trained on watch events without ratings): ranked by watch chance"));
    const Run json = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("seen.csv"), "--by", "watch", "--json"});
    REQUIRE_MESSAGE(json.exit_code == 0, json.err);
    const Json parsed = Json::parse(json.out);
    CHECK(parsed[0]["movieId"] == 8);
    CHECK(parsed[0]["rating"].is_null());
    CHECK(parsed[0]["score"] == parsed[0]["watch"]);
    // A viewer picked from the events file itself (events.csv lines with --user).
    const Run user = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("events/events.csv"), "--user", "3", "-k", "1"});
    REQUIRE_MESSAGE(user.exit_code == 0, user.err);
    CHECK(contains(user.out, "(id 10)"));  // viewer 3 watched 3..9 (start 1 + 15 mod 13, 4 + 3 mod 4 movies)

    const Run watch = run_cli(dir, {"predict", "--model", model, "--history", dir.file("seen.csv"), "--movies", "8,4", "--watch"});
    REQUIRE_MESSAGE(watch.exit_code == 0, watch.err);
    CHECK(watch.out.rfind("8\t0.", 0) == 0);

    // Rating questions: a named error (code ERR_NO_RATING_MODEL), exit 1.
    const std::string named = "this model has no rating model (it was trained on watch events without ratings)";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"predict", "--model", model, "--history", dir.file("seen.csv"), "--movies", "8"},
          {"recommend", "--model", model, "--history", dir.file("seen.csv"), "--by", "rating"},
          {"recommend", "--model", model, "--history", dir.file("seen.csv"), "--explain", "2"},
          {"eval", "--model", model, "--data", dir.file("events"), "--split", "temporal:0.2", "--by", "rating"}}) {
        CAPTURE(args[0]);
        const Run refused = run_cli(dir, args);
        CHECK(refused.exit_code == 1);
        CHECK(contains(refused.err, named));
        CHECK(contains(refused.err, "[ERR_NO_RATING_MODEL]"));
        CHECK(refused.out.empty());
    }
    // explain: the watch part only, and says why there is no rating part.
    const Run why = run_cli(dir, {"explain", "--model", model, "--history", dir.file("seen.csv"), "--movie", "8", "-k", "1"});
    REQUIRE_MESSAGE(why.exit_code == 0, why.err);
    CHECK(contains(why.out, "predicted rating: none, this model has no rating model"));
    CHECK(contains(why.out, "watch chance "));
    CHECK(contains(why.out, "(id 7, seen, not rated)"));
    const Run inspect = run_cli(dir, {"inspect", model});
    REQUIRE_MESSAGE(inspect.exit_code == 0, inspect.err);
    CHECK(contains(inspect.out, "architecture: none: no rating model"));
    CHECK(contains(inspect.out, "watch head: 20 movies"));
    // eval ranks by watch and reports no RMSE.
    const Run eval = run_cli(dir, {"eval", "--model", model, "--data", dir.file("events"), "--split", "temporal:0.2", "--json"});
    REQUIRE_MESSAGE(eval.exit_code == 0, eval.err);
    const Json metrics = Json::parse(eval.out);
    CHECK(metrics["rmse"].is_null());
    CHECK(metrics["ratings"] == 0);
    CHECK(metrics["full_ndcg_at_k"].get<double>() > 0.5);
}

TEST_CASE("movienet train on events with a rating in some rows: both models, and the rating questions work") {
    TempDir dir;
    write_sequential_events(dir.file("events"), {600, 20, 4});
    const std::string model = dir.file("both.safetensors");
    const Run train = run_cli(dir, {"train", "--data", dir.file("events"), "--out", model, "--epochs", "2", "--dim", "4",
                                    "--hidden", "8", "--split", "fold:1/5"});
    REQUIRE_MESSAGE(train.exit_code == 0, train.err);
    CHECK(contains(train.err, "rated, "));
    CHECK(contains(train.err, "without a rating: watch head only"));
    CHECK(contains(train.err, "test (fold1): rmse="));
    CHECK(load_rating_model_file(model).has_rating_model());
    write_text(dir.file("h.csv"), "movieId,rating\n5,4\n6,\n7\n");
    const Run top = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("h.csv"), "-k", "3", "--explain", "1"});
    REQUIRE_MESSAGE(top.exit_code == 0, top.err);
    CHECK(contains(top.out, "rating "));
    const Run predict = run_cli(dir, {"predict", "--model", model, "--history", dir.file("h.csv"), "--movies", "8"});
    CHECK_MESSAGE(predict.exit_code == 0, predict.err);
}

TEST_CASE("movienet train on bad event files: a named error with file and line, and nothing written") {
    TempDir dir;
    std::filesystem::create_directories(dir.file("events"));
    write_text(dir.file("events/movies.csv"), sequential_movies_csv(5));
    const std::string events = dir.file("events/events.csv"), model = dir.file("out.safetensors");
    struct Case {
        const char* what;
        std::string text, message;
    };
    const Case cases[] = {
        {"a non-numeric timestamp", "userId,movieId,timestamp\n1,2,100\n1,3,yesterday\n", events + ":3: timestamp is not a number: 'yesterday'"},
        {"an unknown movie", "userId,movieId,rating,timestamp\n1,2,,100\n1,42,4,160\n", events + ":3: event for unknown movie id 42 (not in movies.csv)"},
        {"a negative user id", "userId,movieId,timestamp\n-1,2,100\n", events + ":2: user id is negative: -1"},
        {"a negative movie id", "userId,movieId,timestamp\n1,-2,100\n", events + ":2: movie id is negative: -2"},
        {"no header", "1,2,100\n", events + ":1: expected the header userId,movieId,timestamp or userId,movieId,rating,timestamp"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        write_text(events, c.text);
        const Run train = run_cli(dir, {"train", "--data", dir.file("events"), "--out", model});
        CHECK(train.exit_code == 1);
        CHECK_MESSAGE(contains(train.err, c.message), train.err);
        CHECK(contains(train.err, "[ERR_DATA_FORMAT]"));
        CHECK_FALSE(std::filesystem::exists(model));
        CHECK_FALSE(std::filesystem::exists(model + ".checkpoint"));
        CHECK(dir.entries() == std::vector<std::string>{"events", "stderr.txt", "stdout.txt"});
        std::vector<std::string> inside;
        for (const auto& entry : std::filesystem::directory_iterator(dir.file("events"))) inside.push_back(entry.path().filename());
        std::sort(inside.begin(), inside.end());
        CHECK(inside == std::vector<std::string>{"events.csv", "movies.csv"});
    }
    // No rated row and no watch head: nothing to train, nothing written.
    write_text(events, "userId,movieId,timestamp\n1,2,100\n1,3,160\n");
    const Run nothing = run_cli(dir, {"train", "--data", dir.file("events"), "--out", model, "--watch-dim", "0"});
    CHECK(nothing.exit_code == 1);
    CHECK(contains(nothing.err, "no training row has a rating"));
    CHECK_FALSE(std::filesystem::exists(model));
}
