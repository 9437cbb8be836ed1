// The model file's "watch" section (the will-watch head, watch_model.h):
//   "watch": {"dim": 64, "recent": 8, "tied": true, "rating_weight": 1,
//             "params": {"dtype", "shape": [n], "data"}}
// rating_weight belongs to the ranking that blends the two heads (predictor.h).
#pragma once

#include <memory>

#include "movienet/io/codec.h"
#include "movienet/io/json_writer.h"
#include "movienet/rec/watch/watch_model.h"

namespace movienet {

// Validates sizes and values; Error(ModelFormat) naming the field under "watch".
std::unique_ptr<WatchModel> watch_from_json(const Json& section, int movies, float& rating_weight);

}  // namespace movienet
