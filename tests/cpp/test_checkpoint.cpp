// Training checkpoints (checkpoint.h): a resumed run is bit-identical to an
// uninterrupted one, and a checkpoint of another run or a damaged one is
// refused before the first epoch, naming what differs, with the file intact.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>

#include "movienet/io/file_io.h"
#include "movienet/rec/checkpoint.h"
#include "movienet/rec/rating_trainer.h"
#include "error_check.h"
#include "safetensors_edit.h"
#include "synthetic_ratings.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

TEST_CASE("training resumed from a checkpoint ends bit-identical to an uninterrupted run") {
    const Dataset dataset = make_synthetic_dataset(40, 30, 0.4, 21);
    TempDir dir;
    for (const char* arch : {"pooled", "seed"}) {
        const std::string arch_name = arch;
        CAPTURE(arch_name);
        RatingTrainOptions options;
        options.arch = arch;
        options.pooled.dim = 4;
        options.pooled.hidden = 8;
        options.patience = 0;
        options.epochs = 4;
        const RatingTrainResult straight = train_rating_model(dataset, dataset.ratings, options);

        options.epochs = 2;
        options.checkpoint_path = dir.file("run.checkpoint");
        train_rating_model(dataset, dataset.ratings, options);
        options.epochs = 4;
        const RatingTrainResult resumed = train_rating_model(dataset, dataset.ratings, options, {}, dir.file("run.checkpoint"));

        CHECK(resumed.best_epoch == straight.best_epoch);
        REQUIRE(resumed.epochs.size() == straight.epochs.size());
        for (size_t e = 0; e < straight.epochs.size(); ++e)
            CHECK(resumed.epochs[e].validation_rmse == straight.epochs[e].validation_rmse);
        CHECK(save_rating_model_string(resumed.model) == save_rating_model_string(straight.model));
    }
}

TEST_CASE("an interrupted epoch leaves the last checkpoint intact") {
    const Dataset dataset = make_synthetic_dataset(30, 20, 0.4, 4);
    TempDir dir;
    RatingTrainOptions options;
    options.epochs = 3;
    options.pooled.dim = 4;
    options.checkpoint_path = dir.file("c.checkpoint");
    int epochs_done = 0;
    RatingTrainCallbacks callbacks;
    callbacks.should_stop = [&] { return epochs_done >= 1; };  // "Ctrl-C" during epoch 2
    std::string after_first;
    callbacks.on_epoch = [&](const RatingEpochReport&) {
        ++epochs_done;
        after_first = read_file(dir.file("c.checkpoint"));
    };
    const RatingTrainResult result = train_rating_model(dataset, dataset.ratings, options, callbacks);
    CHECK(result.interrupted);
    CHECK(epochs_done == 1);
    CHECK(read_file(dir.file("c.checkpoint")) == after_first);
}

namespace {

// A small run (20 movies, --dim 4, --hidden 8, 2 epochs planned) with the
// checkpoint of its first epoch; resumes write their checkpoint where they
// read it, as the CLI's default does, so a run that started would change it.
struct CheckpointedRun {
    Dataset dataset = make_synthetic_dataset(30, 20, 0.4, 1);
    TempDir dir;
    RatingTrainOptions options;
    std::string good;  // the checkpoint's bytes
    bool started = false;

