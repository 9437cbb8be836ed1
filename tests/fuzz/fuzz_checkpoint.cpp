// The training checkpoint (train --resume): the input is handed to
// train_rating_model as the CLI hands it a --resume file, for one fixed tiny
// pooled run (8 viewers, 6 movies, --dim 2, --hidden 2, 2 epochs), so the
// tensors' shapes are known. A checkpoint that loads must resume to the end.
//
// The seeds are real checkpoints of this run, written by this binary:
//   MOVIENET_FUZZ_WRITE_SEEDS=tests/fuzz/corpus/checkpoint build-fuzz/fuzz_checkpoint
// (tests/fuzz/make_checkpoint_seeds.sh). Not "seed-*": make_seeds.py rewrites those.
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_file.h"
#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/rec/rating_trainer.h"

using namespace movienet;

namespace {

constexpr int planned_epochs = 2;

// 8 viewers rating 6 movies (two genres) in a fixed pattern.
Dataset tiny_dataset() {
    Dataset dataset;
    dataset.name = "tiny";
    dataset.genre_names = {"Action", "Comedy"};
    for (int m = 1; m <= 6; ++m) dataset.movies.push_back({m, "Movie " + std::to_string(m) + " (1990)", 1990, {m % 2}});
    for (int u = 1; u <= 8; ++u)
        for (int m = 1; m <= 6; ++m)
            if ((u + m) % 3 != 0)
                dataset.ratings.push_back({u, m, 0.5f + 0.5f * static_cast<float>((u * 7 + m * 3) % 10), 1000 + u * 10 + m});
    return dataset;
}

RatingTrainOptions tiny_options(int epochs) {
    RatingTrainOptions options;
    options.epochs = epochs;
    options.patience = 0;
    options.validation_fraction = 0.25;
    options.pooled.dim = 2;
    options.pooled.hidden = 2;
    options.watch_head = false;
    return options;
}

void write_seeds(const std::string& folder) {
    const Dataset dataset = tiny_dataset();
    for (int epochs = 1; epochs <= planned_epochs; ++epochs) {
        RatingTrainOptions options = tiny_options(epochs);
        options.checkpoint_path = folder + "/checkpoint-epoch" + std::to_string(epochs);
        train_rating_model(dataset, dataset.ratings, options);
    }
    // Version 2 was one JSON document: refused with its own message.
    write_file_atomically(folder + "/checkpoint-version2.json",
                          "{\"format\":\"movienet-checkpoint\",\"version\":2,\"epoch\":1,\"model\":\"AAAA\"}");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* folder = std::getenv("MOVIENET_FUZZ_WRITE_SEEDS")) {
        write_seeds(folder);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const Dataset dataset = tiny_dataset();
    static const RatingTrainOptions options = tiny_options(planned_epochs);
    static fuzz::MemFile file("checkpoint");
    const std::string& path = file.set(std::string_view(reinterpret_cast<const char*>(data), size));
    try {
        const RatingTrainResult result = train_rating_model(dataset, dataset.ratings, options, {}, path);
        // Loaded epochs and the ones run after them: every planned epoch, in order.
        fuzz::require(result.epochs.size() == planned_epochs);
        for (size_t e = 0; e < result.epochs.size(); ++e) fuzz::require(result.epochs[e].epoch == int(e) + 1);
        fuzz::require(result.best_epoch >= 0 && result.best_epoch <= planned_epochs);
    } catch (const Error&) {
    }
    return 0;
}
