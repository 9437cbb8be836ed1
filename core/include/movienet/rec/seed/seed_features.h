// The seed architecture's input: a hand-crafted feature vector describing a
// (viewer, movie) pair, where the viewer is only their rating history (no
// user id). It reproduces the Keras reference's ~100 features; a small MLP
// over it is the floor the default architecture must beat.
//
// Layout for G genres (4G + 20 features: 96 for ML-100K's 19 genres):
//   movie block, G + 7, starting at movie_offset():
//     [0, G)  genre flags (multi-hot)
//     G+0     number of genres
//     G+1     year known (0/1)
//     G+2     year z-score (0 if unknown)           G+3  year z-score squared
//     G+4     log(1 + training ratings)             G+5  shrunk mean rating - global mean
//     G+6     shrunk rating standard deviation
//   viewer block, 2G + 6, starting at viewer_offset():
//     0 log(1 + ratings)       1 shrunk (mean rating - global mean)
//     2 shrunk mean residual (rating - global mean - movie offset): the viewer bias
//     3 shrunk rating standard deviation
//     4 mean popularity z-score of rated movies   5 mean year z-score of rated movies
//     [6, 6+G)     per-genre affinity: shrunk mean residual in the genre, relative to the viewer bias
//     [6+G, 6+2G)  per-genre share of the viewer's ratings, shrunk toward the training share
//   interaction block, G + 7, starting at interaction_offset():
//     [0, G) genre flag x affinity      G+0 mean affinity over the movie's genres
//     G+1 mean share over the movie's genres
//     G+2 viewer bias + movie offset (the bias baseline's prediction - global mean)
//     G+3 viewer bias x movie offset    G+4 viewer popularity x movie popularity
//     G+5 viewer year x movie year      G+6 (viewer year - movie year)^2
// Each feature is finally standardised by its mean and standard deviation
// over the training encodings fitted in fit().
//
// No leak: while training, each rating is removed from the statistics it
// would otherwise feed, both its viewer's sums and its movie's training
// statistics, by subtracting its terms (exact, O(1) per target).
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "movienet/base/types.h"
#include "movienet/data/catalogue.h"
#include "movienet/data/dataset.h"
#include "movienet/rec/history.h"

namespace movienet {

class SeedFeatureEncoder {
public:
    // Sums over a viewer's history; the features are ratios of these, so one
    // rating's terms can be subtracted exactly (doubles, integer counts).
    struct Profile {
        int count = 0;
        double rating_sum = 0, rating_sq_sum = 0;
        double residual_sum = 0;    // sum of rating - global mean - movie offset
        double popularity_sum = 0;  // sum of movie popularity z-scores
        int year_count = 0;         // rated movies with a known year
        double year_sum = 0;        // sum of their year z-scores
        std::vector<int> genre_count;
        std::vector<double> genre_residual_sum;
    };

    // A movie's training statistics as a feature sees them.
    struct MovieStats {
        int count = 0;
        double sum = 0, sq_sum = 0;
    };

    // Learns everything from the training ratings only: global mean and
    // spread, per-movie count/sum/sum of squares, year and popularity
    // normalisation, genre shares, then the per-feature standardisation
    // (over all training ratings, each left out of its own statistics).
    // Ratings of movies the catalogue lacks are ignored. Error(BadInput) when
    // no training rating is known to the catalogue.
    void fit(const Catalogue& catalogue, const std::vector<Rating>& training);

    Index size() const { return 4 * Index(genres_) + 20; }
    int genres() const { return genres_; }
    int movies() const { return static_cast<int>(years_.size()); }
    float global_mean() const { return static_cast<float>(global_mean_); }
    Index movie_offset() const { return 0; }
    Index viewer_offset() const { return Index(genres_) + 7; }
    Index interaction_offset() const { return 3 * Index(genres_) + 13; }

    // Sums over a history (dense indices). An empty history is a cold-start
    // viewer: the viewer features take their neutral values.
    Profile profile(const ResolvedHistory& history) const;

    // The profile with one rating of `movie` removed. Precondition: the
    // history held that rating; Error(BadInput) when the counts show it did not.
    Profile without(const Profile& profile, int movie, float rating) const;

    // The movie's training statistics; if `leave_out_rating` is not NaN, that
    // training rating is removed from them.
    MovieStats movie_stats(int movie, float leave_out_rating) const;

    // Writes size() features for `movie` (dense index). With leave_out_rating
    // not NaN, (movie, leave_out_rating) is a training rating of this viewer:
    // it is removed from the profile and from the movie's statistics first.
    // NaN: plain prediction for a rating not seen in training.
    void encode(const Profile& profile, int movie, float leave_out_rating, float* out) const;
    // The same with the viewer and movie statistics given explicitly.
    void encode(const Profile& profile, int movie, const MovieStats& stats, float* out) const;

    // Training matrices for every rating whose movie the catalogue lists:
    // x (size() x n) and y (1 x n, the raw ratings), columns in input order,
    // each rating left out of its own viewer's profile and movie's statistics.
    // A viewer's history is all of their ratings in `ratings`. The catalogue
    // must be the one given to fit() (Error(BadInput) on a size mismatch).
    void encode_training(const std::vector<Rating>& ratings, const Catalogue& catalogue, Matrix& x,
                         Matrix& y) const;

    // Shrinkage strengths (pseudo-counts toward the global value).
    static constexpr double kMovieShrinkage = 10;
    static constexpr double kViewerShrinkage = 5;
    static constexpr double kGenreShrinkage = 3;
    static constexpr double kShareShrinkage = 5;
    static constexpr double kSpreadShrinkage = 5;

private:
    // The model file reads and writes the fitted state (seed_features_json.h).
    friend struct SeedFeaturesJson;     // version 1
    friend struct SeedFeaturesTensors;  // version 2 (seed_features_tensors.h)

    void encode_raw(const Profile& profile, int movie, const MovieStats& stats, double* raw) const;
    double movie_offset_of(const MovieStats& stats) const;
    double popularity_z(int count) const;
    double year_z(int movie) const;

    int genres_ = 0;
    double global_mean_ = 0, global_var_ = 1;
    double year_mean_ = 0, year_std_ = 1;
    double popularity_mean_ = 0, popularity_std_ = 1;
    std::vector<double> genre_prior_;  // share of training ratings per genre
    std::vector<int> years_;                // per movie, 0 = unknown
    std::vector<std::vector<int>> movie_genres_;
    std::vector<int> movie_count_;
    std::vector<double> movie_sum_, movie_sq_sum_;
    std::vector<double> movie_offset_;  // full-statistics offsets used for history residuals
    std::vector<float> feature_mean_, feature_scale_;
};

}  // namespace movienet
