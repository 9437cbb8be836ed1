// Version 1 of the model file: one JSON document,
//   { "format": "movienet-model", "version": 1, "metadata": {...},
//     "scale": {"min", "max", "step"}, "global_mean",
//     "catalogue": {"ids", "titles", "years", "genres", "genre_names", "rating_counts"},
//     "arch": "pooled", "pooled": {...}, "watch": {...} }
// with weights as base64 float32/float16. Read only, with nlohmann/json, for
// `movienet convert` (native builds; the wasm module reads version 2 only).
#pragma once

#include <string>

#include "movienet/io/json_writer.h"
#include "movienet/rec/rating_model.h"

namespace movienet {

// A parsed version-1 file; errors name the field, not the file.
RatingModel rating_model_from_json(const Json& file);
// Validates everything; Error(ModelFormat) naming source and field.
RatingModel load_rating_model_v1(const std::string& text, const std::string& source);

}  // namespace movienet
