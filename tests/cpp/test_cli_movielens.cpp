// The MovieLens commands end to end on a small generated ml-latest folder:
// train (progress, checkpoint), eval, predict, recommend, explain, inspect, and their
// errors for bad input.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>

#include "cli_runner.h"
#include "movienet/rec/rating_model.h"
#include "synthetic_ratings.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

// ratings.csv + movies.csv in the ml-latest layout, one title quoted with a comma.
void write_ml_latest(const TempDir& dir, const std::string& folder) {
    const Dataset dataset = make_synthetic_dataset(60, 40, 0.4, 17);
    std::string movies = "movieId,title,genres\r\n";
    for (const auto& m : dataset.movies) {
        const std::string title = m.id == 1 ? "\"Good, the Bad (1966)\"" : m.title;
        movies += std::to_string(m.id) + "," + title + "," + dataset.genre_names[static_cast<size_t>(m.genres[0])] + "\r\n";
    }
    std::string ratings = "userId,movieId,rating,timestamp\r\n";
    for (const auto& r : dataset.ratings) {
        char line[96];
        std::snprintf(line, sizeof line, "%d,%d,%.1f,%lld\r\n", r.user, r.movie, r.rating, static_cast<long long>(r.timestamp));
        ratings += line;
    }
    std::filesystem::create_directories(dir.file(folder));
    write_text(dir.file(folder + "/movies.csv"), movies);
    write_text(dir.file(folder + "/ratings.csv"), ratings);
}

}  // namespace

