// The rating model file (format "movienet-model", version 1): one JSON file
// holding everything a prediction needs — catalogue (ids, titles, years,
// genres, counts), rating scale, global mean, the architecture and its
// weights, and metadata (dataset, command, seed, metrics) — so a browser
// needs nothing else.
//
//   { "format": "movienet-model", "version": 1, "metadata": {...},
//     "scale": {"min": 0.5, "max": 5, "step": 0.5}, "global_mean": 3.5,
//     "catalogue": {"ids": [...], "titles": [...], "years": [...], "genres": [[...]],
//                   "genre_names": [...], "rating_counts": [...]},
//     "arch": "pooled", "pooled": {<the architecture's section>},
//     "watch": {<the will-watch head, watch_json.h>} }
// Each architecture (architecture.h) reads and writes its own section:
// pooled_arch.h, seed_arch.h. "watch" is optional (files from movienet 0.1
// have none): it is the same for every architecture.
#pragma once

#include <memory>
#include <string>

#include "movienet/data/catalogue.h"
#include "movienet/io/codec.h"
#include "movienet/io/json_fields.h"
#include "movienet/io/json_writer.h"
#include "movienet/rec/architecture.h"
#include "movienet/rec/history.h"
#include "movienet/rec/watch/watch_model.h"

namespace movienet {

constexpr const char* rating_model_format_name = "movienet-model";
constexpr int rating_model_format_version = 1;

struct RatingModel {
    Catalogue catalogue;
    RatingScale scale{0.5f, 5.0f, 0.5f};
    float global_mean = 0;
    std::unique_ptr<ArchModel> arch;  // the architecture and its weights
    std::unique_ptr<WatchModel> watch;  // P(watch next | history); null in files without one
    // How much one predicted star counts in the default ranking:
    // ln P(watch) + watch_rating_weight * rating (predictor.h).
    float watch_rating_weight = 1;
    std::string metadata_json = "{}";  // the file's free-form "metadata" object, verbatim

    // Raw (unclamped) scores of dense movie indices for a resolved history.
    void score(const ResolvedHistory& history, const int* movies, int count, float* out) const;
    // The fallback for a movie the catalogue lacks: global mean plus the
    // viewer's mean offset, shrunk as the architecture shrinks it (unclamped).
    float viewer_baseline(const ResolvedHistory& history) const;
    Index param_count() const;  // the architecture's and the watch head's
};

Json catalogue_to_json(const Catalogue& catalogue);
Catalogue catalogue_from_json(const JsonNode& json, const std::string& path);

std::string save_rating_model_string(const RatingModel& model, Dtype dtype = Dtype::Float32);
// A parsed model file (also embedded in checkpoints); errors name the field, not the file.
RatingModel rating_model_from_json(const JsonNode& file);
// Validates everything before use; Error(ModelFormat) naming source and field.
RatingModel load_rating_model_string(const std::string& text, const std::string& source = "model");
void save_rating_model_file(const std::string& path, const RatingModel& model, Dtype dtype = Dtype::Float32);
RatingModel load_rating_model_file(const std::string& path);

}  // namespace movienet
