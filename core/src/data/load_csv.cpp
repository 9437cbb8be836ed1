// CSV layouts: MovieLens "latest" (ratings.csv + movies.csv, UTF-8, CRLF,
// quoted titles), a generic user,item,rating[,timestamp] file, and a folder
// of watch events (events.csv + movies.csv, ratings optional).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>

#include "data/dataset_detail.h"
#include "movienet/data/dataset.h"
#include "movienet/base/error.h"
#include "movienet/base/format_number.h"
#include "movienet/base/limits.h"
#include "movienet/io/file_io.h"

namespace movienet {
namespace {

// Fails with the line and column of the first byte that is not UTF-8.
void require_utf8(const std::string& text, const std::string& path) {
    const size_t bad = find_invalid_utf8(text);
    if (bad == std::string_view::npos) return;
    const size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + bad, '\n'));
    size_t line_start = 0;
    if (bad > 0) {
        const size_t nl = text.rfind('\n', bad - 1);
        if (nl != std::string::npos) line_start = nl + 1;
    }
    const size_t column = bad - line_start + 1;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    throw Error(ErrorCode::DataFormat, path + ":" + std::to_string(line) +
                                           ": invalid UTF-8 (byte " + byte + " at column " +
                                           std::to_string(column) + ")");
}

bool is_int(std::string_view s) {
    s = trim_blanks(s);
    int32_t v;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::vector<Movie> load_movies_csv(const std::string& movies_csv,
                                   std::vector<std::string>& genre_names) {
    const std::string text = read_file(movies_csv, limits::kMaxDataFileBytes);
    require_utf8(text, movies_csv);
    LineReader reader(strip_utf8_bom(text), movies_csv);
    detail::MovieLines parsed;
    detail::GenreCollector genres;
    std::vector<std::string_view> fields;
    std::string_view line;
    size_t n_fields = 0;
    bool first = true;
    while (reader.next_nonblank(line)) {
        reader.split_csv(line, ',', fields);
        if (first) {
            first = false;
            if (!fields.empty() && !is_int(fields[0])) continue;  // movieId,title,genres
        }
        if (n_fields == 0) {
            if (fields.size() != 2 && fields.size() != 3) reader.expect_fields(fields, 3);
            n_fields = fields.size();
        }
        reader.expect_fields(fields, n_fields);
        Movie movie;
        movie.id = reader.parse_int32(fields[0], "movie id");
        movie.title = std::string(trim_blanks(fields[1]));
        if (movie.title.empty()) reader.fail("empty title");
        movie.year = year_from_title(movie.title);
        if (n_fields == 3) genres.add(reader, parsed.movies.size(), fields[2]);
        parsed.movies.push_back(std::move(movie));
        parsed.lines.push_back(reader.line_number());
    }
    if (parsed.movies.empty()) {
        const std::string why = describe_unreadable_text(text);
        throw Error(ErrorCode::DataFormat, movies_csv + ": no movies in the file" + (why.empty() ? "" : ": " + why));
    }
    genre_names = genres.assign(parsed.movies);
    return detail::sort_unique_movies(std::move(parsed), movies_csv);
}

Dataset load_csv_dataset(const std::string& ratings_csv, const std::string& movies_csv,
                         RatingScale scale) {
    if (!(scale.min < scale.max) || !(scale.step >= 0))
        throw Error(ErrorCode::BadInput, "rating scale needs min < max and step >= 0, got " +
                                             format_number(scale.min) + ".." +
                                             format_number(scale.max) + " by " +
                                             format_number(scale.step));
    Dataset ds;
    std::string stem = detail::base_name(ratings_csv);
    const size_t dot = stem.rfind('.');
    if (dot != std::string::npos && dot > 0) stem.resize(dot);
    ds.name = stem;
    ds.format = DataFormat::Csv;
    ds.scale = scale;
    std::vector<int32_t> movie_ids;
    detail::RatingsLayout layout;
    layout.separator = {};
    layout.csv_quotes = true;
    layout.header_allowed = true;
    layout.min_fields = 3;
    layout.max_fields = 4;
    layout.rating_optional = true;
    layout.scale = scale;
    if (!movies_csv.empty()) {
        ds.movies = load_movies_csv(movies_csv, ds.genre_names);
        movie_ids = detail::sorted_movie_ids(ds.movies);
        layout.movie_ids = &movie_ids;
        layout.movies_file = detail::base_name(movies_csv);
    }
    ds.ratings = detail::parse_ratings_file(ratings_csv, layout);
    ds.duplicates_dropped = drop_duplicate_ratings(ds.ratings);
    return ds;
}

namespace detail {

Dataset load_ml_latest_dataset(const std::string& dir) {
    Dataset ds;
    ds.name = base_name(dir);
    ds.format = DataFormat::MlLatest;
    ds.scale = default_rating_scale(DataFormat::MlLatest);
    ds.movies = load_movies_csv(join_path(dir, "movies.csv"), ds.genre_names);
    const std::vector<int32_t> movie_ids = sorted_movie_ids(ds.movies);
    RatingsLayout layout;
    layout.separator = ",";
    layout.csv_quotes = true;
    layout.header_allowed = true;
    layout.rating_optional = true;
    layout.scale = ds.scale;
    layout.movie_ids = &movie_ids;
    layout.movies_file = "movies.csv";
    ds.ratings = parse_ratings_file(join_path(dir, "ratings.csv"), layout);
    ds.duplicates_dropped = drop_duplicate_ratings(ds.ratings);
    return ds;
}

Dataset load_events_dataset(const std::string& dir) {
    Dataset ds;
    ds.name = base_name(dir);
    ds.format = DataFormat::Events;
    ds.scale = default_rating_scale(DataFormat::Events);
    const std::string movies = join_path(dir, "movies.csv");
    if (!file_exists(movies))
        throw Error(ErrorCode::Io, movies + ": not found (events.csv needs the catalogue: movieId,title,genres)");
    ds.movies = load_movies_csv(movies, ds.genre_names);
    const std::vector<int32_t> movie_ids = sorted_movie_ids(ds.movies);
    RatingsLayout layout;
    layout.scale = ds.scale;
    layout.movie_ids = &movie_ids;
    layout.movies_file = "movies.csv";
    ds.ratings = parse_events_file(join_path(dir, "events.csv"), layout);
    ds.duplicates_dropped = drop_duplicate_ratings(ds.ratings);
    return ds;
}

namespace {

std::string lower(std::string_view s) {
    std::string out(trim_blanks(s));
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

int32_t parse_id(const LineReader& reader, std::string_view field, const char* what) {
    const int32_t id = reader.parse_int32(field, what);
    if (id < 0) reader.fail(std::string(what) + " is negative: " + std::to_string(id));
    return id;
}

}  // namespace

std::vector<Rating> parse_events_file(const std::string& path, const RatingsLayout& layout) {
    const std::string text = read_file(path, limits::kMaxDataFileBytes);
    LineReader reader(strip_utf8_bom(text), path);
    std::vector<Rating> events;
    events.reserve(text.size() / 20);
    std::vector<std::string_view> fields;
    std::string_view line;
    size_t n_fields = 0;  // 3 or 4, from the header
    while (reader.next_nonblank(line)) {
        reader.split_csv(line, ',', fields);
        if (n_fields == 0) {
            std::string header;
            for (const std::string_view f : fields) header += (header.empty() ? "" : ",") + lower(f);
            if (header == "userid,movieid,timestamp") n_fields = 3;
            else if (header == "userid,movieid,rating,timestamp") n_fields = 4;
            else
                reader.fail("expected the header userId,movieId,timestamp or userId,movieId,rating,timestamp "
                            "(the rating may be empty in a row), got '" + std::string(trim_blanks(line).substr(0, 80)) + "'");
            continue;
        }
        reader.expect_fields(fields, n_fields);
        Rating r;
        r.user = parse_id(reader, fields[0], "user id");
        r.movie = parse_id(reader, fields[1], "movie id");
        r.rating = std::numeric_limits<float>::quiet_NaN();  // watched, not rated
        if (n_fields == 4 && !trim_blanks(fields[2]).empty()) {
            r.rating = reader.parse_float(fields[2], "rating");
            check_rating(reader, r.rating, layout.scale);
        }
        r.timestamp = reader.parse_int64(fields[n_fields - 1], "timestamp");
        if (layout.movie_ids &&
            !std::binary_search(layout.movie_ids->begin(), layout.movie_ids->end(), r.movie))
            reader.fail("event for unknown movie id " + std::to_string(r.movie) + " (not in " + layout.movies_file + ")");
        events.push_back(r);
    }
    if (events.empty()) {
        const std::string why = describe_unreadable_text(text);
        throw Error(ErrorCode::DataFormat, path + ": no events in the file" +
                                               (n_fields == 0 ? " (not even the header userId,movieId,timestamp)" : "") +
                                               (why.empty() ? "" : ": " + why));
    }
    return events;
}

}  // namespace detail

std::vector<Rating> load_events_file(const std::string& path, RatingScale scale) {
    detail::RatingsLayout layout;
    layout.scale = scale;
    return detail::parse_events_file(path, layout);
}

}  // namespace movienet
