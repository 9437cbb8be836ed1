// Every case of issue #14 that a user can reach from the command line, one
// row each: the arguments, the exit code, and the error's code and message.
// The suite runs under ASan+UBSan too (scripts/test.sh), with the CLI built
// the same way, so a row that reads out of bounds fails there.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "movienet/io/file_io.h"
#include "safetensors_edit.h"
#include "synthetic_ratings.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

struct Row {
    const char* what;
    std::vector<std::string> args;  // "{dir}" stands for the test's temporary folder
    int exit_code;
    std::string message;  // a part of stderr; the code in brackets for runtime errors
};

const std::string kSource = MOVIENET_SOURCE_DIR;
const std::string kModel = kSource + "/models/movienet-ml-latest-small.safetensors";
const std::string kData = kSource + "/data/ml-latest-small";

// The shipped model with one float32 tensor set to `value`.
std::string model_with_f32(const std::string& tensor, float value) { return with_f32(read_file(kModel), tensor, value); }

// The shipped model with its free-form metadata text replaced.
std::string model_with_metadata(const std::string& metadata) {
    return with_header(read_file(kModel), [&](nlohmann::json& header) { header["__metadata__"]["metadata"] = metadata; });
}

// A small ml-latest folder (ratings.csv + movies.csv) to train on in seconds.
void write_small_data(const TempDir& dir, const std::string& folder) {
    const Dataset dataset = make_synthetic_dataset(40, 30, 0.4, 5);
    std::string movies = "movieId,title,genres\n", ratings = "userId,movieId,rating,timestamp\n";
    for (const auto& m : dataset.movies)
        movies += std::to_string(m.id) + "," + m.title + "," + dataset.genre_names[std::size_t(m.genres[0])] + "\n";
    for (const auto& r : dataset.ratings)
        ratings += std::to_string(r.user) + "," + std::to_string(r.movie) + "," + std::to_string(r.rating) + "," +
                   std::to_string(r.timestamp) + "\n";
    REQUIRE(::mkdir(dir.file(folder).c_str(), 0755) == 0);
    write_text(dir.file(folder + "/movies.csv"), movies);
    write_text(dir.file(folder + "/ratings.csv"), ratings);
}

std::string substitute(std::string arg, const TempDir& dir) {
    const auto at = arg.find("{dir}");
    if (at != std::string::npos) arg.replace(at, 5, dir.path());
    return arg;
}

void check_rows(const TempDir& dir, const std::vector<Row>& rows) {
    for (const Row& row : rows) {
        INFO("case: " << std::string(row.what));
        std::vector<std::string> args;
        for (const auto& arg : row.args) args.push_back(substitute(arg, dir));
        const Run run = run_cli(dir, args);
        INFO("stderr: " << run.err);
        CHECK(run.exit_code == row.exit_code);
        CHECK(contains(run.err, row.message));
        if (row.exit_code != 0) {
            CHECK_FALSE(contains(run.err, "internal error"));
            CHECK_FALSE(contains(run.err, "epoch"));  // refused before the first epoch
            struct stat st {};
            CHECK(::stat(dir.file("m.safetensors").c_str(), &st) != 0);  // nothing written
        }
    }
}

}  // namespace