TEST_CASE("movienet train / eval / predict / recommend / inspect on an ml-latest folder") {
    TempDir dir;
    write_ml_latest(dir, "ml");
    const std::string model = dir.file("model.json");

    const Run train = run_cli(dir, {"train", "--data", dir.file("ml"), "--out", model, "--epochs", "3", "--dim", "4",
                                    "--hidden", "8", "--split", "fold:1/5"});
    REQUIRE_MESSAGE(train.exit_code == 0, train.err);
    CHECK(contains(train.err, "epoch 1/3"));
    CHECK(contains(train.err, "val_rmse="));
    CHECK(contains(train.err, "test (fold1): rmse="));
    CHECK(std::filesystem::exists(model + ".checkpoint"));
    // Without a holdout there is no validation score to print.
    const Run no_holdout = run_cli(dir, {"train", "--data", dir.file("ml"), "--out", dir.file("all.json"), "--epochs", "1",
                                         "--dim", "4", "--hidden", "8", "--validation", "0"});
    REQUIRE_MESSAGE(no_holdout.exit_code == 0, no_holdout.err);
    CHECK(contains(no_holdout.err, "epoch 1/1  train_rmse="));
    CHECK(contains(no_holdout.err, "val_rmse=none"));
    const RatingModel loaded = load_rating_model_file(model);
    CHECK(loaded.catalogue.size() == 40);
    CHECK(loaded.catalogue.titles[0] == "Good, the Bad (1966)");

    const Run eval = run_cli(dir, {"eval", "--model", model, "--data", dir.file("ml"), "--split", "fold:1/5", "--json"});
    REQUIRE_MESSAGE(eval.exit_code == 0, eval.err);
    const Json metrics = Json::parse(eval.out);
    CHECK(metrics.at("rmse").get<double>() > 0);
    CHECK(metrics.at("rmse").get<double>() < 1.5);
    CHECK(metrics.contains("ndcg_at_k"));
    // The full catalogue holds every sampled negative, so it can only rank the positive lower.
    CHECK(metrics.at("full_recall_at_k").get<double>() <= metrics.at("hit_rate_at_k").get<double>());
    CHECK(metrics.at("full_ndcg_at_k").get<double>() <= metrics.at("ndcg_at_k").get<double>());
    CHECK(metrics.at("ranking_users").get<int>() > 0);

    write_text(dir.file("history.csv"), "movieId,rating\n1,5\n2,4.5\n3,1\n999,4\n");
    const Run recommend = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("history.csv"), "-k", "3", "--json"});
    REQUIRE_MESSAGE(recommend.exit_code == 0, recommend.err);
    const Json top = Json::parse(recommend.out);
    REQUIRE(top.size() == 3);
    for (const auto& entry : top) CHECK(entry.at("movieId").get<int>() > 3);  // rated movies are left out
    CHECK(contains(recommend.err, "ignored 1 history entry"));  // movie 999 is unknown

    for (const auto& entry : top) {
        CHECK(entry.at("watch").get<double>() > 0);
        CHECK(entry.at("rating").get<double>() >= 0.5);
    }
    const Run by_watch = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("history.csv"), "--by", "watch"});
    REQUIRE_MESSAGE(by_watch.exit_code == 0, by_watch.err);
    CHECK(contains(by_watch.out, " 1. "));
    CHECK(contains(by_watch.out, "watch "));
    const Run bad_by = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("history.csv"), "--by", "fame"});
    CHECK(bad_by.exit_code != 0);
    CHECK(contains(bad_by.err, "expected both, watch or rating, got 'fame'"));

    const Run predict = run_cli(dir, {"predict", "--model", model, "--history", dir.file("history.csv"), "--movies", "4,5"});
    REQUIRE_MESSAGE(predict.exit_code == 0, predict.err);
    CHECK(contains(predict.out, "4\t"));
    const Run predict_watch =
        run_cli(dir, {"predict", "--model", model, "--history", dir.file("history.csv"), "--movies", "4,5", "--watch", "--json"});
    REQUIRE_MESSAGE(predict_watch.exit_code == 0, predict_watch.err);
    const Json watched = Json::parse(predict_watch.out);
    CHECK(watched.at(0).at("watch").get<double>() > 0);
    CHECK(watched.at(0).at("watch").get<double>() < 1);

    // A ratings.csv history is read in time order; a --user it does not hold is an error.
    write_text(dir.file("user.csv"), "userId,movieId,rating,timestamp\n5,1,4,300\n5,2,3,100\n6,3,5,200\n");
    const Run absent = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("user.csv"), "--user", "99999"});
    CHECK(absent.exit_code != 0);
    CHECK(contains(absent.err, "user 99999 has no ratings in this file"));

    // explain: every known entry with its delta; the sum of the deltas and the two scores.
    const Run explain = run_cli(dir, {"explain", "--model", model, "--history", dir.file("history.csv"), "--movie", "4", "-k", "1", "--json"});
    REQUIRE_MESSAGE(explain.exit_code == 0, explain.err);
    const Json why = Json::parse(explain.out);
    CHECK(why.at("movieId").get<int>() == 4);
    const Json& rating = why.at("rating");
    REQUIRE(rating.at("entries").size() == 3);  // movie 999 is unknown: ignored
    double sum = 0;
    for (const auto& entry : rating.at("entries")) sum += entry.at("delta").get<double>();
    CHECK(rating.at("deltaSum").get<double>() == doctest::Approx(sum).epsilon(1e-5));
    CHECK(rating.at("positive").size() <= 1);
    CHECK(rating.at("negative").size() <= 1);
    CHECK(why.contains("watch"));
    const Run explain_text = run_cli(dir, {"explain", "--model", model, "--history", dir.file("history.csv"), "--movie", "4"});
    REQUIRE_MESSAGE(explain_text.exit_code == 0, explain_text.err);
    CHECK(contains(explain_text.out, "leave-one-out deltas sum to"));
    const Run unknown = run_cli(dir, {"explain", "--model", model, "--history", dir.file("history.csv"), "--movie", "424242"});
    CHECK(unknown.exit_code == 1);
    CHECK(contains(unknown.err, "movie 424242 is not in the model's catalogue"));
    const Run reasons = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("history.csv"), "-k", "3", "--explain", "2", "--json"});
    REQUIRE_MESSAGE(reasons.exit_code == 0, reasons.err);
    for (const auto& entry : Json::parse(reasons.out)) CHECK(entry.at("because").size() <= 2);

    const Run inspect = run_cli(dir, {"inspect", model});
    CHECK(inspect.exit_code == 0);
    CHECK(contains(inspect.out, "history-pooled"));
    CHECK(contains(inspect.out, "catalogue: 40 movies"));
    CHECK(contains(inspect.out, "watch head: 40 movies"));
    CHECK(contains(train.err, "watch epoch 1"));
    CHECK(loaded.watch != nullptr);
}

