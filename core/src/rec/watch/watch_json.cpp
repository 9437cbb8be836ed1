#include "movienet/rec/watch/watch_json.h"

#include <cmath>

#include "movienet/base/error.h"
#include "movienet/io/json_fields.h"

namespace movienet {

std::unique_ptr<WatchModel> watch_from_json(const Json& w, int movies, float& rating_weight) {
    WatchConfig config;
    config.dim = static_cast<int>(require_integer(w, "dim", "watch", 1, 4096));
    config.recent = static_cast<int>(require_integer(w, "recent", "watch", 0, 1024));
    const auto tied = w.find("tied");
    if (tied == w.end() || !tied->is_boolean()) throw Error(ErrorCode::ModelFormat, "watch.tied: expected true or false");
    config.tied = tied->get<bool>();
    rating_weight = static_cast<float>(require_number(w, "rating_weight", "watch"));
    if (!std::isfinite(rating_weight) || rating_weight < 0 || rating_weight > 100)
        throw Error(ErrorCode::ModelFormat, "watch.rating_weight: must be a number in [0, 100]");
    const Json& p = require_object(w, "params", "watch");
    const Dtype dtype = parse_dtype(require_string(p, "dtype", "watch.params"), "watch.params.dtype");
    const Json& shape = require_array(p, "shape", "watch.params");
    const Index expected = WatchModel::param_count(movies, config);
    if (shape.size() != 1 || integer_value(shape[0]) != expected)
        throw Error(ErrorCode::ModelFormat, "watch.params.shape: " + dump_json(shape) + " does not match " +
                                                std::to_string(expected) + " = movies x (1 + tables x dim) + recent");
    const auto values =
        decode_floats(require_string(p, "data", "watch.params"), static_cast<size_t>(expected), dtype, "watch.params.data");
    // Allocated only now that the data is known to hold what the shape declares.
    auto model = std::make_unique<WatchModel>(movies, config);
    model->params() = ConstVectorMap(values.data(), expected);
    return model;
}

}  // namespace movienet
