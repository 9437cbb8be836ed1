// Invariants every successfully loaded file must satisfy.
#pragma once

#include <cmath>
#include <vector>

#include "fuzz_file.h"
#include "movienet/data/dataset.h"
#include "movienet/io/text.h"

namespace movienet::fuzz {

// Ratings on the scale, or NaN: a watch event without a rating (never infinite).
inline void check_ratings(const std::vector<Rating>& ratings, const RatingScale& scale) {
    require(!ratings.empty());
    for (const Rating& r : ratings)
        require(std::isnan(r.rating) || (std::isfinite(r.rating) && r.rating >= scale.min - 1e-3f && r.rating <= scale.max + 1e-3f));
}

inline void check_movies(const std::vector<Movie>& movies, const std::vector<std::string>& genre_names) {
    require(!movies.empty());
    for (size_t i = 0; i < movies.size(); ++i) {
        require(i == 0 || movies[i - 1].id < movies[i].id);
        require(!movies[i].title.empty());
        require(find_invalid_utf8(movies[i].title) == std::string_view::npos);
        for (int g : movies[i].genres) require(g >= 0 && static_cast<size_t>(g) < genre_names.size());
    }
}

inline void check_users(const std::vector<UserInfo>& users) {
    require(!users.empty());
    for (size_t i = 0; i < users.size(); ++i) {
        require(i == 0 || users[i - 1].id < users[i].id);
        require(users[i].gender == 'M' || users[i].gender == 'F');
    }
}

}  // namespace movienet::fuzz