TEST_CASE("movienet rating commands reject bad input with file:line and exit codes") {
    TempDir dir;
    write_ml_latest(dir, "ml");
    const std::string model = dir.file("model.json");
    REQUIRE(run_cli(dir, {"train", "--data", dir.file("ml"), "--out", model, "--epochs", "1", "--dim", "4"}).exit_code == 0);

    write_text(dir.file("bad.csv"), "movieId,rating\n1,5\n2,lots\n");
    const Run bad_rating = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("bad.csv")});
    CHECK(bad_rating.exit_code == 1);
    CHECK(contains(bad_rating.err, "bad.csv:3: rating is not a number: 'lots'"));

    write_text(dir.file("off.csv"), "1,9\n");
    const Run off_scale = run_cli(dir, {"predict", "--model", model, "--history", dir.file("off.csv"), "--movies", "2"});
    CHECK(off_scale.exit_code == 1);
    CHECK(contains(off_scale.err, "history[0].rating"));

    const Run bad_split = run_cli(dir, {"eval", "--model", model, "--data", dir.file("ml"), "--split", "u1"});
    CHECK(bad_split.exit_code == 2);
    CHECK(contains(bad_split.err, "official split files exist only for ml-100k"));

    const Run bad_ids = run_cli(dir, {"predict", "--model", model, "--history", dir.file("off.csv"), "--movies", "1,x"});
    CHECK(bad_ids.exit_code == 2);

    // Hostile history files: a stream that never ends fails fast, not out of memory.
    const Run zero = run_cli(dir, {"recommend", "--model", model, "--history", "/dev/zero"});
    CHECK(zero.exit_code == 1);
    CHECK(contains(zero.err, "/dev/zero: the stream is larger than the limit of 67108864 bytes"));
    write_text(dir.file("cr.csv"), "movieId,rating\r1,5\r2,4\r");
    const Run cr_only = run_cli(dir, {"recommend", "--model", model, "--history", dir.file("cr.csv")});
    CHECK(cr_only.exit_code == 1);
    CHECK(contains(cr_only.err, "cr.csv: no history lines in the file: its lines end in CR alone"));

    // An unwritable --out is rejected before the first epoch.
    const Run unwritable = run_cli(dir, {"train", "--data", dir.file("ml"), "--out", dir.file("no/such/folder/m.json"), "--epochs", "1"});
    CHECK(unwritable.exit_code == 1);
    CHECK(contains(unwritable.err, "no/such/folder/m.json: cannot be written: No such file or directory"));

    // A checkpoint of another run is refused before the first epoch and left as it was.
    const std::string checkpoint = read_file(model + ".checkpoint");
    const Run other_dim = run_cli(dir, {"train", "--data", dir.file("ml"), "--out", model, "--epochs", "2", "--dim", "8",
                                        "--resume", model + ".checkpoint"});
    CHECK(other_dim.exit_code == 1);
    CHECK(contains(other_dim.err, "model.json.checkpoint: fingerprint differs: the data or options changed (dim: 4 in "
                                  "the checkpoint, 8 now) [ERR_BAD_INPUT]"));
    CHECK_FALSE(contains(other_dim.err, "epoch 1/2"));
    CHECK(read_file(model + ".checkpoint") == checkpoint);
    CHECK_FALSE(contains(unwritable.err, "epoch 1/"));

    // A failed training leaves the existing model file as it was.
    const std::string before = read_file(model);
    write_text(dir.file("ml/ratings.csv"), "userId,movieId,rating,timestamp\n1,1,7,0\n");
    const Run bad_data = run_cli(dir, {"train", "--data", dir.file("ml"), "--out", model, "--epochs", "1"});
    CHECK(bad_data.exit_code == 1);
    CHECK(contains(bad_data.err, "ratings.csv:2"));
    CHECK(read_file(model) == before);
}
