// The rating model file (format "movienet-model", version 2): one
// safetensors file (safetensors.h) holding everything a prediction needs, so
// a browser needs nothing else.
//   tensors    catalogue.ids I32 [M], catalogue.years I16 [M] (0 = unknown),
//              catalogue.rating_counts I32 [M], catalogue.genre_counts U8 [M] and
//              catalogue.genres U8 [n] (each movie's genre indices, in movie order;
//              I32 when there are more than 255),
//              catalogue.genre_names U8 (strings, each ended by a 0 byte),
//              catalogue.titles U8 (the same; optional: a site with its own
//              catalogue ships weights only), scale F32 [3] (min, max, step),
//              global_mean F32 [], then the architecture's tensors ("pooled.*",
//              "seed.*": pooled_arch.h, seed_arch.h) and, optionally, the
//              will-watch head's: watch.c [M], watch.o [M, dim] (and watch.e,
//              watch.r unless tied), watch.alpha [recent], watch.rating_weight F32 [].
//   __metadata__  "format": "movienet-model", "version": "2", "arch": "pooled",
//              "metadata": "<free-form JSON object as text: dataset, command, seed, metrics>"
// A model trained on watch events without ratings has no rating model: its
// "arch" is "none", and it holds the catalogue, scale and the watch head's
// tensors (required), and no global_mean (a file with one is refused).
// Version 1 was one JSON document with base64 weights; `movienet convert`
// reads it (rating_model_v1.h).
#pragma once

#include <memory>
#include <string>

#include "movienet/data/catalogue.h"
#include "movienet/io/codec.h"
#include "movienet/io/json_writer.h"
#include "movienet/io/safetensors.h"
#include "movienet/rec/architecture.h"
#include "movienet/rec/history.h"
#include "movienet/rec/watch/watch_model.h"

namespace movienet {

constexpr const char* rating_model_format_name = "movienet-model";
constexpr int rating_model_format_version = 2;
// The "arch" of a model without a rating model (a watch head only).
constexpr const char* no_rating_arch_name = "none";

// Error(NoRatingModel) for a rating question (`question`: "predict",
// "recommend --by rating", ...) asked of a model without a rating model.
[[noreturn]] void throw_no_rating_model(const std::string& question);

struct RatingModel {
    Catalogue catalogue;
    RatingScale scale{0.5f, 5.0f, 0.5f};
    float global_mean = 0;
    std::unique_ptr<ArchModel> arch;  // the architecture and its weights; null: no rating model (watch head only)
    std::unique_ptr<WatchModel> watch;  // P(watch next | history); null in files without one
    // How much one predicted star counts in the default ranking:
    // ln P(watch) + watch_rating_weight * rating (predictor.h).
    float watch_rating_weight = 1;
    std::string metadata_json = "{}";  // the file's free-form "metadata" object, as JSON text

    // False for a model trained on watch events alone: it answers watch questions only.
    bool has_rating_model() const { return arch != nullptr; }

    // Raw (unclamped) scores of dense movie indices for a resolved history
    // (entries without a rating are skipped). Error(NoRatingModel) without a rating model.
    void score(const ResolvedHistory& history, const int* movies, int count, float* out) const;
    // The fallback for a movie the catalogue lacks: global mean plus the
    // viewer's mean offset, shrunk as the architecture shrinks it (unclamped).
    float viewer_baseline(const ResolvedHistory& history) const;
    Index param_count() const;  // the architecture's and the watch head's
};

// The file's bytes: movie tables in `dtype` (int8: per-row scales), the rest
// float32 (float16 when dtype is not float32); titles only if `titles`.
std::string save_rating_model_string(const RatingModel& model, Dtype dtype = Dtype::Float32, bool titles = true);
// A file whose header is parsed: validates everything before use;
// Error(ModelFormat) naming the source and the tensor or field.
RatingModel rating_model_from(const Safetensors& file);
// The tensors and metadata of the file (also the model part of a checkpoint).
void rating_model_to_tensors(const RatingModel& model, Dtype dtype, bool titles, SafetensorsWriter& out);
// Native builds: parses the header too. A version-1 JSON file is an error naming `movienet convert`.
RatingModel load_rating_model_string(std::string bytes, const std::string& source = "model");
void save_rating_model_file(const std::string& path, const RatingModel& model, Dtype dtype = Dtype::Float32,
                            bool titles = true);
RatingModel load_rating_model_file(const std::string& path);

}  // namespace movienet
