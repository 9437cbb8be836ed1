// The native half of rating_model.h: whole files, whose safetensors header
// nlohmann/json reads and writes.
#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/rec/rating_model.h"

namespace movienet {

std::string save_rating_model_string(const RatingModel& model, Dtype dtype, bool titles) {
    SafetensorsWriter out;
    rating_model_to_tensors(model, dtype, titles, out);
    return out.bytes();
}

RatingModel load_rating_model_string(std::string bytes, const std::string& source) {
    return rating_model_from(parse_safetensors(std::move(bytes), source));
}

void save_rating_model_file(const std::string& path, const RatingModel& model, Dtype dtype, bool titles) {
    write_file_atomically(path, save_rating_model_string(model, dtype, titles));
}

RatingModel load_rating_model_file(const std::string& path) {
    return load_rating_model_string(read_file(path, limits::kMaxModelFileBytes), path);
}

}  // namespace movienet
