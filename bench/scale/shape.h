// The shapes bench/scale generates, with the real data sets' figures they
// imitate, and how `--events N` scales one down.
//
// MovieLens 25M (ml25m, the default): 25,000,095 ratings by 162,541 viewers
// of 62,423 movies (59,047 of them rated), 1995-01-09 to 2019-11-21; every
// viewer has at least 20 ratings (median about 70, mean 154, the busiest
// 32,202); the most rated movie has 81,491; half-star ratings 0.5..5, mean
// 3.53; item popularity Gini 0.94. Generated at 162,000 viewers, 62,000
// movies, 25,000,000 events.
//
// Netflix prize (netflix): 100,480,507 ratings by 480,189 viewers of 17,770
// movies, 1999-11-11 to 2005-12-31 (dates, no times); viewers have 1 to
// 17,653 ratings (median 96, mean 209); movies 3 to 232,944 (median 561);
// whole-star ratings 1..5, mean 3.60; no genres. Generated at those counts.
#pragma once

#include <cstdint>
#include <string>

namespace movienet::bench {

struct Shape {
    std::string name;      // "ml25m" or "netflix"
    std::string imitates;  // the real data set, for the output
    long viewers = 0, movies = 0, events = 0;
    // Events per viewer: min_per_viewer + a log-normal with this median and
    // sigma, rescaled so that the viewers hold exactly `events`, and capped at
    // max_viewer_share of the movies.
    int min_per_viewer = 1;
    double activity_median = 50, activity_sigma = 1.4;
    double max_viewer_share = 0.9;
    // Movie popularity by rank r = 1..movies: weight 1 / ((r + q) (1 + r / R)^(s - 1)),
    // i.e. Zipf with exponent 1 over the head (flattened below rank q, so
    // the top movie stays under the number of viewers) and exponent s in the
    // tail beyond rank R.
    double popularity_q = 100, popularity_r = 2500, popularity_s = 2.5;
    // Time span of the events, in seconds since the epoch.
    int64_t span_begin = 0, span_end = 0;
    // Netflix gives dates only: the timestamp column holds day numbers
    // (1 = span_begin's day). Seconds would make a full-size ratings.csv
    // about 2.4 GB, over movienet's 2 GiB data-file limit (base/limits.h).
    bool day_timestamps = false;
    bool half_stars = true;  // 0.5..5 by 0.5 ("4.0", "3.5"); else whole stars 1..5 ("4")
    double rating_mean = 3.5;
    bool genres = true;      // else every movie is "(no genres listed)"
    int first_year = 1900, last_year = 2019;
};

// "ml25m" or "netflix"; anything else returns false.
bool shape_by_name(const std::string& name, Shape& shape);

// The shape at `events` events (0: the full size). Viewers scale in
// proportion (the events per viewer keep their distribution: the same
// minimum, median and mean); movies stay at the full catalogue unless that
// would leave fewer than 40 events per movie (ML-25M has 403, Netflix
// 5,654): then there are events / 40 movies (at least 1,000), the most
// popular ones of the full-size curve. That curve's head is flatter, so a
// small data set is less concentrated than the full one (ml25m at 200,000
// events: 5,000 movies, Gini 0.66 instead of 0.95), and a viewer's share of
// the catalogue grows (the cap of max_viewer_share then binds sooner).
Shape scale_shape(const Shape& full, long events);

}  // namespace movienet::bench
