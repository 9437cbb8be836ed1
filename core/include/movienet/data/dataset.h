// MovieLens data in memory: ratings, the movie catalogue, user side data,
// and the loaders for the MovieLens 100K, 1M and "latest" layouts, a generic
// ratings CSV, and a folder of watch events (events.csv, ratings optional).
//
// Every loader reads whole files, checks every line and reports problems as
// Error(DataFormat, "<path>:<line>: <problem>"); a missing file is Error(Io)
// naming the path.
//
// Policies shared by all loaders:
// - Ratings must lie in the format's RatingScale and on its step grid.
// - A rating may be absent (an empty field) in ml-latest ratings.csv, the
//   generic CSV and events.csv: the row is a watch event without a rating,
//   held as a NaN Rating::rating (has_rating() is false). Such rows train
//   the will-watch head only; splits keep them, rating metrics skip them.
// - When a catalogue is loaded, a rating for a movie it does not list is an
//   error (and, with user data, so is a rating by an unlisted user).
// - Duplicate (user, movie) pairs: the rating with the latest timestamp is
//   kept (on equal timestamps, the later line); the others are dropped and
//   counted in Dataset::duplicates_dropped. Kept ratings stay in file order.
//   A kept row without a rating takes the latest rating among its dropped
//   duplicates, if any (rated, then watched again).
// - An empty ratings file (no data lines) is an error.
// - Text is UTF-8 in memory. Latin-1 files (100K u.item, 1M movies.dat) are
//   converted, unless they are already valid UTF-8 (re-encoded copies);
//   UTF-8 files (ml-latest, generic CSV) must be valid UTF-8.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace movienet {

// One rating with the raw ids of the files, or a watch event without a rating.
struct Rating {
    int32_t user;
    int32_t movie;
    float rating;       // NaN: watched, not rated (see has_rating)
    int64_t timestamp;  // seconds since the epoch; 0 when the file has none
};

// False for a watch event without a rating.
inline bool has_rating(const Rating& r) { return !std::isnan(r.rating); }
// How many of `ratings` carry a rating.
size_t count_rated(const std::vector<Rating>& ratings);

struct Movie {
    int32_t id;
    std::string title;        // UTF-8, as in the file (outer blanks trimmed), year suffix kept
    int year;                 // from "(YYYY)" ending the title (100K: the release date); 0 if unknown
    std::vector<int> genres;  // ascending indices into Dataset::genre_names
};

struct UserInfo {
    int32_t id;
    int age;                 // 100K: years; 1M: the age-group code (1, 18, 25, 35, 45, 50, 56)
    char gender;             // 'M' or 'F'
    std::string occupation;  // 100K: as written; 1M: the README's name for the code
};

struct RatingScale {
    float min, max, step;
};

enum class DataFormat { Ml100k, Ml1m, MlLatest, Csv, Events };

struct Dataset {
    std::string name;  // the directory's name ("ml-100k"), or the ratings file's stem for CSV
    DataFormat format = DataFormat::Csv;
    RatingScale scale{0.5f, 5.0f, 0.5f};
    std::vector<Rating> ratings;           // all ratings, in file order (duplicates dropped)
    std::vector<Movie> movies;             // catalogue sorted by id; empty if none was given
    std::vector<std::string> genre_names;  // 100K: u.genre's order; others: sorted by name
    std::vector<UserInfo> users;           // sorted by id; empty when the format has none
    size_t duplicates_dropped = 0;
};

// "ml-100k", "ml-1m", "ml-latest", "csv", "events"; anything else is Error(BadInput).
DataFormat parse_data_format(const std::string& name);
const char* data_format_name(DataFormat format);

// The scale MovieLens uses: 100K and 1M 1..5 by 1, latest 0.5..5 by 0.5.
// CSV and events default to 0.5..5 by 0.5, which also admits whole stars.
RatingScale default_rating_scale(DataFormat format);

// Looks at the files in `dir`: u.data → 100K, ratings.dat or movies.dat → 1M,
// ratings.csv → latest, events.csv → events (both ratings.csv and events.csv:
// Error(DataFormat) asking for --format). Error(DataFormat) listing what was
// looked for when none is there; Error(Io) when `dir` is not a directory.
DataFormat detect_data_format(const std::string& dir);

// Loads ratings, catalogue and (100K, 1M) users from a MovieLens directory.
// For DataFormat::Csv, `dir` must hold ratings.csv (and optionally movies.csv);
// for DataFormat::Events, events.csv and movies.csv (load_events_file).
Dataset load_dataset(const std::string& dir, DataFormat format);
Dataset load_dataset(const std::string& dir);  // detect_data_format(dir)

// A generic ratings CSV: user,item,rating[,timestamp], comma- or
// tab-separated, optional header line (detected by a non-numeric first
// field). `movies_csv` (may be empty) has movieId,title[,genres] like
// ml-latest's movies.csv, with an optional header.
Dataset load_csv_dataset(const std::string& ratings_csv, const std::string& movies_csv,
                         RatingScale scale);

// A watch-events file (events.csv): a header line naming the columns, either
//   userId,movieId,timestamp          (no ratings), or
//   userId,movieId,rating,timestamp   (a rating per row, or an empty field: none)
// (names case-insensitive), then one event per line, comma-separated (RFC 4180
// quotes allowed), each with the header's number of fields. Ids are integers
// >= 0, the timestamp an integer (its order is the viewing order), a rating
// on `scale`. Every problem is Error(DataFormat, "<path>:<line>: ..."): a
// missing or other header, a non-numeric field, a negative id, an off-scale
// rating. Duplicates are kept (as load_ratings_file keeps them).
std::vector<Rating> load_events_file(const std::string& path, RatingScale scale);

// One ratings file in a format's layout (e.g. ml-100k's u1.base), checked
// against the format's default scale (or `scale`). Duplicates are kept: this
// is the raw file, as official splits need it.
std::vector<Rating> load_ratings_file(const std::string& path, DataFormat format);
std::vector<Rating> load_ratings_file(const std::string& path, DataFormat format,
                                      RatingScale scale);

// Catalogue and user files on their own (ML-1M metadata is usable without
// its ratings). `genre_names` receives the genre vocabulary.
std::vector<Movie> load_ml100k_movies(const std::string& u_item, const std::string& u_genre,
                                      std::vector<std::string>& genre_names);
std::vector<UserInfo> load_ml100k_users(const std::string& u_user);
std::vector<Movie> load_ml1m_movies(const std::string& movies_dat,
                                    std::vector<std::string>& genre_names);
std::vector<UserInfo> load_ml1m_users(const std::string& users_dat);
// movieId,title,genres CSV (ml-latest movies.csv, header optional).
std::vector<Movie> load_movies_csv(const std::string& movies_csv,
                                   std::vector<std::string>& genre_names);

// Applies the duplicate policy above in place; returns how many were dropped.
size_t drop_duplicate_ratings(std::vector<Rating>& ratings);

// The year a title ends with: "Heat (1995)" → 1995, "Show (2006–2007)" →
// 2006 (trailing blanks ignored); 0 when there is none.
int year_from_title(const std::string& title);

}  // namespace movienet