TEST_CASE("issue #14, every command-line case: exit code, error code and message") {
    TempDir dir;
    write_text(dir.file("h.csv"), "movieId,rating\n1,5\n2,3\n");
    write_text(dir.file("shrink0.safetensors"), model_with_f32("pooled.user_bias_shrinkage", 0.0f));
    write_text(dir.file("shrinkneg.safetensors"), model_with_f32("pooled.user_bias_shrinkage", -3.0f));
    write_text(dir.file("nanmean.safetensors"), model_with_f32("global_mean", std::nanf("")));
    write_text(dir.file("meta1e400.safetensors"), model_with_metadata(R"({"x": 1e400})"));
    write_text(dir.file("metabigint.safetensors"), model_with_metadata(R"({"x": )" + std::string(120, '9') + "}"));
    // The issue's "20 M zeros" model, scaled: 2 MB of metadata, twice the limit.
    std::string zeros = "{\"zeros\": [0";
    for (int i = 0; i < 1000000; ++i) zeros += ",0";
    write_text(dir.file("zeros.safetensors"), model_with_metadata(zeros + "]}"));
    for (const char* kind : {"cr", "nul"}) {
        const std::string data = dir.file(kind);
        REQUIRE(::mkdir(data.c_str(), 0755) == 0);
        write_text(data + "/movies.csv", "movieId,title,genres\n1,Heat (1995),Action\n");
        write_text(data + "/ratings.csv", std::strcmp(kind, "cr") == 0
                                              ? "userId,movieId,rating,timestamp\r1,1,4.0,964982703\r"
                                              : std::string(64, '\0'));
    }

    const std::vector<Row> rows = {
        {"--model /dev/zero", {"predict", "--model", "/dev/zero", "--history", "{dir}/h.csv", "--movies", "1"}, 1,
         "/dev/zero: the stream is larger than the limit of 268435456 bytes for this kind of file [ERR_BAD_INPUT]"},
        {"2 MB of metadata", {"inspect", "{dir}/zeros.safetensors"}, 1,
         "__metadata__.metadata: 2000014 bytes, larger than the limit of 1048576 [ERR_MODEL_FORMAT]"},
        {"--history /dev/zero", {"predict", "--model", kModel, "--history", "/dev/zero", "--movies", "1"}, 1,
         "/dev/zero: the stream is larger than the limit of 67108864 bytes for this kind of file [ERR_BAD_INPUT]"},
        {"user_bias_shrinkage = 0", {"predict", "--model", "{dir}/shrink0.safetensors", "--history", "{dir}/h.csv", "--movies", "1"}, 1,
         "pooled.user_bias_shrinkage: must be a number in (0, 1e6] [ERR_MODEL_FORMAT]"},
        {"user_bias_shrinkage < 0", {"inspect", "{dir}/shrinkneg.safetensors"}, 1,
         "pooled.user_bias_shrinkage: must be a number in (0, 1e6] [ERR_MODEL_FORMAT]"},
        {"a NaN weight is refused at load, never clamped", {"recommend", "--model", "{dir}/nanmean.safetensors", "--history", "{dir}/h.csv"}, 1,
         "global_mean: value 0 is not finite [ERR_MODEL_FORMAT]"},
        {"metadata number 1e400", {"inspect", "{dir}/meta1e400.safetensors"}, 0, ""},
        {"metadata 120-digit integer", {"inspect", "{dir}/metabigint.safetensors"}, 0, ""},
        {"CR-only ratings.csv", {"train", "--data", "{dir}/cr", "--out", "{dir}/m.safetensors"}, 1,
         "ratings.csv: no ratings in the file: its lines end in CR alone (classic Mac OS): convert them to LF or CRLF [ERR_DATA_FORMAT]"},
        {"NUL-only ratings.csv", {"train", "--data", "{dir}/nul", "--out", "{dir}/m.safetensors"}, 1,
         "ratings.csv: no ratings in the file: it holds NUL bytes (the first at line 1, column 1): not a text file? [ERR_DATA_FORMAT]"},
        {"--model followed by another option", {"predict", "--model", "--history", "{dir}/h.csv"}, 2, "option --model needs a value (FILE)"},
        {"--split temporal:0.2junk", {"train", "--data", kData, "--split", "temporal:0.2junk", "--out", "{dir}/m.safetensors"}, 2,
         "--split temporal:0.2junk: F must be a number in (0, 1), e.g. temporal:0.2"},
        {"--dtype float64, before any training", {"train", "--data", kData, "--dtype", "float64", "--out", "{dir}/m.safetensors"}, 1,
         "--dtype: unknown dtype \"float64\" (expected float32, float16, int8 or q4) [ERR_MODEL_FORMAT]"},
        {"an unwritable --out, before any training", {"train", "--data", kData, "--out", "{dir}/missing/m.safetensors"}, 1,
         "missing/m.safetensors: cannot be written: No such file or directory [ERR_IO]"},
        {"recommend --user absent from the history file", {"recommend", "--model", kModel, "--history", kData + "/ratings.csv", "--user", "99999"}, 1,
         "ratings.csv: user 99999 has no ratings in this file [ERR_BAD_INPUT]"},
        {"generate-csv with absurd sizes", {"generate-csv", "--rows", "100000000000", "--features", "100000", "--out", "{dir}/x.csv"}, 2,
         "--rows '100000000000': expected an integer in [1, 100000000]"},
    };

    check_rows(dir, rows);
}

TEST_CASE("issue #14, tampered checkpoints: refused before the first epoch, the file left as it was") {
    TempDir dir;
    write_small_data(dir, "ml");
    const std::string model = dir.file("m.safetensors"), checkpoint = model + ".checkpoint";
    REQUIRE(run_cli(dir, {"train", "--data", dir.file("ml"), "--out", model, "--epochs", "1", "--dim", "4"}).exit_code == 0);
    const std::string saved = read_file(checkpoint);
    ::unlink(model.c_str());
    write_text(dir.file("rng.checkpoint"), with_header(saved, [](nlohmann::json& h) { h["__metadata__"]["rng"] = "1 not a state"; }));
    const std::vector<std::string> train = {"train", "--data", dir.file("ml"), "--out", model, "--epochs", "2"};
    auto resume = [&](std::vector<std::string> extra, const std::string& from) {
        std::vector<std::string> args = train;
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back("--resume");
        args.push_back(from);
        return args;
    };
    const std::vector<Row> rows = {
        {"a checkpoint of another --dim", resume({"--dim", "8"}, checkpoint), 1,
         "fingerprint differs: the data or options changed (dim: 4 in the checkpoint, 8 now) [ERR_BAD_INPUT]"},
        {"a checkpoint of another --arch", resume({"--dim", "4", "--arch", "seed"}, checkpoint), 1,
         "arch: \"pooled\" in the checkpoint, this run trains \"seed\" (another --arch) [ERR_BAD_INPUT]"},
        {"a checkpoint whose rng state is garbage", resume({"--dim", "4"}, dir.file("rng.checkpoint")), 1,
         "__metadata__.rng: number 2, \"not\", is not an unsigned 64-bit integer [ERR_MODEL_FORMAT]"},
    };
    check_rows(dir, rows);
    CHECK(read_file(checkpoint) == saved);
}