    explicit CheckpointedRun(const char* arch = "pooled") {
        options.arch = arch;
        options.epochs = 1;
        options.pooled.dim = 4;
        options.pooled.hidden = 8;
        options.watch_head = false;
        options.checkpoint_path = dir.file("first.checkpoint");
        train_rating_model(dataset, dataset.ratings, options);
        good = read_file(options.checkpoint_path);
        options.epochs = 2;
        options.checkpoint_path = path();
    }
    std::string path() const { return dir.file("resume.checkpoint"); }
    RatingTrainResult resume(const std::string& bytes, const RatingTrainOptions& run) {
        write_file_atomically(path(), bytes);
        RatingTrainCallbacks callbacks;
        callbacks.on_progress = [&](int, double) { started = true; };
        return train_rating_model(dataset, dataset.ratings, run, callbacks, path());
    }
};

// The file with tensor `name` replaced (added when missing, dropped when `dtype_name` is empty).
std::string with_tensor(const std::string& bytes, const std::string& name, const char* dtype_name,
                        const std::vector<int64_t>& shape, const std::string& data) {
    const Safetensors file = parse_safetensors(bytes, "edit");
    SafetensorsWriter out;
    out.metadata.insert(file.metadata().begin(), file.metadata().end());
    TensorDtype dtype = TensorDtype::F32;
    const bool replace = *dtype_name && parse_tensor_dtype(dtype_name, dtype);
    for (const TensorInfo& t : file.tensors())
        if (t.name != name) out.add(t.name, t.dtype, t.shape, file.data(t), t.end - t.begin);
    if (replace) out.add(name, dtype, shape, data.data(), data.size());
    return out.bytes();
}

std::string floats_bytes(std::size_t n, float value) {
    const std::vector<float> values(n, value);
    return std::string(reinterpret_cast<const char*>(values.data()), n * sizeof(float));
}

std::string with_metadata(const std::string& bytes, const std::map<std::string, std::string>& values) {
    return with_header(bytes, [&](nlohmann::json& header) {
        for (const auto& [key, value] : values) header["__metadata__"][key] = value;
    });
}

std::string metadata(const std::string& bytes, const std::string& key) {
    return parse_safetensors(bytes, "read").require_metadata(key);
}

int64_t tensor_size(const std::string& bytes, const std::string& name) {
    return parse_safetensors(bytes, "read").require(name).shape.at(0);
}

}  // namespace

// A refused resume: the error's code and text, no epoch begun, the file as it was.
#define CHECK_RESUME_REFUSED(run, bytes, options, code, text)                  \
    do {                                                                       \
        const std::string bytes_ = (bytes);                                    \
        (run).started = false;                                                 \
        CHECK_MOVIENET_ERROR((run).resume(bytes_, options), code, text);       \
        CHECK_FALSE((run).started);                                            \
        CHECK(read_file((run).path()) == bytes_);                              \
    } while (false)

TEST_CASE("a checkpoint resumes only the run it belongs to, naming what differs") {
    CheckpointedRun run;
    RatingTrainOptions options = run.options;

    SUBCASE("the checkpoint itself resumes") {
        const RatingTrainResult result = run.resume(run.good, options);
        CHECK(result.epochs.size() == 2);
        CHECK(run.started);
    }
    SUBCASE("other data") {
        const Dataset other = make_synthetic_dataset(30, 20, 0.4, 2);
        write_file_atomically(run.path(), run.good);
        CHECK_MOVIENET_ERROR(train_rating_model(other, other.ratings, options, {}, run.path()), ErrorCode::BadInput,
                             "fingerprint differs: the data or options changed (ratings: ");
    }
    SUBCASE("another --dim") {
        options.pooled.dim = 8;
        CHECK_RESUME_REFUSED(run, run.good, options, ErrorCode::BadInput,
                             run.path() + ": fingerprint differs: the data or options changed (dim: 4 in the checkpoint, 8 now)");
        // Also with the fingerprint forged: the tensors' shapes tell.
        CHECK_RESUME_REFUSED(run, with_metadata(run.good, {{"fingerprint", training_fingerprint(run.dataset.ratings, options)}}),
                             options, ErrorCode::ModelFormat, run.path() + ": pooled.q: shape [20, 4], expected [20, 8]");
    }
    SUBCASE("another --hidden, the fingerprint forged") {
        options.pooled.hidden = 16;
        CHECK_RESUME_REFUSED(run, with_metadata(run.good, {{"fingerprint", training_fingerprint(run.dataset.ratings, options)}}),
                             options, ErrorCode::ModelFormat, run.path() + ": pooled.head.0.weight: shape [8, ");
    }
    SUBCASE("another --arch") {
        options.arch = "seed";
        CHECK_RESUME_REFUSED(run, run.good, options, ErrorCode::BadInput,
                             run.path() + ": arch: \"pooled\" in the checkpoint, this run trains \"seed\" (another --arch)");
        CHECK_RESUME_REFUSED(run,
                             with_metadata(run.good, {{"arch", "seed"},
                                                      {"fingerprint", training_fingerprint(run.dataset.ratings, options)}}),
                             options, ErrorCode::ModelFormat, run.path() + ": seed.features.");
    }
    SUBCASE("more epochs than the run plans") {
        options.epochs = 1;
        RatingTrainOptions two = run.options;
        two.checkpoint_path = run.dir.file("two.checkpoint");
        train_rating_model(run.dataset, run.dataset.ratings, two);
        CHECK_RESUME_REFUSED(run, read_file(two.checkpoint_path), options, ErrorCode::BadInput,
                             run.path() + ": epoch: the checkpoint has run 2 epochs, more than the 1 this run plans (--epochs)");
    }
}

