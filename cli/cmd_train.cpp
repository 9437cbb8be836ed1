// movienet train: fit a rating model on MovieLens data and write one model file.
#include <cstdio>

#include "commands.h"
#include "data_options.h"
#include "movienet/base/error.h"
#include "movienet/base/limits.h"
#include "movienet/base/worker_pool.h"
#include "movienet/io/file_io.h"
#include "movienet/rec/evaluation.h"
#include "movienet/rec/rating_trainer.h"
#include "interrupt.h"
#include "progress_bar.h"
#include "time_text.h"

namespace movienet::cli {

namespace {

int run(const Args& args) {
    LoadedData data = load_data(args);
    RatingTrainOptions options;
    options.arch = parse_rating_arch(args.get("arch"));
    options.epochs = static_cast<int>(args.get_int("epochs", 0, 100000));
    options.seed = static_cast<uint64_t>(args.get_int("seed", 0, 1L << 62));
    options.validation_fraction = args.get_double("validation", 0.0, 0.5);
    options.patience = args.get("patience") == "auto" ? kAutoPatience : static_cast<int>(args.get_int("patience", 0, 100000));
    options.pooled.dim = static_cast<int>(args.get_int("dim", 1, 1024));
    options.pooled.hidden = static_cast<int>(args.get_int("hidden", 1, 4096));
    options.pooled_training.learning_rate = args.get_double("lr", 1e-7, 1.0);
    options.pooled_training.l2 = args.get_double("l2", 0.0, 100.0);
    const int watch_dim = static_cast<int>(args.get_int("watch-dim", 0, 1024));
    options.watch_head = watch_dim > 0;
    if (options.watch_head) options.watch.model.dim = watch_dim;
    options.watch.epochs = static_cast<int>(args.get_int("watch-epochs", 0, 100000));
    options.watch.softmax = args.get("watch-softmax");
    options.watch.training.negatives = static_cast<int>(args.get_int("watch-negatives", 1, 1000000));
    watch_negatives(options.watch, 1);  // names a bad --watch-softmax now
    // "all" (the default) is every core; 0 or a number above the limit is a mistake, not a request.
    options.threads = args.get("threads") == "all" ? resolve_threads(0, "--threads")
                                                   : static_cast<int>(args.get_int("threads", 1, limits::kMaxThreads));
    // Checked now, not after hours of training.
    const Dtype dtype = parse_dtype(args.get("dtype"), "--dtype");
    const std::string out = args.get("out");
    options.checkpoint_path = args.has("checkpoint") ? args.get("checkpoint") : out + ".checkpoint";
    check_writable(out);  // an unwritable --out fails now, not after the last epoch
    check_writable(options.checkpoint_path);
    options.metadata = {{"dataset", data.dataset.name},
                        {"format", data_format_name(data.dataset.format)},
                        {"split", data.split.name},
                        {"created", utc_timestamp()},
                        {"command", args.command_line()},
                        {"movienet_version", MOVIENET_VERSION}};

    const size_t rated = count_rated(data.dataset.ratings), unrated = data.dataset.ratings.size() - rated;
    if (unrated == 0)
        std::fprintf(stderr, "%s: %zu ratings, %zu movies; split %s: %zu train, %zu test; arch %s\n", data.dataset.name.c_str(),
                     data.dataset.ratings.size(), data.dataset.movies.size(), data.split.name.c_str(), data.split.train.size(),
                     data.split.test.size(), options.arch.c_str());
    else  // watch events without a rating train the watch head only
        std::fprintf(stderr, "%s: %zu events (%zu rated, %zu without a rating: watch head only), %zu movies; split %s: %zu train, "
                     "%zu test; arch %s\n", data.dataset.name.c_str(), data.dataset.ratings.size(), rated, unrated,
                     data.dataset.movies.size(), data.split.name.c_str(), data.split.train.size(), data.split.test.size(),
                     rated == 0 ? "none (no ratings: a watch head only)" : options.arch.c_str());
    ProgressBar progress;
    double elapsed = 0;
    RatingTrainCallbacks callbacks;
    callbacks.on_progress = [&](int epoch, double fraction) {
        progress.batch(epoch, options.epochs > 0 ? options.epochs : default_epochs(options.arch),
                       static_cast<long>(fraction * 1000), 1000);
    };
    callbacks.on_epoch = [&](const RatingEpochReport& r) {
        elapsed += r.seconds;
        char validation[32] = "none";  // --validation 0: no holdout to score
        if (r.validation_rmse >= 0) std::snprintf(validation, sizeof validation, "%.4f", r.validation_rmse);
        char line[256];
        std::snprintf(line, sizeof line, "epoch %d/%d  train_rmse=%.4f  val_rmse=%s%s  %s  elapsed %s  eta %s", r.epoch,
                      r.epochs, r.train_rmse, validation, r.improved ? " *" : "  ", format_seconds(r.seconds).c_str(),
                      format_seconds(elapsed).c_str(), format_seconds(elapsed / r.epoch * (r.epochs - r.epoch)).c_str());
        progress.line(line);
    };
    int watch_epochs = options.watch.epochs > 0 ? options.watch.epochs : options.watch.max_epochs;
    callbacks.on_watch_progress = [&](bool final_pass, int epoch, double fraction) {
        progress.batch(epoch, watch_epochs, static_cast<long>(fraction * 1000), 1000,
                       final_pass ? "watch head, final pass, epoch" : "watch head, choosing, epoch");
    };
    double watch_pass_seconds = 0;
    callbacks.on_watch_epoch = [&](const WatchEpochReport& r) {
        watch_epochs = r.epochs;
        if (r.epoch == 1) watch_pass_seconds = 0;
        watch_pass_seconds += r.seconds;
        const std::string remaining = format_seconds(watch_pass_seconds / r.epoch * (r.epochs - r.epoch));
        char line[320];
        if (r.final_pass)
            std::snprintf(line, sizeof line, "watch epoch %d/%d (final pass, all events)  loss=%.4f  %s  eta %s", r.epoch,
                          r.epochs, r.loss, format_seconds(r.seconds).c_str(), remaining.c_str());
        else
            std::snprintf(line, sizeof line,
                          "watch epoch %d (choosing, at most %d)  loss=%.4f  val_ndcg10=%.4f (scored in %s)  %s  "
                          "eta at most %s, then the final pass",
                          r.epoch, r.epochs, r.loss, r.validation_ndcg, format_seconds(r.validation_seconds).c_str(),
                          format_seconds(r.seconds).c_str(), remaining.c_str());
        progress.line(line);
    };
    install_interrupt_handler();
    callbacks.should_stop = [] { return interrupted(); };
    RatingTrainResult result = train_rating_model(data.dataset, data.split.train, options, callbacks, args.get("resume"));
    if (result.interrupted) {
        std::fprintf(stderr, "interrupted: the last complete epoch is in %s (continue with --resume %s)\n",
                     options.checkpoint_path.c_str(), options.checkpoint_path.c_str());
        return 130;
    }
    if (result.model.has_rating_model() && count_rated(data.split.test) > 0) {
        const RatingMetrics test = evaluate_ratings(result.model, data.split.train, data.split.test);
        Json metadata = Json::parse(result.model.metadata_json);
        metadata["test_rmse"] = test.rmse;
        metadata["test_mae"] = test.mae;
        result.model.metadata_json = dump_json(metadata);
        std::fprintf(stderr, "test (%s): rmse=%.4f mae=%.4f on %zu ratings\n", data.split.name.c_str(), test.rmse, test.mae, test.count);
    }
    save_rating_model_file(out, result.model, dtype);
    if (result.model.has_rating_model()) std::fprintf(stderr, "wrote %s (best epoch %d", out.c_str(), result.best_epoch);
    else std::fprintf(stderr, "wrote %s (no rating model: no rated events", out.c_str());
    if (result.watch_epochs > 0) std::fprintf(stderr, "; watch head: %d epochs", result.watch_epochs);
    std::fprintf(stderr, ")\n");
    if (args.has("json")) std::printf("%s\n", Json::parse(result.model.metadata_json).dump(2).c_str());
    return 0;
}

}  // namespace

Command train_command() {
    std::vector<OptionSpec> options = data_options("none");
    const std::vector<OptionSpec> own = {
        {"out", "FILE", "model file to write (atomically)", "", true},
        {"arch", "NAME", "default (history-pooled MLP) or seed (the Keras reference)", "default"},
        {"epochs", "N", "maximum epochs (0 = the architecture's default: 40 default, 10 seed)", "0"},
        {"patience", "N", "stop after N epochs without validation improvement (0 = never; auto: 4, or 1 from 2,000,000 training events, where an epoch must also improve by 0.1 % and the watch head keeps its best epoch instead of a refit)", "auto"},
        {"validation", "FRACTION", "share of the training ratings held out to pick the best epoch", "0.05"},
        {"seed", "S", "seed for initialisation, holdout and shuffling", "1"},
        {"dim", "D", "default arch: size of the movie vectors", "32"},
        {"hidden", "H", "default arch: width of the head's hidden layer", "64"},
        {"lr", "RATE", "default arch: embedding learning rate", "0.0005"},
        {"l2", "LAMBDA", "default arch: L2 on embedding rows", "0.1"},
        {"watch-dim", "D", "size of the will-watch head's movie vectors (0 = no watch head)", "32"},
        {"watch-epochs", "N", "watch head epochs (0 = chosen on each viewer's latest training movie)", "0"},
        {"watch-softmax", "KIND", "watch head's softmax: full (exact, cost grows with the catalogue), sampled (log-Q corrected negatives) or auto (full up to 20,000 movies)", "auto"},
        {"watch-negatives", "N", "movies drawn per batch as negatives by the sampled softmax", "1024"},
        {"threads", "N", "threads for both models, 1..256 or all (every core); results depend on --seed and N only", "all"},
        {"dtype", "TYPE", "movie table storage: float32, float16 (half the size) or int8 (a quarter, per-row scales)", "float32"},
        {"checkpoint", "FILE", "checkpoint written after every epoch", "OUT.checkpoint"},
        {"resume", "FILE", "continue from a checkpoint (same data and options), bit-identically", ""},
        {"json", "", "print the model's metadata as JSON on stdout", ""},
    };
    options.insert(options.end(), own.begin(), own.end());
    return {{"train", "movienet train --data DIR --out MODEL.safetensors [options]",
             "Train a rating model and its will-watch head on MovieLens data, or on watch events (events.csv, ratings "
             "optional: events without one train the watch head only; with none, the model has a watch head alone). "
             "Progress on stderr.", options, ""},
            run};
}

}  // namespace movienet::cli
