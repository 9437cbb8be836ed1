// Pieces shared by the per-format loaders (private to core/src).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "movienet/data/dataset.h"
#include "movienet/io/text.h"

namespace movienet::detail {

// How one ratings file is laid out and what it is checked against.
struct RatingsLayout {
    std::string_view separator;  // "\t", "::", ","; empty = detect ',' or '\t' (generic CSV)
    bool csv_quotes = false;     // RFC 4180 quoting
    bool header_allowed = false; // a first line with a non-numeric first field is skipped
    size_t min_fields = 4;       // timestamp optional when 3
    size_t max_fields = 4;
    bool rating_optional = false; // an empty rating field is a watch event without a rating (NaN)
    RatingScale scale{1.0f, 5.0f, 1.0f};
    // Sorted ids to check against (nullptr: no check) and the file they came from.
    const std::vector<int32_t>* movie_ids = nullptr;
    std::string movies_file;
    const std::vector<int32_t>* user_ids = nullptr;
    std::string users_file;
};

// Parses a whole ratings file; fails on an empty one.
std::vector<Rating> parse_ratings_file(const std::string& path, const RatingsLayout& layout);
// Parses events.csv (dataset.h, load_events_file): its header decides the
// columns; `layout` gives the scale and the movie ids to check against.
std::vector<Rating> parse_events_file(const std::string& path, const RatingsLayout& layout);

// Fails unless `value` is within `scale` and on its step grid.
void check_rating(const LineReader& reader, float value, const RatingScale& scale);

// Movies parsed with their line numbers, so that a duplicate id can be
// reported where it occurs.
struct MovieLines {
    std::vector<Movie> movies;
    std::vector<size_t> lines;
};
// Sorts by id; fails at the later line of a duplicate id.
std::vector<Movie> sort_unique_movies(MovieLines parsed, const std::string& path);

struct UserLines {
    std::vector<UserInfo> users;
    std::vector<size_t> lines;
};
std::vector<UserInfo> sort_unique_users(UserLines parsed, const std::string& path);

// Collects genre names by movie and turns them into indices into a
// vocabulary sorted by name. "(no genres listed)" is not a genre.
class GenreCollector {
public:
    // Splits "Action|Comedy" and records it for movie number `movie_index`.
    void add(const LineReader& reader, size_t movie_index, std::string_view genres);
    // Fills movies[i].genres and returns the vocabulary.
    std::vector<std::string> assign(std::vector<Movie>& movies);

private:
    std::vector<std::pair<size_t, std::string>> entries_;  // (movie index, name)
    std::vector<std::string_view> parts_;
};

std::vector<int32_t> sorted_movie_ids(const std::vector<Movie>& movies);
std::vector<int32_t> sorted_user_ids(const std::vector<UserInfo>& users);

// Whole-directory loaders behind load_dataset().
Dataset load_ml100k_dataset(const std::string& dir);
Dataset load_ml1m_dataset(const std::string& dir);
Dataset load_ml_latest_dataset(const std::string& dir);
Dataset load_events_dataset(const std::string& dir);

// "path/to/dir/" → "dir"; used as the dataset name.
std::string base_name(const std::string& path);
std::string join_path(const std::string& dir, const std::string& file);
bool file_exists(const std::string& path);
bool directory_exists(const std::string& path);

}  // namespace movienet::detail
