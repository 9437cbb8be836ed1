#include "shape.h"

#include <algorithm>
#include <cmath>

namespace movienet::bench {

bool shape_by_name(const std::string& name, Shape& shape) {
    Shape s;
    s.name = name;
    if (name == "ml25m") {
        s.imitates = "MovieLens 25M";
        s.viewers = 162000;
        s.movies = 62000;
        s.events = 25000000;
        // 20 + log-normal(median 51, sigma 1.39): median ~71, mean ~154; the
        // busiest of 162,000 viewers lands near 25,000.
        s.min_per_viewer = 20;
        s.activity_median = 51;
        s.activity_sigma = 1.39;
        s.max_viewer_share = 0.6;
        // Top movie ~85,000 events, ~2,500 movies without any, Gini ~0.95.
        s.popularity_q = 20;
        s.popularity_r = 2000;
        s.popularity_s = 2.6;
        s.span_begin = 789652009;   // 1995-01-09
        s.span_end = 1574327703;    // 2019-11-21
        s.half_stars = true;
        s.rating_mean = 3.53;
        s.genres = true;
        s.first_year = 1900;
        s.last_year = 2019;
    } else if (name == "netflix") {
        s.imitates = "the Netflix prize";
        s.viewers = 480189;
        s.movies = 17770;
        s.events = 100480507;
        // 1 + log-normal(median 95, sigma 1.25): median ~96, mean ~209.
        s.min_per_viewer = 1;
        s.activity_median = 95;
        s.activity_sigma = 1.25;
        s.max_viewer_share = 0.95;
        // Top movie ~246,000 events, median ~540, Gini ~0.85.
        s.popularity_q = 50;
        s.popularity_r = 2000;
        s.popularity_s = 3.0;
        s.span_begin = 942278400;   // 1999-11-11
        s.span_end = 1136073600;    // 2006-01-01
        s.day_timestamps = true;
        s.half_stars = false;
        s.rating_mean = 3.60;
        s.genres = false;
        s.first_year = 1915;
        s.last_year = 2005;
    } else {
        return false;
    }
    shape = s;
    return true;
}

Shape scale_shape(const Shape& full, long events) {
    if (events <= 0 || events == full.events) return full;
    Shape s = full;
    s.events = events;
    s.viewers = std::max(1L, std::lround(static_cast<double>(full.viewers) * static_cast<double>(events) /
                                         static_cast<double>(full.events)));
    s.movies = std::min(full.movies, std::max(1000L, events / 40));
    return s;
}

}  // namespace movienet::bench
