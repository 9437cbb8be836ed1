// Accuracy benchmark on MovieLens 100K's official splits u1..u5: for each
// split, the bias baseline, the seed architecture and the default
// architecture are trained on uN.base and scored on uN.test (each viewer
// described only by their uN.base ratings).
//
//   accuracy [DATA_DIR] [--split u1] [--epochs N]
// DATA_DIR defaults to $MOVIENET_DATA, then ../shared/datasets/ml-100k.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/nn/metrics.h"
#include "movienet/rec/bias_baseline.h"
#include "movienet/rec/evaluation.h"
#include "movienet/rec/rating_trainer.h"
#include "movienet/data/split.h"

using namespace movienet;

namespace {

struct Row {
    double rmse = 0, mae = 0, seconds = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Row bias_row(const Split& split) {
    const auto start = std::chrono::steady_clock::now();
    const BiasBaseline baseline = fit_bias_baseline(split.train);
    Row row;
    row.seconds = seconds_since(start);
    ErrorSums errors;
    for (const auto& r : split.test) errors.add(std::min(5.0f, std::max(1.0f, baseline.predict(r.user, r.movie))), r.rating);
    row.rmse = errors.rmse();
    row.mae = errors.mae();
    return row;
}

Row model_row(const Dataset& dataset, const Split& split, const char* arch, int epochs) {
    RatingTrainOptions options;
    options.arch = arch;
    options.epochs = epochs;
    options.watch_head = false;  // this benchmark scores ratings only (bench/ranking scores the watch head)
    const auto start = std::chrono::steady_clock::now();
    const RatingTrainResult result = train_rating_model(dataset, split.train, options);
    Row row;
    row.seconds = seconds_since(start);
    const RatingMetrics metrics = evaluate_ratings(result.model, split.train, split.test);
    row.rmse = metrics.rmse;
    row.mae = metrics.mae;
    return row;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir;
    std::vector<std::string> splits = {"u1", "u2", "u3", "u4", "u5"};
    int epochs = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--split" && i + 1 < argc) {
            splits = {argv[++i]};
        } else if (arg == "--epochs" && i + 1 < argc) {
            epochs = std::atoi(argv[++i]);
        } else if (arg == "--help" || arg == "-h") {
            std::printf("usage: accuracy [DATA_DIR] [--split u1] [--epochs N]\n"
                        "DATA_DIR: MovieLens 100K (default $MOVIENET_DATA, then ../shared/datasets/ml-100k)\n");
            return 0;
        } else {
            dir = arg;
        }
    }
    if (dir.empty()) dir = std::getenv("MOVIENET_DATA") ? std::getenv("MOVIENET_DATA") : "../shared/datasets/ml-100k";
    Dataset dataset;
    try {
        dataset = load_dataset(dir, DataFormat::Ml100k);
    } catch (const Error& e) {
        std::fprintf(stderr,
                     "accuracy: MovieLens 100K not found or unreadable at '%s' (%s).\n"
                     "Pass its directory as the first argument or set MOVIENET_DATA; it is not shipped (licence).\n",
                     dir.c_str(), e.what());
        return 2;
    }

    std::printf("MovieLens 100K official splits, data %s\n", dir.c_str());
    std::printf("%-6s | %-24s | %-24s | %-24s\n", "split", "bias baseline", "seed (Keras reference)", "default (pooled MLP)");
    std::printf("%-6s | %7s %7s %8s | %7s %7s %8s | %7s %7s %8s\n", "", "rmse", "mae", "train_s", "rmse", "mae", "train_s", "rmse",
                "mae", "train_s");
    Row sums[3];
    for (const auto& name : splits) {
        const Split split = official_split(dir, name);
        const Row rows[3] = {bias_row(split), model_row(dataset, split, "seed", epochs),
                             model_row(dataset, split, "pooled", epochs)};
        std::printf("%-6s", name.c_str());
        for (int k = 0; k < 3; ++k) {
            std::printf(" | %7.4f %7.4f %8.1f", rows[k].rmse, rows[k].mae, rows[k].seconds);
            sums[k].rmse += rows[k].rmse;
            sums[k].mae += rows[k].mae;
            sums[k].seconds += rows[k].seconds;
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    const double n = double(splits.size());
    std::printf("%-6s", "mean");
    for (const auto& s : sums) std::printf(" | %7.4f %7.4f %8.1f", s.rmse / n, s.mae / n, s.seconds / n);
    std::printf("\n(reference, Surprise on 5-fold ml-100k: SVD 0.934, SVD++ 0.919 - both with user ids)\n");
    std::printf("mean_rmse_default=%.4f mean_rmse_seed=%.4f mean_rmse_bias=%.4f\n", sums[2].rmse / n, sums[1].rmse / n,
                sums[0].rmse / n);
    return 0;
}
