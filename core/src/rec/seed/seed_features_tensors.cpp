#include "movienet/rec/seed/seed_features_tensors.h"

#include <cstdint>

#include "movienet/base/error.h"

namespace movienet {

namespace {
constexpr const char* kLayout = "seed_features_v1";
}  // namespace

// Friend of SeedFeatureEncoder: reads and writes its fitted state.
struct SeedFeaturesTensors {
    static void write(const SeedFeatureEncoder& e, const std::string& p, SafetensorsWriter& out) {
        out.metadata[p + "layout"] = kLayout;
        const double stats[6] = {e.global_mean_, e.global_var_, e.year_mean_, e.year_std_, e.popularity_mean_, e.popularity_std_};
        out.add_f64(p + "stats", {6}, stats);
        out.add_f64(p + "genre_prior", {int64_t(e.genre_prior_.size())}, e.genre_prior_.data());
        const int64_t movies = int64_t(e.years_.size());
        const std::vector<int32_t> years(e.years_.begin(), e.years_.end());
        out.add_i32(p + "years", {movies}, years.data());
        std::vector<int32_t> offsets{0}, genres;
        for (const auto& list : e.movie_genres_) {
            genres.insert(genres.end(), list.begin(), list.end());
            offsets.push_back(int32_t(genres.size()));
        }
        out.add_i32(p + "movie_genre_offsets", {movies + 1}, offsets.data());
        out.add_i32(p + "movie_genres", {int64_t(genres.size())}, genres.data());
        const std::vector<int32_t> count(e.movie_count_.begin(), e.movie_count_.end());
        out.add_i32(p + "movie_count", {movies}, count.data());
        out.add_f64(p + "movie_sum", {movies}, e.movie_sum_.data());
        out.add_f64(p + "movie_sq_sum", {movies}, e.movie_sq_sum_.data());
        out.add_f32(p + "feature_mean", {int64_t(e.feature_mean_.size())}, e.feature_mean_.data());
        out.add_f32(p + "feature_scale", {int64_t(e.feature_scale_.size())}, e.feature_scale_.data());
    }

    static SeedFeatureEncoder read(const Safetensors& file, const std::string& p) {
        const std::string& layout = file.require_metadata(p + "layout");
        if (layout != kLayout) file.fail("__metadata__." + p + "layout: '" + layout + "' is not " + kLayout);
        SeedFeatureEncoder e;
        const TensorInfo& prior = file.require(p + "genre_prior", {TensorDtype::F64}, {-1});
        if (prior.shape[0] > 1000) file.fail(p + "genre_prior: more than 1000 genres");
        e.genres_ = static_cast<int>(prior.shape[0]);
        e.genre_prior_ = file.floats64(p + "genre_prior", {e.genres_});
        const std::vector<double> stats = file.floats64(p + "stats", {6});
        e.global_mean_ = stats[0];
        e.global_var_ = stats[1];
        e.year_mean_ = stats[2];
        e.year_std_ = stats[3];
        e.popularity_mean_ = stats[4];
        e.popularity_std_ = stats[5];
        if (!(e.global_var_ > 0 && e.year_std_ > 0 && e.popularity_std_ > 0))
            file.fail(p + "stats: variance and standard deviations must be positive");
        const TensorInfo& years = file.require(p + "years", {TensorDtype::I32}, {-1});
        const int64_t movies = years.shape[0];
        const std::vector<int32_t> y = file.ints(p + "years", {movies});
        for (std::size_t m = 0; m < y.size(); ++m)
            if (y[m] < 0 || y[m] > 9999) file.fail(p + "years[" + std::to_string(m) + "]: outside [0, 9999]");
        e.years_.assign(y.begin(), y.end());
        const std::vector<int32_t> offsets = file.ints(p + "movie_genre_offsets", {movies + 1});
        const TensorInfo& genres_info = file.require(p + "movie_genres", {TensorDtype::I32}, {-1});
        const std::vector<int32_t> genres = file.ints(p + "movie_genres", {genres_info.shape[0]});
        e.movie_genres_.resize(std::size_t(movies));
        if (offsets[0] != 0 || offsets.back() != int32_t(genres.size())) file.fail(p + "movie_genre_offsets: do not span movie_genres");
        // All of them before any is used: an offset past the end can come before a decrease.
        for (int64_t m = 0; m < movies; ++m)
            if (offsets[std::size_t(m + 1)] < offsets[std::size_t(m)]) file.fail(p + "movie_genre_offsets: not increasing");
        for (int64_t m = 0; m < movies; ++m) {
            for (int32_t k = offsets[std::size_t(m)]; k < offsets[std::size_t(m + 1)]; ++k) {
                const int32_t g = genres[std::size_t(k)];
                if (g < 0 || g >= e.genres_) file.fail(p + "movie_genres[" + std::to_string(k) + "]: not a genre index");
                e.movie_genres_[std::size_t(m)].push_back(g);
            }
        }
        const std::vector<int32_t> count = file.ints(p + "movie_count", {movies});
        for (std::size_t m = 0; m < count.size(); ++m)
            if (count[m] < 0) file.fail(p + "movie_count[" + std::to_string(m) + "]: negative");
        e.movie_count_.assign(count.begin(), count.end());
        e.movie_sum_ = file.floats64(p + "movie_sum", {movies});
        e.movie_sq_sum_ = file.floats64(p + "movie_sq_sum", {movies});
        e.feature_mean_ = file.floats(p + "feature_mean", {e.size()});
        e.feature_scale_ = file.floats(p + "feature_scale", {e.size()});
        for (std::size_t i = 0; i < e.feature_scale_.size(); ++i)
            if (!(e.feature_scale_[i] > 0)) file.fail(p + "feature_scale[" + std::to_string(i) + "]: must be positive");
        e.movie_offset_.resize(std::size_t(movies));
        for (std::size_t m = 0; m < std::size_t(movies); ++m)
            e.movie_offset_[m] = e.movie_offset_of({e.movie_count_[m], e.movie_sum_[m], e.movie_sq_sum_[m]});
        return e;
    }
};

void seed_features_to_tensors(const SeedFeatureEncoder& encoder, const std::string& prefix, SafetensorsWriter& out) {
    SeedFeaturesTensors::write(encoder, prefix, out);
}

SeedFeatureEncoder seed_features_from_tensors(const Safetensors& file, const std::string& prefix) {
    return SeedFeaturesTensors::read(file, prefix);
}

}  // namespace movienet