TEST_CASE("a damaged checkpoint is refused before the first epoch, naming the field or tensor") {
    CheckpointedRun run;
    const RatingTrainOptions& options = run.options;
    const std::string& good = run.good;
    const std::string path = run.path() + ": ";
    const auto damaged = [&](const std::string& bytes, const std::string& text) {
        CHECK_RESUME_REFUSED(run, bytes, options, ErrorCode::ModelFormat, path + text);
    };

    SUBCASE("truncated") {
        damaged("", "truncated: 0 bytes, too short for the 8-byte header length");
        const uint64_t header = header_length(good), data = good.size() - 8 - header;
        damaged(good.substr(0, 100), "header length " + std::to_string(header) + " runs past the end of the 100-byte file");
        // The last tensor written is the last in the data.
        damaged(good.substr(0, good.size() - 4), "optimizer.head_t: data_offsets [" + std::to_string(data - 8) + ", " +
                                                     std::to_string(data) + "] are outside the " + std::to_string(data - 4) +
                                                     " data bytes");
    }
    SUBCASE("a version-2 (JSON) checkpoint") {
        damaged("{\"format\":\"movienet-checkpoint\",\"version\":2,\"fingerprint\":\"x\",\"model\":\"AAAA\"}",
                "is a version-2 (JSON) checkpoint, written by an older movienet; start the run again without --resume");
    }
    SUBCASE("another format or version") {
        damaged(save_rating_model_string(train_rating_model(run.dataset, run.dataset.ratings, options).model),
                "__metadata__.format: \"movienet-model\" is not a movienet-checkpoint file");
        damaged(with_metadata(good, {{"version", "4"}}), "__metadata__.version: 4 is not supported (this build reads version 3)");
        damaged(with_metadata(good, {{"version", "2"}}), "__metadata__.version: 2 is not supported (this build reads version 3)");
    }
    SUBCASE("garbage rng state") {
        const std::string rng = metadata(good, "rng");
        const std::size_t last = rng.rfind(' ');
        damaged(with_metadata(good, {{"rng", "not a state"}}),
                "__metadata__.rng: number 1, \"not\", is not an unsigned 64-bit integer");
        damaged(with_metadata(good, {{"rng", ""}}), "__metadata__.rng: number 1, \"\", is not an unsigned 64-bit integer");
        damaged(with_metadata(good, {{"rng", "18446744073709551616" + rng.substr(rng.find(' '))}}),
                "__metadata__.rng: number 1, \"18446744073709551616\", is not an unsigned 64-bit integer");
        damaged(with_metadata(good, {{"rng", rng.substr(0, last)}}), "__metadata__.rng: holds 312 numbers, expected 313");
        damaged(with_metadata(good, {{"rng", rng + " 7"}}), "__metadata__.rng: holds more than 313 numbers, expected 313");
        damaged(with_metadata(good, {{"rng", rng + " "}}), "__metadata__.rng: number 314, \"\", is not an unsigned");
        damaged(with_metadata(good, {{"rng", rng.substr(0, last) + " 999"}}),
                "__metadata__.rng: position 999 is past the 312 state words");
        damaged(with_metadata(good, {{"rng", "0" + rng}}), "__metadata__.rng: does not read back as the same mt19937_64 state");
    }
    SUBCASE("wrong-size optimiser tensors") {
        const int64_t n = tensor_size(good, "optimizer.m");
        damaged(with_tensor(good, "optimizer.m", "F32", {n - 1}, floats_bytes(std::size_t(n - 1), 0)),
                "optimizer.m: shape [" + std::to_string(n - 1) + "], expected [" + std::to_string(n) + "]");
        const int64_t head = tensor_size(good, "optimizer.head_v");
        damaged(with_tensor(good, "optimizer.head_v", "F32", {head + 1}, floats_bytes(std::size_t(head + 1), 0)),
                "optimizer.head_v: shape [" + std::to_string(head + 1) + "], expected [" + std::to_string(head) +
                    "] (or [0] before the first step)");
        damaged(with_tensor(good, "optimizer.head_m", "F16", {head}, std::string(std::size_t(head) * 2, '\0')),
                "optimizer.head_m: dtype F16, expected F32");
        damaged(with_tensor(good, "optimizer.head_t", "", {}, ""), "optimizer.head_t: missing tensor");
        const int64_t minus_one = -1;
        damaged(with_tensor(good, "optimizer.t", "I64", {}, std::string(reinterpret_cast<const char*>(&minus_one), 8)),
                "optimizer.t: -1 steps, expected 0 or more");
        damaged(with_tensor(good, "best_params", "F32", {3}, floats_bytes(3, 0)),
                "best_params: shape [3], expected [" + std::to_string(tensor_size(good, "best_params")) + "]");
        damaged(with_tensor(good, "optimizer.extra", "F32", {1}, floats_bytes(1, 0)),
                "optimizer.extra: unexpected tensor (not in a pooled checkpoint)");
    }
    SUBCASE("a NaN or a negative second moment") {
        const float nan = std::nanf("");
        damaged(with_f32(good, "optimizer.head_v", nan), "optimizer.head_v: value 0 is not finite");
        damaged(with_f32(good, "optimizer.m", nan), "optimizer.m: value 0 is not finite");
        damaged(with_f32(good, "pooled.q", nan), "pooled.q: value 0 is not finite");
        damaged(with_f32(good, "best_params", INFINITY), "best_params: value 0 is not finite");
        damaged(with_f32(good, "optimizer.v", -1.0f), "optimizer.v: value 0 is negative");
    }
    SUBCASE("inconsistent counters and reports") {
        damaged(with_metadata(good, {{"epoch", "-1"}}), "__metadata__.epoch: -1 is outside [0, 1073741824]");
        damaged(with_metadata(good, {{"epoch", "one"}}), "__metadata__.epoch: \"one\" is not an integer");
        damaged(with_metadata(good, {{"best_epoch", "2"}}), "__metadata__.best_epoch: 2 is after the last epoch run, 1");
        damaged(with_metadata(good, {{"since_best", "1"}}), "__metadata__.since_best: 1, but only 0 epochs ran after the best");
        damaged(with_metadata(good, {{"best_rmse", "nan"}}), "__metadata__.best_rmse: \"nan\" is not a number (or inf)");
        damaged(with_metadata(good, {{"best_rmse", "inf"}}), "__metadata__.best_rmse: inf but epoch 1 was the best");
        damaged(with_metadata(good, {{"epochs", "[]"}}), "__metadata__.epochs: holds 0 reports, expected 1 (one per epoch run)");
        damaged(with_metadata(good, {{"epochs", "[{\"epoch\":2}]"}}), "__metadata__.epochs[0].epoch: expected 1");
        damaged(with_metadata(good, {{"epochs", "[{\"epoch\":1,\"train_rmse\":1,\"validation_rmse\":1}]"}}),
                "__metadata__.epochs[0].seconds: missing");
        damaged(with_metadata(good, {{"epochs", "[1"}}), "__metadata__.epochs: expected a JSON array of epoch reports");
    }
}

