#include "movienet/rec/rating_model.h"

#include <cmath>
#include <limits>
#include <type_traits>
#include <unordered_set>

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/rec/watch/watch_json.h"

namespace movienet {

void RatingModel::score(const ResolvedHistory& history, const int* movies, int count, float* out) const {
    arch->score(history, movies, count, out);
}

float RatingModel::viewer_baseline(const ResolvedHistory& history) const {
    double offset = 0;
    for (float r : history.ratings) offset += r - global_mean;
    return global_mean + static_cast<float>(offset / (double(history.ratings.size()) + arch->viewer_bias_shrinkage()));
}

Index RatingModel::param_count() const { return arch->param_count() + (watch ? watch->params().size() : 0); }

Json catalogue_to_json(const Catalogue& catalogue) {
    return {{"ids", catalogue.ids},           {"titles", catalogue.titles},
            {"years", catalogue.years},       {"genres", catalogue.genres},
            {"genre_names", catalogue.genre_names}, {"rating_counts", catalogue.rating_counts}};
}

namespace {

template <typename T>
std::vector<T> require_list(const JsonNode& object, const std::string& key, const std::string& path, size_t size) {
    const JsonNode& list = require_array(object, key, path);
    if (list.size() != size)
        throw Error(ErrorCode::ModelFormat, path + "." + key + ": has " + std::to_string(list.size()) +
                                                " entries, expected " + std::to_string(size));
    std::vector<T> values;
    values.reserve(size);
    for (size_t i = 0; i < list.size(); ++i) {
        const JsonNode& item = list[i];
        if constexpr (std::is_same<T, std::string>::value) {
            if (!item.is_string()) throw Error(ErrorCode::ModelFormat, path + "." + key + "[" + std::to_string(i) + "]: wrong type");
            values.push_back(item.string());
        } else {
            if (!item.is_integer() || item.integer() < std::numeric_limits<T>::min() || item.integer() > std::numeric_limits<T>::max())
                throw Error(ErrorCode::ModelFormat, path + "." + key + "[" + std::to_string(i) + "]: wrong type");
            values.push_back(static_cast<T>(item.integer()));
        }
    }
    return values;
}

constexpr size_t max_catalogue = 10'000'000;

}  // namespace

Catalogue catalogue_from_json(const JsonNode& json, const std::string& path) {
    Catalogue catalogue;
    const size_t n = require_array(json, "ids", path).size();
    if (n == 0 || n > max_catalogue) throw Error(ErrorCode::ModelFormat, path + ".ids: must hold 1 to 10,000,000 movies");
    catalogue.ids = require_list<int32_t>(json, "ids", path, n);
    catalogue.titles = require_list<std::string>(json, "titles", path, n);
    catalogue.years = require_list<int>(json, "years", path, n);
    catalogue.rating_counts = require_list<int>(json, "rating_counts", path, n);
    const JsonNode& names = require_array(json, "genre_names", path);
    catalogue.genre_names = require_list<std::string>(json, "genre_names", path, names.size());
    const JsonNode& genres = require_array(json, "genres", path);
    if (genres.size() != n)
        throw Error(ErrorCode::ModelFormat, path + ".genres: has " + std::to_string(genres.size()) + " entries, expected " + std::to_string(n));
    for (size_t i = 0; i < n; ++i) {
        const std::string where = path + ".genres[" + std::to_string(i) + "]";
        if (!genres[i].is_array()) throw Error(ErrorCode::ModelFormat, where + ": expected an array");
        std::vector<int> list;
        for (const JsonNode& g : genres[i].children()) {
            if (!g.is_integer() || g.integer() < 0 || g.integer() >= static_cast<long long>(names.size()))
                throw Error(ErrorCode::ModelFormat, where + ": genre index out of range");
            list.push_back(static_cast<int>(g.integer()));
        }
        catalogue.genres.push_back(std::move(list));
    }
    std::unordered_set<int32_t> seen;
    for (size_t i = 0; i < n; ++i) {
        if (!seen.insert(catalogue.ids[i]).second)
            throw Error(ErrorCode::ModelFormat, path + ".ids[" + std::to_string(i) + "]: duplicate movie id " + std::to_string(catalogue.ids[i]));
        if (catalogue.rating_counts[i] < 0) throw Error(ErrorCode::ModelFormat, path + ".rating_counts[" + std::to_string(i) + "]: negative");
    }
    catalogue.rebuild_index();
    return catalogue;
}

std::string save_rating_model_string(const RatingModel& model, Dtype dtype) {
    Json file = {{"format", rating_model_format_name},
                 {"version", rating_model_format_version},
                 {"metadata", Json::parse(model.metadata_json)},
                 {"scale", {{"min", model.scale.min}, {"max", model.scale.max}, {"step", model.scale.step}}},
                 {"global_mean", model.global_mean},
                 {"catalogue", catalogue_to_json(model.catalogue)},
                 {"arch", model.arch->name()},
                 {model.arch->name(), model.arch->to_json(dtype)}};
    if (model.watch) file["watch"] = watch_to_json(*model.watch, model.watch_rating_weight, dtype);
    return dump_json(file);
}

RatingModel rating_model_from_json(const JsonNode& file) {
    require_format(file, rating_model_format_name, rating_model_format_version);
    RatingModel model;
    if (file.find("metadata")) model.metadata_json = require_object(file, "metadata", "").text();
    const JsonNode& scale = require_object(file, "scale", "");
    model.scale = {static_cast<float>(require_number(scale, "min", "scale")),
                   static_cast<float>(require_number(scale, "max", "scale")),
                   static_cast<float>(require_number(scale, "step", "scale"))};
    if (!(model.scale.min < model.scale.max) || !(model.scale.step > 0))
        throw Error(ErrorCode::ModelFormat, "scale: needs min < max and step > 0");
    model.global_mean = static_cast<float>(require_number(file, "global_mean", ""));
    model.catalogue = catalogue_from_json(require_object(file, "catalogue", ""), "catalogue");
    const std::string& arch = require_string(file, "arch", "");
    const ArchFormat* format = find_arch_format(arch);
    if (!format)
        throw Error(ErrorCode::ModelFormat, "arch: unknown architecture \"" + arch + "\"");
    model.arch = format->read(require_object(file, arch, ""), model.catalogue, model.global_mean);
    if (file.find("watch"))
        model.watch = watch_from_json(require_object(file, "watch", ""), model.catalogue.size(), model.watch_rating_weight);
    return model;
}

RatingModel load_rating_model_string(const std::string& text, const std::string& source) {
    return read_from(source, [&] { return rating_model_from_json(parse_json(text, source)); });
}

void save_rating_model_file(const std::string& path, const RatingModel& model, Dtype dtype) {
    write_file_atomically(path, save_rating_model_string(model, dtype));
}

RatingModel load_rating_model_file(const std::string& path) { return load_rating_model_string(read_file(path), path); }

}  // namespace movienet
