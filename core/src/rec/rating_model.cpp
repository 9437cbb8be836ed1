#include "movienet/rec/rating_model.h"

#include <cmath>
#include <limits>
#include <algorithm>

#include "movienet/base/error.h"

namespace movienet {

void throw_no_rating_model(const std::string& question) {
    throw Error(ErrorCode::NoRatingModel,
                question + ": this model has no rating model (it was trained on watch events without ratings): "
                           "ask for watch chances instead (recommend --by watch, predict --watch)");
}

void RatingModel::score(const ResolvedHistory& history, const int* movies, int count, float* out) const {
    if (!arch) throw_no_rating_model("score");
    if (all_rated(history)) arch->score(history, movies, count, out);
    else arch->score(rated_entries(history), movies, count, out);
}

float RatingModel::viewer_baseline(const ResolvedHistory& history) const {
    if (!arch) throw_no_rating_model("score");
    double offset = 0;
    size_t rated = 0;
    for (float r : history.ratings) {
        if (std::isnan(r)) continue;  // watched, not rated
        offset += r - global_mean;
        ++rated;
    }
    return global_mean + static_cast<float>(offset / (double(rated) + arch->viewer_bias_shrinkage()));
}

Index RatingModel::param_count() const { return (arch ? arch->param_count() : 0) + (watch ? watch->params().size() : 0); }

namespace {

constexpr int64_t max_catalogue = 10'000'000;

void catalogue_to_tensors(const Catalogue& c, bool titles, SafetensorsWriter& out) {
    const int64_t n = c.size();
    out.add_i32("catalogue.ids", {n}, c.ids.data());
    std::vector<int16_t> years(c.years.begin(), c.years.end());
    out.add("catalogue.years", TensorDtype::I16, {n}, years.data(), years.size() * 2);
    const std::vector<int32_t> counts(c.rating_counts.begin(), c.rating_counts.end());
    out.add_i32("catalogue.rating_counts", {n}, counts.data());
    // Each movie's genre count, then all the genre indices in movie order.
    std::vector<int32_t> counts_per_movie, genres;
    for (const auto& list : c.genres) {
        genres.insert(genres.end(), list.begin(), list.end());
        counts_per_movie.push_back(int32_t(list.size()));
    }
    const bool small_counts = std::all_of(counts_per_movie.begin(), counts_per_movie.end(), [](int32_t k) { return k < 256; });
    if (small_counts) {
        const std::vector<uint8_t> small(counts_per_movie.begin(), counts_per_movie.end());
        out.add("catalogue.genre_counts", TensorDtype::U8, {n}, small.data(), small.size());
    } else {
        out.add_i32("catalogue.genre_counts", {n}, counts_per_movie.data());
    }
    if (c.genre_names.size() <= 256) {
        const std::vector<uint8_t> small(genres.begin(), genres.end());
        out.add("catalogue.genres", TensorDtype::U8, {int64_t(small.size())}, small.data(), small.size());
    } else {
        out.add_i32("catalogue.genres", {int64_t(genres.size())}, genres.data());
    }
    out.add_strings("catalogue.genre_names", c.genre_names);
    if (titles) out.add_strings("catalogue.titles", c.titles);
}

Catalogue catalogue_from_tensors(const Safetensors& file) {
    Catalogue c;
    const TensorInfo& ids = file.require("catalogue.ids", {TensorDtype::I32}, {-1});
    const int64_t n = ids.shape[0];
    if (n == 0 || n > max_catalogue) file.fail("catalogue.ids: must hold 1 to 10,000,000 movies");
    c.ids = file.ints("catalogue.ids", {n});
    const std::vector<int32_t> years = file.ints("catalogue.years", {n});
    c.years.assign(years.begin(), years.end());
    const std::vector<int32_t> counts = file.ints("catalogue.rating_counts", {n});
    c.rating_counts.assign(counts.begin(), counts.end());
    const TensorInfo& names = file.require("catalogue.genre_names", {TensorDtype::U8}, {-1});
    c.genre_names = file.strings("catalogue.genre_names", int64_t(std::count(file.data(names), file.data(names) + (names.end - names.begin), 0)));
    const std::vector<int32_t> per_movie = file.ints("catalogue.genre_counts", {n});
    const TensorInfo& genres_info = file.require("catalogue.genres", {TensorDtype::U8, TensorDtype::I32}, {-1});
    const std::vector<int32_t> genres = file.ints("catalogue.genres", {genres_info.shape[0]});
    int64_t total = 0;
    for (std::size_t i = 0; i < per_movie.size(); ++i) {
        // A negative count would let the others add up while reading past the end.
        if (per_movie[i] < 0) file.fail("catalogue.genre_counts[" + std::to_string(i) + "]: negative");
        total += per_movie[i];
    }
    if (total != int64_t(genres.size()))
        file.fail("catalogue.genre_counts: add up to " + std::to_string(total) + ", but catalogue.genres holds " +
                  std::to_string(genres.size()));
    c.genres.resize(std::size_t(n));
    std::size_t at = 0;
    for (int64_t i = 0; i < n; ++i)
        for (int32_t k = 0; k < per_movie[std::size_t(i)]; ++k, ++at) {
            if (genres[at] < 0 || genres[at] >= int32_t(c.genre_names.size()))
                file.fail("catalogue.genres[" + std::to_string(at) + "]: genre index out of range");
            c.genres[std::size_t(i)].push_back(genres[at]);
        }
    if (file.find("catalogue.titles"))
        c.titles = file.strings("catalogue.titles", n);
    else
        c.titles.assign(std::size_t(n), std::string());
    // The index keeps the first of duplicate ids, so a later one finds another position.
    c.rebuild_index();
    for (int64_t i = 0; i < n; ++i) {
        if (c.find(c.ids[std::size_t(i)]) != i)
            file.fail("catalogue.ids[" + std::to_string(i) + "]: duplicate movie id " + std::to_string(c.ids[std::size_t(i)]));
        if (c.rating_counts[std::size_t(i)] < 0) file.fail("catalogue.rating_counts[" + std::to_string(i) + "]: negative");
        if (c.years[std::size_t(i)] < 0) file.fail("catalogue.years[" + std::to_string(i) + "]: negative");
    }
    return c;
}

// watch.c [M], watch.o [M, dim], watch.e and watch.r [M, dim] unless tied,
// watch.alpha [recent], watch.rating_weight []: WatchModel's parameter blocks.
void watch_to_tensors(const WatchModel& w, float rating_weight, Dtype dtype, SafetensorsWriter& out) {
    const int64_t movies = w.movies(), dim = w.config().dim;
    const float* p = w.params().data();
    const Dtype small = dtype == Dtype::Float32 ? Dtype::Float32 : Dtype::Float16;
    out.add_floats("watch.c", {movies}, p, small);
    out.add_floats("watch.o", {movies, dim}, p + w.o_offset(0), dtype);
    if (!w.config().tied) {
        out.add_floats("watch.e", {movies, dim}, p + w.e_offset(0), dtype);
        out.add_floats("watch.r", {movies, dim}, p + w.r_offset(0), dtype);
    }
    out.add_f32("watch.alpha", {w.config().recent}, p + w.alpha_offset());
    out.add_f32("watch.rating_weight", {}, &rating_weight);
}

std::unique_ptr<WatchModel> watch_from_tensors(const Safetensors& file, int movies, float& rating_weight) {
    const TensorInfo& o = file.require("watch.o", {TensorDtype::F32, TensorDtype::F16, TensorDtype::I8}, {movies, -1});
    const TensorInfo& alpha = file.require("watch.alpha", {TensorDtype::F32, TensorDtype::F16}, {-1});
    WatchConfig config;
    if (o.shape[1] < 1 || o.shape[1] > 4096) file.fail("watch.o: dim " + std::to_string(o.shape[1]) + " is outside [1, 4096]");
    if (alpha.shape[0] > 1024) file.fail("watch.alpha: more than 1024 recent weights");
    config.dim = static_cast<int>(o.shape[1]);
    config.recent = static_cast<int>(alpha.shape[0]);
    config.tied = !file.find("watch.e");
    rating_weight = file.floats("watch.rating_weight", {})[0];
    if (rating_weight < 0 || rating_weight > 100) file.fail("watch.rating_weight: must be a number in [0, 100]");
    const std::vector<float> c = file.floats("watch.c", {movies});
    const std::vector<float> a = file.floats("watch.alpha", {config.recent});
    std::vector<std::vector<float>> tables{file.table("watch.o", movies, config.dim)};
    if (!config.tied) {
        tables.push_back(file.table("watch.e", movies, config.dim));
        tables.push_back(file.table("watch.r", movies, config.dim));
    }
    // Allocated only now that the tensors hold what the shapes declare.
    auto model = std::make_unique<WatchModel>(movies, config);
    float* p = model->params().data();
    std::copy(c.begin(), c.end(), p);
    std::copy(tables[0].begin(), tables[0].end(), p + model->o_offset(0));
    if (!config.tied) {
        std::copy(tables[1].begin(), tables[1].end(), p + model->e_offset(0));
        std::copy(tables[2].begin(), tables[2].end(), p + model->r_offset(0));
    }
    std::copy(a.begin(), a.end(), p + model->alpha_offset());
    return model;
}

}  // namespace

void rating_model_to_tensors(const RatingModel& model, Dtype dtype, bool titles, SafetensorsWriter& out) {
    if (!model.arch && !model.watch)
        throw Error(ErrorCode::BadInput, "model file: a model needs a rating model, a watch head or both");
    out.metadata["format"] = rating_model_format_name;
    out.metadata["version"] = std::to_string(rating_model_format_version);
    out.metadata["arch"] = model.arch ? model.arch->name() : no_rating_arch_name;
    out.metadata["metadata"] = model.metadata_json;
    catalogue_to_tensors(model.catalogue, titles, out);
    const float scale[3] = {model.scale.min, model.scale.max, model.scale.step};
    out.add_f32("scale", {3}, scale);
    if (model.arch) {
        out.add_f32("global_mean", {}, &model.global_mean);
        model.arch->write_tensors(out, dtype);
    }
    if (model.watch) watch_to_tensors(*model.watch, model.watch_rating_weight, dtype, out);
}

RatingModel rating_model_from(const Safetensors& file) {
    file.require_format(rating_model_format_name, rating_model_format_version);
    RatingModel model;
    model.metadata_json = file.metadata_object("metadata");
    const std::vector<float> scale = file.floats("scale", {3});
    model.scale = {scale[0], scale[1], scale[2]};
    if (!(model.scale.min < model.scale.max) || !(model.scale.step > 0)) file.fail("scale: needs min < max and step > 0");
    const std::string* arch_name = file.find_metadata("arch");
    const bool rating_model = !(arch_name && *arch_name == no_rating_arch_name);
    if (!rating_model) {
        // Watch events alone: the watch head and nothing of a rating model.
        if (!file.find("watch.o"))
            file.fail("__metadata__.arch: \"none\" (no rating model) needs a watch head, but there is no watch.o");
        // Every rating model has a global mean: a rating model's file relabelled "none" is refused.
        if (file.find("global_mean")) file.fail("global_mean: present, but __metadata__.arch \"none\" says the file has no rating model");
        model.global_mean = 0;
    } else {
        model.global_mean = file.floats("global_mean", {})[0];
    }
    model.catalogue = catalogue_from_tensors(file);
    if (rating_model) {
        const std::string& arch = file.require_metadata("arch");
        const ArchFormat* format = find_arch_format(arch);
        if (!format) file.fail("__metadata__.arch: unknown architecture \"" + arch + "\"");
        model.arch = format->read(file, model.catalogue, model.global_mean);
    }
    if (file.find("watch.o")) model.watch = watch_from_tensors(file, model.catalogue.size(), model.watch_rating_weight);
    return model;
}

}  // namespace movienet