TEST_CASE("Ctrl-C during the watch head's epochs: the checkpoint holds the head, and the resumed run is bit-identical") {
    const Dataset dataset = make_synthetic_dataset(40, 30, 0.4, 21);
    TempDir dir;
    struct Case {
        const char* softmax;
        int threads;
        WatchRefit refit;
    };
    // Never: the choosing pass's best epoch is the result (large data), so the
    // checkpoint carries that epoch's weights while later epochs run.
    for (const Case c : {Case{"full", 1, WatchRefit::Auto}, Case{"full", 2, WatchRefit::Auto},
                         Case{"sampled", 1, WatchRefit::Auto}, Case{"sampled", 2, WatchRefit::Auto},
                         Case{"sampled", 2, WatchRefit::Never}, Case{"full", 1, WatchRefit::Never}}) {
        {
            const char* softmax = c.softmax;
            const int threads = c.threads;
            CAPTURE(softmax);
            CAPTURE(threads);
            CAPTURE(c.refit == WatchRefit::Never);
            RatingTrainOptions options;
            options.pooled.dim = 4;
            options.pooled.hidden = 8;
            options.epochs = 2;
            options.threads = threads;
            options.watch.model.dim = 4;
            options.watch.softmax = softmax;
            options.watch.training.negatives = 8;
            options.watch.max_epochs = c.refit == WatchRefit::Never ? 8 : 4;
            options.watch.patience = 1;
            options.watch.refit = c.refit;
            std::vector<WatchEpochReport> reports;
            RatingTrainCallbacks record;
            record.on_watch_epoch = [&](const WatchEpochReport& r) { reports.push_back(r); };
            const RatingTrainResult straight = train_rating_model(dataset, dataset.ratings, options, record);
            REQUIRE(straight.watch_epochs > 0);
            const Json watch = Json::parse(straight.model.metadata_json)["watch"];
            CHECK(watch["refit"] == (c.refit != WatchRefit::Never));
            if (c.refit == WatchRefit::Never) {
                // No final pass: the result is the best choosing epoch, and a later one ran.
                size_t best = 0;
                for (size_t i = 0; i < reports.size(); ++i) {
                    CHECK_FALSE(reports[i].final_pass);
                    if (reports[i].validation_ndcg > reports[best].validation_ndcg) best = i;
                }
                CHECK(straight.watch_epochs == reports[best].epoch);
                CHECK(reports.back().epoch > straight.watch_epochs);
                CHECK(watch["validation_ndcg10"] == doctest::Approx(reports[best].validation_ndcg));
            }

            // Stop after each watch epoch in turn (choosing and final pass), then resume.
            int total_watch_epochs = 0;
            {
                RatingTrainCallbacks count;
                count.on_watch_epoch = [&](const WatchEpochReport&) { ++total_watch_epochs; };
                train_rating_model(dataset, dataset.ratings, options, count);
            }
            for (int stop_after = 1; stop_after < total_watch_epochs; ++stop_after) {
                CAPTURE(stop_after);
                options.checkpoint_path = dir.file("watch.checkpoint");
                int seen = 0;
                RatingTrainCallbacks callbacks;
                callbacks.on_watch_epoch = [&](const WatchEpochReport&) { ++seen; };
                callbacks.should_stop = [&] { return seen >= stop_after; };
                const RatingTrainResult stopped = train_rating_model(dataset, dataset.ratings, options, callbacks);
                CHECK(stopped.interrupted);
                const Safetensors file = parse_safetensors(read_file(options.checkpoint_path), "checkpoint");
                CHECK(file.find_metadata("watch_state") != nullptr);
                CHECK(file.find("watch.params") != nullptr);
                CHECK((file.find("watch.best_params") != nullptr) == (c.refit == WatchRefit::Never));
                const RatingTrainResult resumed =
                    train_rating_model(dataset, dataset.ratings, options, {}, options.checkpoint_path);
                CHECK(!resumed.interrupted);
                CHECK(resumed.watch_epochs == straight.watch_epochs);
                CHECK(save_rating_model_string(resumed.model) == save_rating_model_string(straight.model));
                options.checkpoint_path.clear();
            }
        }
    }
}

