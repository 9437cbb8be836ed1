#include "movienet/rec/watch/watch_json.h"

#include <cmath>

#include "movienet/base/error.h"
#include "movienet/io/json_fields.h"

namespace movienet {

Json watch_to_json(const WatchModel& model, float rating_weight, Dtype dtype) {
    const Vector& p = model.params();
    return {{"dim", model.config().dim},
            {"recent", model.config().recent},
            {"tied", model.config().tied},
            {"rating_weight", rating_weight},
            {"params",
             {{"dtype", dtype_name(dtype)},
              {"shape", {p.size()}},
              {"data", encode_floats(p.data(), static_cast<size_t>(p.size()), dtype)}}}};
}

std::unique_ptr<WatchModel> watch_from_json(const JsonNode& w, int movies, float& rating_weight) {
    WatchConfig config;
    config.dim = static_cast<int>(require_integer(w, "dim", "watch", 1, 4096));
    config.recent = static_cast<int>(require_integer(w, "recent", "watch", 0, 1024));
    const JsonNode* tied = w.find("tied");
    if (!tied || !tied->is_bool()) throw Error(ErrorCode::ModelFormat, "watch.tied: expected true or false");
    config.tied = tied->boolean();
    rating_weight = static_cast<float>(require_number(w, "rating_weight", "watch"));
    if (!std::isfinite(rating_weight) || rating_weight < 0 || rating_weight > 100)
        throw Error(ErrorCode::ModelFormat, "watch.rating_weight: must be a number in [0, 100]");
    const JsonNode& p = require_object(w, "params", "watch");
    const Dtype dtype = parse_dtype(require_string(p, "dtype", "watch.params"), "watch.params.dtype");
    const JsonNode& shape = require_array(p, "shape", "watch.params");
    const Index expected = WatchModel::param_count(movies, config);
    if (shape.size() != 1 || !shape[0].is_integer() || shape[0].integer() != expected)
        throw Error(ErrorCode::ModelFormat, "watch.params.shape: " + std::string(shape.text()) + " does not match " +
                                                std::to_string(expected) + " = movies x (1 + tables x dim) + recent");
    const auto values =
        decode_floats(require_string(p, "data", "watch.params"), static_cast<size_t>(expected), dtype, "watch.params.data");
    // Allocated only now that the data is known to hold what the shape declares.
    auto model = std::make_unique<WatchModel>(movies, config);
    model->params() = ConstVectorMap(values.data(), expected);
    return model;
}

}  // namespace movienet
