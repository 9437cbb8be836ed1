// `movienet train --threads` and the watch head's softmax options: bad values
// are named before anything is written, and the same seed and thread count
// write the same weights.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <tuple>

#include "cli_runner.h"
#include "movienet/rec/rating_model.h"
#include "sequential_events.h"

using namespace movienet;
using namespace movienet::testing;

TEST_CASE("train: --threads 0, --threads 100000 and an unknown --watch-softmax are named errors; nothing is written") {
    TempDir dir;
    write_sequential_events(dir.file("events"));
    const std::string model = dir.file("m.safetensors");
    for (const auto& [option, value, message] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"--threads", "0", "--threads '0': expected an integer in [1, 256]"},
             {"--threads", "100000", "--threads '100000': expected an integer in [1, 256]"},
             {"--threads", "two", "--threads 'two': expected an integer in [1, 256]"},
             {"--watch-softmax", "approximate", "watch softmax: \"approximate\"; expected auto, full or sampled"},
             {"--watch-negatives", "0", "--watch-negatives '0': expected an integer"}}) {
        CAPTURE(option);
        CAPTURE(value);
        const Run run = run_cli(dir, {"train", "--data", dir.file("events"), "--out", model, option, value});
        CHECK(run.exit_code != 0);
        CHECK(contains(run.err, message));
        CHECK_FALSE(std::filesystem::exists(model));
        CHECK_FALSE(std::filesystem::exists(model + ".checkpoint"));
    }
}

TEST_CASE("train --threads 2 twice with the same seed writes the same weights; the sampled softmax is recorded") {
    TempDir dir;
    write_sequential_events(dir.file("events"));
    std::string weights[2];
    for (int k = 0; k < 2; ++k) {
        const std::string model = dir.file("m" + std::to_string(k) + ".safetensors");
        const Run run = run_cli(dir, {"train", "--data", dir.file("events"), "--out", model, "--threads", "2",
                                      "--watch-softmax", "sampled", "--watch-negatives", "16"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(contains(run.err, "eta"));
        const RatingModel loaded = load_rating_model_file(model);
        const Json metadata = Json::parse(loaded.metadata_json);
        CHECK(metadata["watch"]["softmax"] == "sampled");
        CHECK(metadata["watch"]["negatives"] == 16);
        REQUIRE(loaded.watch);
        weights[k] = std::string(reinterpret_cast<const char*>(loaded.watch->params().data()),
                                 size_t(loaded.watch->params().size()) * sizeof(float));
    }
    CHECK(weights[0] == weights[1]);
}
