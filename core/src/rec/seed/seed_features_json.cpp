#include "movienet/rec/seed/seed_features_json.h"

#include <cmath>
#include <cstdint>
#include <optional>

#include "movienet/base/error.h"
#include "movienet/io/json_fields.h"

namespace movienet {
namespace {

constexpr const char* kLayout = "seed_features_v1";

std::string element_path(const std::string& path, const std::string& key, size_t i) {
    return (path.empty() ? key : path + "." + key) + "[" + std::to_string(i) + "]";
}

const Json& require_sized_array(const Json& j, const std::string& key, const std::string& path, size_t size) {
    const Json& array = require_array(j, key, path);
    if (array.size() != size)
        throw Error(ErrorCode::ModelFormat, (path.empty() ? key : path + "." + key) + ": expected " +
                                                std::to_string(size) + " entries, found " +
                                                std::to_string(array.size()));
    return array;
}

std::vector<double> read_numbers(const Json& j, const std::string& key, const std::string& path, size_t size) {
    const Json& array = require_sized_array(j, key, path, size);
    std::vector<double> values(size);
    for (size_t i = 0; i < size; ++i) {
        const Json& v = array[i];
        if (!v.is_number() || !std::isfinite(v.get<double>()))
            throw Error(ErrorCode::ModelFormat, element_path(path, key, i) + ": expected a finite number");
        values[i] = v.get<double>();
    }
    return values;
}

std::vector<int> read_integers(const Json& j, const std::string& key, const std::string& path, size_t size,
                               long long min, long long max) {
    const Json& array = require_sized_array(j, key, path, size);
    std::vector<int> values(size);
    for (size_t i = 0; i < size; ++i) {
        const std::optional<long long> n = integer_value(array[i]);
        if (!n || *n < min || *n > max)
            throw Error(ErrorCode::ModelFormat, element_path(path, key, i) + ": expected an integer in [" +
                                                    std::to_string(min) + ", " + std::to_string(max) + "]");
        values[i] = static_cast<int>(*n);
    }
    return values;
}

double require_positive(const Json& j, const std::string& key, const std::string& path) {
    const double value = require_number(j, key, path);
    if (!(value > 0))
        throw Error(ErrorCode::ModelFormat, (path.empty() ? key : path + "." + key) + ": must be positive");
    return value;
}

}  // namespace

// Friend of SeedFeatureEncoder: reads and writes its fitted state.
struct SeedFeaturesJson {
    static Json to_json(const SeedFeatureEncoder& e) {
        Json j;
        j["layout"] = kLayout;
        j["genres"] = e.genres_;
        j["features"] = e.size();
        j["global_mean"] = e.global_mean_;
        j["global_var"] = e.global_var_;
        j["year_mean"] = e.year_mean_;
        j["year_std"] = e.year_std_;
        j["popularity_mean"] = e.popularity_mean_;
        j["popularity_std"] = e.popularity_std_;
        j["genre_prior"] = e.genre_prior_;
        j["years"] = e.years_;
        j["movie_genres"] = e.movie_genres_;
        j["movie_count"] = e.movie_count_;
        j["movie_sum"] = e.movie_sum_;
        j["movie_sq_sum"] = e.movie_sq_sum_;
        j["feature_mean"] = e.feature_mean_;
        j["feature_scale"] = e.feature_scale_;
        return j;
    }

    static SeedFeatureEncoder from_json(const Json& j, const std::string& path) {
        const std::string& layout = require_string(j, "layout", path);
        if (layout != kLayout)
            throw Error(ErrorCode::ModelFormat, (path.empty() ? "layout" : path + ".layout") + ": '" + layout +
                                                    "' is not " + kLayout);
        SeedFeatureEncoder e;
        e.genres_ = static_cast<int>(require_integer(j, "genres", path, 0, 1000));
        const long long features = require_integer(j, "features", path, 0, 1 << 20);
        if (features != e.size())
            throw Error(ErrorCode::ModelFormat, (path.empty() ? "features" : path + ".features") + ": " +
                                                    std::to_string(features) + " does not match " +
                                                    std::to_string(e.size()) + " for " + std::to_string(e.genres_) +
                                                    " genres");
        e.global_mean_ = require_number(j, "global_mean", path);
        e.global_var_ = require_positive(j, "global_var", path);
        e.year_mean_ = require_number(j, "year_mean", path);
        e.year_std_ = require_positive(j, "year_std", path);
        e.popularity_mean_ = require_number(j, "popularity_mean", path);
        e.popularity_std_ = require_positive(j, "popularity_std", path);
        e.genre_prior_ = read_numbers(j, "genre_prior", path, static_cast<size_t>(e.genres_));
        const size_t movies = require_array(j, "years", path).size();
        e.years_ = read_integers(j, "years", path, movies, 0, 9999);
        const Json& genre_lists = require_sized_array(j, "movie_genres", path, movies);
        e.movie_genres_.resize(movies);
        for (size_t m = 0; m < movies; ++m) {
            const Json& list = genre_lists[m];
            const std::string where = element_path(path, "movie_genres", m);
            if (!list.is_array()) throw Error(ErrorCode::ModelFormat, where + ": expected an array");
            for (size_t k = 0; k < list.size(); ++k) {
                const std::optional<long long> g = integer_value(list[k]);
                if (!g || *g < 0 || *g >= e.genres_)
                    throw Error(ErrorCode::ModelFormat, where + "[" + std::to_string(k) + "]: expected a genre index in [0, " +
                                                            std::to_string(e.genres_) + ")");
                e.movie_genres_[m].push_back(static_cast<int>(*g));
            }
        }
        e.movie_count_ = read_integers(j, "movie_count", path, movies, 0, INT32_MAX);
        e.movie_sum_ = read_numbers(j, "movie_sum", path, movies);
        e.movie_sq_sum_ = read_numbers(j, "movie_sq_sum", path, movies);
        const auto features_size = static_cast<size_t>(e.size());
        const std::vector<double> mean = read_numbers(j, "feature_mean", path, features_size);
        const std::vector<double> scale = read_numbers(j, "feature_scale", path, features_size);
        e.feature_mean_.resize(features_size);
        e.feature_scale_.resize(features_size);
        for (size_t i = 0; i < features_size; ++i) {
            if (!(scale[i] > 0))
                throw Error(ErrorCode::ModelFormat, element_path(path, "feature_scale", i) + ": must be positive");
            e.feature_mean_[i] = static_cast<float>(mean[i]);
            e.feature_scale_[i] = static_cast<float>(scale[i]);
        }
        e.movie_offset_.resize(movies);
        for (size_t m = 0; m < movies; ++m)
            e.movie_offset_[m] = e.movie_offset_of({e.movie_count_[m], e.movie_sum_[m], e.movie_sq_sum_[m]});
        return e;
    }

};

Json seed_features_to_json(const SeedFeatureEncoder& encoder) { return SeedFeaturesJson::to_json(encoder); }

SeedFeatureEncoder seed_features_from_json(const Json& json, const std::string& path) {
    return SeedFeaturesJson::from_json(json, path);
}

}  // namespace movienet
