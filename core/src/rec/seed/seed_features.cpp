#include "movienet/rec/seed/seed_features.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "movienet/base/error.h"

namespace movienet {
namespace {

// Mean and standard deviation of `sum` and `sq_sum` over `n` samples; the
// deviation is 1 when it would be zero (a constant needs no scaling).
void mean_std(double sum, double sq_sum, double n, double& mean, double& std_dev) {
    if (n <= 0) {
        mean = 0;
        std_dev = 1;
        return;
    }
    mean = sum / n;
    const double var = std::max(0.0, sq_sum / n - mean * mean);
    std_dev = var > 1e-12 ? std::sqrt(var) : 1.0;
}

// Rating indices of the known-movie ratings grouped by viewer, and each one's
// column (its position among known ratings in input order).
struct TrainingLayout {
    std::vector<int> dense;      // per rating: dense movie index or -1
    std::vector<Index> column;   // per rating: output column or -1
    std::vector<size_t> order;   // known ratings sorted by (user, input position)
    Index columns = 0;
};

TrainingLayout layout_training(const std::vector<Rating>& ratings, const Catalogue& catalogue) {
    TrainingLayout layout;
    layout.dense.resize(ratings.size());
    layout.column.assign(ratings.size(), -1);
    for (size_t i = 0; i < ratings.size(); ++i) {
        layout.dense[i] = catalogue.find(ratings[i].movie);
        if (layout.dense[i] < 0) continue;
        layout.column[i] = layout.columns++;
        layout.order.push_back(i);
    }
    std::stable_sort(layout.order.begin(), layout.order.end(),
                     [&](size_t a, size_t b) { return ratings[a].user < ratings[b].user; });
    return layout;
}

// Calls visit(first, history) once per viewer, in layout order: history holds
// the viewer's known movies (dense) and ratings, and entry k comes from
// ratings[layout.order[first + k]].
template <class Visit>
void for_each_viewer(const std::vector<Rating>& ratings, const TrainingLayout& layout, Visit&& visit) {
    for (size_t begin = 0, end = 0; begin < layout.order.size(); begin = end) {
        ResolvedHistory history;
        const int32_t user = ratings[layout.order[begin]].user;
        for (end = begin; end < layout.order.size() && ratings[layout.order[end]].user == user; ++end) {
            history.items.push_back(layout.dense[layout.order[end]]);
            history.ratings.push_back(ratings[layout.order[end]].rating);
        }
        visit(begin, history);
    }
}

}  // namespace

double SeedFeatureEncoder::popularity_z(int count) const {
    return (std::log1p(static_cast<double>(count)) - popularity_mean_) / popularity_std_;
}

double SeedFeatureEncoder::year_z(int movie) const {
    const int year = years_[static_cast<size_t>(movie)];
    return year == 0 ? 0.0 : (year - year_mean_) / year_std_;
}

double SeedFeatureEncoder::movie_offset_of(const MovieStats& stats) const {
    return (stats.sum - stats.count * global_mean_) / (stats.count + kMovieShrinkage);
}

void SeedFeatureEncoder::fit(const Catalogue& catalogue, const std::vector<Rating>& training) {
    const size_t movies = static_cast<size_t>(catalogue.size());
    if (catalogue.genres.size() != movies || catalogue.years.size() != movies)
        throw Error(ErrorCode::BadInput, "seed features: catalogue has " + std::to_string(movies) + " ids but " +
                                             std::to_string(catalogue.genres.size()) + " genre lists and " +
                                             std::to_string(catalogue.years.size()) + " years");
    genres_ = static_cast<int>(catalogue.genre_names.size());
    years_ = catalogue.years;
    movie_genres_ = catalogue.genres;
    for (size_t m = 0; m < movies; ++m)
        for (int g : movie_genres_[m])
            if (g < 0 || g >= genres_)
                throw Error(ErrorCode::BadInput, "seed features: movie " + std::to_string(catalogue.ids[m]) +
                                                     " has genre index " + std::to_string(g) + " but there are " +
                                                     std::to_string(genres_) + " genres");

    movie_count_.assign(movies, 0);
    movie_sum_.assign(movies, 0);
    movie_sq_sum_.assign(movies, 0);
    double n = 0, sum = 0, sq_sum = 0;
    for (const auto& rating : training) {
        const int m = catalogue.find(rating.movie);
        if (m < 0) continue;
        const double r = rating.rating;
        if (!std::isfinite(r))
            throw Error(ErrorCode::BadInput, "seed features: rating of user " + std::to_string(rating.user) +
                                                 " for movie " + std::to_string(rating.movie) + " is not finite");
        ++movie_count_[static_cast<size_t>(m)];
        movie_sum_[static_cast<size_t>(m)] += r;
        movie_sq_sum_[static_cast<size_t>(m)] += r * r;
        n += 1;
        sum += r;
        sq_sum += r * r;
    }
    if (n == 0)
        throw Error(ErrorCode::BadInput, "seed features: none of the " + std::to_string(training.size()) +
                                             " training ratings is for a movie in the catalogue");
    double global_std = 1;
    mean_std(sum, sq_sum, n, global_mean_, global_std);
    global_var_ = global_std * global_std;

    // Year, popularity and genre statistics weighted by training ratings,
    // the population the network sees.
    double year_n = 0, year_sum = 0, year_sq = 0, pop_sum = 0, pop_sq = 0;
    genre_prior_.assign(static_cast<size_t>(genres_), 0);
    for (size_t m = 0; m < movies; ++m) {
        const double c = movie_count_[m];
        if (c == 0) continue;
        if (years_[m] != 0) {
            year_n += c;
            year_sum += c * years_[m];
            year_sq += c * double(years_[m]) * years_[m];
        }
        const double lp = std::log1p(c);
        pop_sum += c * lp;
        pop_sq += c * lp * lp;
        for (int g : movie_genres_[m]) genre_prior_[static_cast<size_t>(g)] += c / n;
    }
    mean_std(year_sum, year_sq, year_n, year_mean_, year_std_);
    mean_std(pop_sum, pop_sq, n, popularity_mean_, popularity_std_);

    movie_offset_.resize(movies);
    for (size_t m = 0; m < movies; ++m)
        movie_offset_[m] = movie_offset_of({movie_count_[m], movie_sum_[m], movie_sq_sum_[m]});

    // Standardisation over the training encodings themselves.
    const Index f = size();
    feature_mean_.assign(static_cast<size_t>(f), 0.0f);
    feature_scale_.assign(static_cast<size_t>(f), 1.0f);
    const TrainingLayout layout = layout_training(training, catalogue);
    std::vector<double> raw(static_cast<size_t>(f)), fsum(static_cast<size_t>(f), 0), fsq(static_cast<size_t>(f), 0);
    for_each_viewer(training, layout, [&](size_t, const ResolvedHistory& history) {
        const Profile full = profile(history);
        for (size_t k = 0; k < history.items.size(); ++k) {
            const int movie = history.items[k];
            const float r = history.ratings[k];
            encode_raw(without(full, movie, r), movie, movie_stats(movie, r), raw.data());
            for (size_t i = 0; i < raw.size(); ++i) {
                fsum[i] += raw[i];
                fsq[i] += raw[i] * raw[i];
            }
        }
    });
    for (size_t i = 0; i < raw.size(); ++i) {
        double mean, std_dev;
        mean_std(fsum[i], fsq[i], n, mean, std_dev);
        feature_mean_[i] = static_cast<float>(mean);
        feature_scale_[i] = static_cast<float>(std_dev);
    }
}

SeedFeatureEncoder::Profile SeedFeatureEncoder::profile(const ResolvedHistory& history) const {
    if (history.items.size() != history.ratings.size())
        throw Error(ErrorCode::BadInput, "seed features: history has " + std::to_string(history.items.size()) +
                                             " items but " + std::to_string(history.ratings.size()) + " ratings");
    Profile p;
    p.genre_count.assign(static_cast<size_t>(genres_), 0);
    p.genre_residual_sum.assign(static_cast<size_t>(genres_), 0);
    for (size_t k = 0; k < history.items.size(); ++k) {
        const int m = history.items[k];
        const double r = history.ratings[k];
        if (m < 0 || m >= movies())
            throw Error(ErrorCode::BadInput, "seed features: history item " + std::to_string(k) + " has movie index " +
                                                 std::to_string(m) + " outside [0, " + std::to_string(movies()) + ")");
        if (!std::isfinite(r))
            throw Error(ErrorCode::BadInput,
                        "seed features: history item " + std::to_string(k) + " has a non-finite rating");
        const auto mu = static_cast<size_t>(m);
        const double residual = r - global_mean_ - movie_offset_[mu];
        ++p.count;
        p.rating_sum += r;
        p.rating_sq_sum += r * r;
        p.residual_sum += residual;
        p.popularity_sum += popularity_z(movie_count_[mu]);
        if (years_[mu] != 0) {
            ++p.year_count;
            p.year_sum += year_z(m);
        }
        for (int g : movie_genres_[mu]) {
            ++p.genre_count[static_cast<size_t>(g)];
            p.genre_residual_sum[static_cast<size_t>(g)] += residual;
        }
    }
    return p;
}

SeedFeatureEncoder::Profile SeedFeatureEncoder::without(const Profile& profile, int movie, float rating) const {
    if (movie < 0 || movie >= movies())
        throw Error(ErrorCode::BadInput, "seed features: movie index " + std::to_string(movie) + " outside [0, " +
                                             std::to_string(movies()) + ")");
    const auto mu = static_cast<size_t>(movie);
    const bool has_year = years_[mu] != 0;
    bool held = profile.count > 0 && (!has_year || profile.year_count > 0) &&
                profile.genre_count.size() == static_cast<size_t>(genres_);
    if (held)
        for (int g : movie_genres_[mu]) held = held && profile.genre_count[static_cast<size_t>(g)] > 0;
    if (!held)
        throw Error(ErrorCode::BadInput, "seed features: cannot leave out movie index " + std::to_string(movie) +
                                             ": the profile's history does not hold it");
    Profile p = profile;
    const double r = rating;
    const double residual = r - global_mean_ - movie_offset_[mu];
    // When a count reaches zero its sums are reset, so the result is exactly
    // the profile of an empty history there (no rounding residue).
    if (--p.count == 0) {
        p.rating_sum = p.rating_sq_sum = p.residual_sum = p.popularity_sum = 0;
    } else {
        p.rating_sum -= r;
        p.rating_sq_sum -= r * r;
        p.residual_sum -= residual;
        p.popularity_sum -= popularity_z(movie_count_[mu]);
    }
    if (has_year) {
        if (--p.year_count == 0)
            p.year_sum = 0;
        else
            p.year_sum -= year_z(movie);
    }
    for (int g : movie_genres_[mu]) {
        const auto gu = static_cast<size_t>(g);
        if (--p.genre_count[gu] == 0)
            p.genre_residual_sum[gu] = 0;
        else
            p.genre_residual_sum[gu] -= residual;
    }
    return p;
}

SeedFeatureEncoder::MovieStats SeedFeatureEncoder::movie_stats(int movie, float leave_out_rating) const {
    if (movie < 0 || movie >= movies())
        throw Error(ErrorCode::BadInput, "seed features: movie index " + std::to_string(movie) + " outside [0, " +
                                             std::to_string(movies()) + ")");
    const auto mu = static_cast<size_t>(movie);
    MovieStats stats{movie_count_[mu], movie_sum_[mu], movie_sq_sum_[mu]};
    if (!std::isnan(leave_out_rating)) {
        if (stats.count == 0)
            throw Error(ErrorCode::BadInput, "seed features: cannot leave a rating out of movie index " +
                                                 std::to_string(movie) + ": it has no training ratings");
        const double r = leave_out_rating;
        if (--stats.count == 0) {
            stats.sum = stats.sq_sum = 0;
        } else {
            stats.sum -= r;
            stats.sq_sum -= r * r;
        }
    }
    return stats;
}

void SeedFeatureEncoder::encode_raw(const Profile& p, int movie, const MovieStats& stats, double* raw) const {
    const auto mu = static_cast<size_t>(movie);
    const int G = genres_;
    const std::vector<int>& genres = movie_genres_[mu];
    const double n_genres = static_cast<double>(genres.size());

    // Movie block.
    double* mv = raw + movie_offset();
    std::fill(mv, mv + G, 0.0);
    for (int g : genres) mv[g] = 1;
    const double yz = year_z(movie);
    const double pz = popularity_z(stats.count);
    const double offset = movie_offset_of(stats);
    double movie_m2 = 0;
    if (stats.count > 0) movie_m2 = std::max(0.0, stats.sq_sum - stats.sum * stats.sum / stats.count);
    mv[G + 0] = n_genres;
    mv[G + 1] = years_[mu] != 0 ? 1 : 0;
    mv[G + 2] = yz;
    mv[G + 3] = yz * yz;
    mv[G + 4] = std::log1p(static_cast<double>(stats.count));
    mv[G + 5] = offset;
    mv[G + 6] = std::sqrt((movie_m2 + kSpreadShrinkage * global_var_) / (stats.count + kSpreadShrinkage));

    // Viewer block.
    double* vw = raw + viewer_offset();
    const double n = p.count;
    const double bias = p.residual_sum / (n + kViewerShrinkage);
    const double mean_residual = p.count > 0 ? p.residual_sum / n : 0.0;
    double viewer_m2 = 0;
    if (p.count > 0) viewer_m2 = std::max(0.0, p.rating_sq_sum - p.rating_sum * p.rating_sum / n);
    const double viewer_pop = p.popularity_sum / (n + 1);
    const double viewer_year = p.year_sum / (p.year_count + 1);
    vw[0] = std::log1p(n);
    vw[1] = (p.rating_sum - n * global_mean_) / (n + kViewerShrinkage);
    vw[2] = bias;
    vw[3] = std::sqrt((viewer_m2 + kSpreadShrinkage * global_var_) / (n + kSpreadShrinkage));
    vw[4] = viewer_pop;
    vw[5] = viewer_year;
    double* affinity = vw + 6;
    double* share = vw + 6 + G;
    for (int g = 0; g < G; ++g) {
        const auto gu = static_cast<size_t>(g);
        const double ng = p.genre_count[gu];
        affinity[g] = (p.genre_residual_sum[gu] - ng * mean_residual) / (ng + kGenreShrinkage);
        share[g] = (ng + kShareShrinkage * genre_prior_[gu]) / (n + kShareShrinkage);
    }

    // Interaction block.
    double* ix = raw + interaction_offset();
    std::fill(ix, ix + G, 0.0);
    double affinity_sum = 0, share_sum = 0;
    for (int g : genres) {
        ix[g] = affinity[g];
        affinity_sum += affinity[g];
        share_sum += share[g];
    }
    ix[G + 0] = n_genres > 0 ? affinity_sum / n_genres : 0.0;
    ix[G + 1] = n_genres > 0 ? share_sum / n_genres : 0.0;
    ix[G + 2] = bias + offset;
    ix[G + 3] = bias * offset;
    ix[G + 4] = viewer_pop * pz;
    ix[G + 5] = viewer_year * yz;
    ix[G + 6] = years_[mu] != 0 && p.year_count > 0 ? (viewer_year - yz) * (viewer_year - yz) : 0.0;
}

void SeedFeatureEncoder::encode(const Profile& profile, int movie, const MovieStats& stats, float* out) const {
    if (movie < 0 || movie >= movies())
        throw Error(ErrorCode::BadInput, "seed features: movie index " + std::to_string(movie) + " outside [0, " +
                                             std::to_string(movies()) + ")");
    if (profile.genre_count.size() != static_cast<size_t>(genres_) ||
        profile.genre_residual_sum.size() != static_cast<size_t>(genres_))
        throw Error(ErrorCode::BadInput, "seed features: profile has " + std::to_string(profile.genre_count.size()) +
                                             " genres, the encoder " + std::to_string(genres_));
    double raw[512];
    std::vector<double> heap;
    double* buffer = raw;
    if (size() > 512) {
        heap.resize(static_cast<size_t>(size()));
        buffer = heap.data();
    }
    encode_raw(profile, movie, stats, buffer);
    for (Index i = 0; i < size(); ++i) {
        const auto iu = static_cast<size_t>(i);
        out[i] = static_cast<float>((buffer[i] - feature_mean_[iu]) / feature_scale_[iu]);
    }
}

void SeedFeatureEncoder::encode(const Profile& profile, int movie, float leave_out_rating, float* out) const {
    if (std::isnan(leave_out_rating)) {
        encode(profile, movie, movie_stats(movie, leave_out_rating), out);
        return;
    }
    encode(without(profile, movie, leave_out_rating), movie, movie_stats(movie, leave_out_rating), out);
}

void SeedFeatureEncoder::encode_training(const std::vector<Rating>& ratings, const Catalogue& catalogue, Matrix& x,
                                         Matrix& y) const {
    if (catalogue.size() != movies())
        throw Error(ErrorCode::BadInput, "seed features: catalogue has " + std::to_string(catalogue.size()) +
                                             " movies, the encoder was fitted on " + std::to_string(movies()));
    const TrainingLayout layout = layout_training(ratings, catalogue);
    x.resize(size(), layout.columns);
    y.resize(1, layout.columns);
    for_each_viewer(ratings, layout, [&](size_t first, const ResolvedHistory& history) {
        const Profile full = profile(history);
        for (size_t k = 0; k < history.items.size(); ++k) {
            const Index column = layout.column[layout.order[first + k]];
            encode(full, history.items[k], history.ratings[k], x.col(column).data());
            y(0, column) = history.ratings[k];
        }
    });
}

}  // namespace movienet