TEST_CASE("a checkpoint of the watch phase is refused by a run without a watch head, or with another thread count") {
    const Dataset dataset = make_synthetic_dataset(30, 20, 0.4, 5);
    TempDir dir;
    RatingTrainOptions options;
    options.pooled.dim = 4;
    options.epochs = 1;
    options.watch.model.dim = 4;
    options.watch.epochs = 2;
    options.checkpoint_path = dir.file("w.checkpoint");
    int seen = 0;
    RatingTrainCallbacks callbacks;
    callbacks.on_watch_epoch = [&](const WatchEpochReport&) { ++seen; };
    callbacks.should_stop = [&] { return seen >= 1; };
    train_rating_model(dataset, dataset.ratings, options, callbacks);
    const std::string before = read_file(options.checkpoint_path);
    RatingTrainOptions other = options;
    other.threads = 2;
    CHECK_THROWS_WITH_AS(train_rating_model(dataset, dataset.ratings, other, {}, options.checkpoint_path),
                         doctest::Contains("threads"), Error);
    other = options;
    other.watch.softmax = "sampled";
    CHECK_THROWS_WITH_AS(train_rating_model(dataset, dataset.ratings, other, {}, options.checkpoint_path),
                         doctest::Contains("watch"), Error);
    CHECK(read_file(options.checkpoint_path) == before);
}
