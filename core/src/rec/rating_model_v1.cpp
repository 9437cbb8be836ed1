// Version 1 model files (one JSON document, base64 weights), read for
// `movienet convert`. Native builds only.
#include "movienet/rec/rating_model_v1.h"

#include <limits>
#include <optional>
#include <type_traits>
#include <unordered_set>

#include "movienet/base/error.h"
#include "movienet/io/json_fields.h"
#include "movienet/nn/network_json.h"
#include "movienet/rec/pooled/pooled_arch.h"
#include "movienet/rec/seed/seed_arch.h"
#include "movienet/rec/seed/seed_features_json.h"
#include "movienet/rec/watch/watch_json.h"

namespace movienet {

namespace {

template <typename T>
std::vector<T> require_list(const Json& object, const std::string& key, const std::string& path, size_t size) {
    const Json& list = require_array(object, key, path);
    if (list.size() != size)
        throw Error(ErrorCode::ModelFormat, path + "." + key + ": has " + std::to_string(list.size()) +
                                                " entries, expected " + std::to_string(size));
    std::vector<T> values;
    values.reserve(size);
    for (size_t i = 0; i < list.size(); ++i) {
        const Json& item = list[i];
        if constexpr (std::is_same<T, std::string>::value) {
            if (!item.is_string()) throw Error(ErrorCode::ModelFormat, path + "." + key + "[" + std::to_string(i) + "]: wrong type");
            values.push_back(item.get<std::string>());
        } else {
            const std::optional<long long> n = integer_value(item);
            if (!n || *n < std::numeric_limits<T>::min() || *n > std::numeric_limits<T>::max())
                throw Error(ErrorCode::ModelFormat, path + "." + key + "[" + std::to_string(i) + "]: wrong type");
            values.push_back(static_cast<T>(*n));
        }
    }
    return values;
}

constexpr size_t max_catalogue = 10'000'000;


Catalogue catalogue_from_json(const Json& json, const std::string& path) {
    Catalogue catalogue;
    const size_t n = require_array(json, "ids", path).size();
    if (n == 0 || n > max_catalogue) throw Error(ErrorCode::ModelFormat, path + ".ids: must hold 1 to 10,000,000 movies");
    catalogue.ids = require_list<int32_t>(json, "ids", path, n);
    catalogue.titles = require_list<std::string>(json, "titles", path, n);
    catalogue.years = require_list<int>(json, "years", path, n);
    catalogue.rating_counts = require_list<int>(json, "rating_counts", path, n);
    const Json& names = require_array(json, "genre_names", path);
    catalogue.genre_names = require_list<std::string>(json, "genre_names", path, names.size());
    const Json& genres = require_array(json, "genres", path);
    if (genres.size() != n)
        throw Error(ErrorCode::ModelFormat, path + ".genres: has " + std::to_string(genres.size()) + " entries, expected " + std::to_string(n));
    for (size_t i = 0; i < n; ++i) {
        const std::string where = path + ".genres[" + std::to_string(i) + "]";
        if (!genres[i].is_array()) throw Error(ErrorCode::ModelFormat, where + ": expected an array");
        std::vector<int> list;
        for (const Json& g : genres[i]) {
            const std::optional<long long> index = integer_value(g);
            if (!index || *index < 0 || *index >= static_cast<long long>(names.size()))
                throw Error(ErrorCode::ModelFormat, where + ": genre index out of range");
            list.push_back(static_cast<int>(*index));
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

std::unique_ptr<ArchModel> read_pooled_v1(const Json& p, const Catalogue& catalogue, float global_mean) {
    PooledConfig config;
    config.dim = static_cast<int>(require_integer(p, "dim", "pooled", 1, 4096));
    config.hidden = static_cast<int>(require_integer(p, "hidden", "pooled", 1, 65536));
    config.user_bias_shrinkage = static_cast<float>(require_number(p, "user_bias_shrinkage", "pooled"));
    const Json& e = require_object(p, "embeddings", "pooled");
    const Dtype dtype = parse_dtype(require_string(e, "dtype", "pooled.embeddings"), "pooled.embeddings.dtype");
    const Json& shape = require_array(e, "shape", "pooled.embeddings");
    const Index expected = Index(catalogue.size()) * (1 + 3 * Index(config.dim));
    if (shape.size() != 1 || integer_value(shape[0]) != expected)
        throw Error(ErrorCode::ModelFormat, "pooled.embeddings.shape: " + dump_json(shape) + " does not match " +
                                                std::to_string(expected) + " = movies x (1 + 3 dim)");
    const auto values = decode_floats(require_string(e, "data", "pooled.embeddings"), static_cast<size_t>(expected),
                                      dtype, "pooled.embeddings.data");
    // Allocated only now that the data is known to hold what the shape declares.
    auto arch = std::make_unique<PooledArch>(catalogue, config, global_mean);
    PooledModel& model = arch->model;
    model.embeddings() = ConstVectorMap(values.data(), expected);
    Network head = network_from_json(require_object(p, "head", "pooled"), "pooled.head");
    if (head.architecture().spec() != model.head().architecture().spec() || head.input_size() != model.head().input_size())
        throw Error(ErrorCode::ModelFormat, "pooled.head: architecture does not match dim, hidden and the genre count");
    model.head() = std::move(head);
    return arch;
}

std::unique_ptr<ArchModel> read_seed_v1(const Json& s, const Catalogue&, float) {
    auto encoder = seed_features_from_json(require_object(s, "features", "seed"), "seed.features");
    Network network = network_from_json(require_object(s, "network", "seed"), "seed.network");
    if (network.input_size() != encoder.size() || network.output_size() != 1)
        throw Error(ErrorCode::ModelFormat, "seed.network: expects " + std::to_string(network.input_size()) +
                                                " inputs but the features have " + std::to_string(encoder.size()));
    return std::make_unique<SeedArch>(std::move(encoder), std::move(network));
}

}  // namespace

RatingModel rating_model_from_json(const Json& file) {
    require_format(file, rating_model_format_name, 1);
    RatingModel model;
    if (file.contains("metadata")) model.metadata_json = dump_json(require_object(file, "metadata", ""));
    const Json& scale = require_object(file, "scale", "");
    model.scale = {static_cast<float>(require_number(scale, "min", "scale")),
                   static_cast<float>(require_number(scale, "max", "scale")),
                   static_cast<float>(require_number(scale, "step", "scale"))};
    if (!(model.scale.min < model.scale.max) || !(model.scale.step > 0))
        throw Error(ErrorCode::ModelFormat, "scale: needs min < max and step > 0");
    model.global_mean = static_cast<float>(require_number(file, "global_mean", ""));
    model.catalogue = catalogue_from_json(require_object(file, "catalogue", ""), "catalogue");
    const std::string& arch = require_string(file, "arch", "");
    if (arch == "pooled")
        model.arch = read_pooled_v1(require_object(file, arch, ""), model.catalogue, model.global_mean);
    else if (arch == "seed")
        model.arch = read_seed_v1(require_object(file, arch, ""), model.catalogue, model.global_mean);
    else
        throw Error(ErrorCode::ModelFormat, "arch: unknown architecture \"" + arch + "\"");
    if (file.contains("watch"))
        model.watch = watch_from_json(require_object(file, "watch", ""), model.catalogue.size(), model.watch_rating_weight);
    return model;
}

RatingModel load_rating_model_v1(const std::string& text, const std::string& source) {
    return read_from(source, [&] { return rating_model_from_json(parse_json_file(text, source)); });
}

}  // namespace movienet
