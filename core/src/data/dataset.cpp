#include "movienet/data/dataset.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <sys/stat.h>

#include "data/dataset_detail.h"
#include "movienet/base/error.h"
#include "movienet/base/format_number.h"
#include "movienet/base/limits.h"
#include "movienet/io/file_io.h"

namespace movienet {

DataFormat parse_data_format(const std::string& name) {
    if (name == "ml-100k") return DataFormat::Ml100k;
    if (name == "ml-1m") return DataFormat::Ml1m;
    if (name == "ml-latest") return DataFormat::MlLatest;
    if (name == "csv") return DataFormat::Csv;
    if (name == "events") return DataFormat::Events;
    throw Error(ErrorCode::BadInput,
                "unknown data format '" + name + "' (expected ml-100k, ml-1m, ml-latest, csv or events)");
}

const char* data_format_name(DataFormat format) {
    switch (format) {
        case DataFormat::Ml100k: return "ml-100k";
        case DataFormat::Ml1m: return "ml-1m";
        case DataFormat::MlLatest: return "ml-latest";
        case DataFormat::Csv: return "csv";
        case DataFormat::Events: return "events";
    }
    return "unknown";
}

RatingScale default_rating_scale(DataFormat format) {
    switch (format) {
        case DataFormat::Ml100k:
        case DataFormat::Ml1m: return {1.0f, 5.0f, 1.0f};
        case DataFormat::MlLatest:
        case DataFormat::Csv:
        case DataFormat::Events: return {0.5f, 5.0f, 0.5f};
    }
    return {0.5f, 5.0f, 0.5f};
}

DataFormat detect_data_format(const std::string& dir) {
    using detail::file_exists;
    using detail::join_path;
    if (!detail::directory_exists(dir)) throw Error(ErrorCode::Io, dir + ": not a directory");
    if (file_exists(join_path(dir, "u.data"))) return DataFormat::Ml100k;
    if (file_exists(join_path(dir, "ratings.dat")) || file_exists(join_path(dir, "movies.dat")))
        return DataFormat::Ml1m;
    const bool ratings = file_exists(join_path(dir, "ratings.csv")), events = file_exists(join_path(dir, "events.csv"));
    if (ratings && events)
        throw Error(ErrorCode::DataFormat, dir + ": holds both ratings.csv and events.csv: pick one with --format ml-latest "
                                                 "(ratings.csv) or --format events (events.csv)");
    if (ratings) return DataFormat::MlLatest;
    if (events) return DataFormat::Events;
    throw Error(ErrorCode::DataFormat,
                dir + ": no MovieLens data found (looked for u.data for ml-100k, "
                      "ratings.dat or movies.dat for ml-1m, ratings.csv for ml-latest/csv, events.csv for events)");
}

Dataset load_dataset(const std::string& dir, DataFormat format) {
    if (!detail::directory_exists(dir)) throw Error(ErrorCode::Io, dir + ": not a directory");
    switch (format) {
        case DataFormat::Ml100k: return detail::load_ml100k_dataset(dir);
        case DataFormat::Ml1m: return detail::load_ml1m_dataset(dir);
        case DataFormat::MlLatest: return detail::load_ml_latest_dataset(dir);
        case DataFormat::Events: return detail::load_events_dataset(dir);
        case DataFormat::Csv: {
            const std::string movies = detail::join_path(dir, "movies.csv");
            Dataset ds = load_csv_dataset(detail::join_path(dir, "ratings.csv"),
                                          detail::file_exists(movies) ? movies : std::string(),
                                          default_rating_scale(DataFormat::Csv));
            ds.name = detail::base_name(dir);
            return ds;
        }
    }
    throw Error(ErrorCode::BadInput, "unknown data format");
}

Dataset load_dataset(const std::string& dir) { return load_dataset(dir, detect_data_format(dir)); }

std::vector<Rating> load_ratings_file(const std::string& path, DataFormat format) {
    return load_ratings_file(path, format, default_rating_scale(format));
}

std::vector<Rating> load_ratings_file(const std::string& path, DataFormat format,
                                      RatingScale scale) {
    detail::RatingsLayout layout;
    layout.scale = scale;
    switch (format) {
        case DataFormat::Ml100k: layout.separator = "\t"; break;
        case DataFormat::Ml1m: layout.separator = "::"; break;
        case DataFormat::MlLatest:
            layout.separator = ",";
            layout.csv_quotes = true;
            layout.header_allowed = true;
            layout.rating_optional = true;
            break;
        case DataFormat::Csv:
            layout.separator = {};
            layout.csv_quotes = true;
            layout.header_allowed = true;
            layout.rating_optional = true;
            layout.min_fields = 3;
            break;
        case DataFormat::Events: return load_events_file(path, scale);
    }
    return detail::parse_ratings_file(path, layout);
}

size_t count_rated(const std::vector<Rating>& ratings) {
    size_t n = 0;
    for (const Rating& r : ratings) n += has_rating(r) ? 1 : 0;
    return n;
}

size_t drop_duplicate_ratings(std::vector<Rating>& ratings) {
    const size_t n = ratings.size();
    if (n < 2) return 0;
    // Sorting plain (key, position) pairs is cache-friendly; groups with more
    // than one entry are rare and resolved afterwards.
    std::vector<std::pair<uint64_t, size_t>> keyed(n);
    for (size_t i = 0; i < n; ++i) {
        const uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(ratings[i].user)) << 32) |
                             static_cast<uint32_t>(ratings[i].movie);
        keyed[i] = {key, i};
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<char> drop;
    size_t dropped = 0;
    for (size_t begin = 0; begin < n;) {
        size_t end = begin + 1;
        while (end < n && keyed[end].first == keyed[begin].first) ++end;
        if (end - begin > 1) {
            // Positions ascend within the group, so ">=" prefers the later line on ties.
            size_t keep = keyed[begin].second;
            for (size_t k = begin + 1; k < end; ++k) {
                const size_t i = keyed[k].second;
                if (ratings[i].timestamp >= ratings[keep].timestamp) keep = i;
            }
            if (!has_rating(ratings[keep])) {
                // Rated, then watched again without a rating: the latest rating stays.
                size_t rated = n;
                for (size_t k = begin; k < end; ++k) {
                    const size_t i = keyed[k].second;
                    if (has_rating(ratings[i]) && (rated == n || ratings[i].timestamp >= ratings[rated].timestamp)) rated = i;
                }
                if (rated != n) ratings[keep].rating = ratings[rated].rating;
            }
            if (drop.empty()) drop.assign(n, 0);
            for (size_t k = begin; k < end; ++k)
                if (keyed[k].second != keep) drop[keyed[k].second] = 1;
            dropped += end - begin - 1;
        }
        begin = end;
    }
    if (dropped == 0) return 0;
    size_t w = 0;
    for (size_t r = 0; r < n; ++r)
        if (!drop[r]) ratings[w++] = ratings[r];
    ratings.resize(w);
    return dropped;
}

int year_from_title(const std::string& title) {
    std::string_view t = trim_blanks(title);
    if (t.empty() || t.back() != ')') return 0;
    const size_t open = t.rfind('(');
    if (open == std::string_view::npos || open + 6 > t.size()) return 0;
    int year = 0;
    for (size_t i = open + 1; i < open + 5; ++i) {
        if (t[i] < '0' || t[i] > '9') return 0;
        year = year * 10 + (t[i] - '0');
    }
    const std::string_view rest = t.substr(open + 5);
    // "(1995)", or a range such as "(2006-2007)" / "(2006–2007)" / "(2006- )".
    if (rest == ")" || rest.substr(0, 1) == "-" || rest.substr(0, 3) == "\xE2\x80\x93") return year;
    return 0;
}

namespace detail {

void check_rating(const LineReader& reader, float value, const RatingScale& scale) {
    const double tolerance = 1e-4;
    const double v = value;
    if (v < scale.min - tolerance || v > scale.max + tolerance)
        reader.fail("rating " + format_number(v) + " is outside the scale " +
                    format_number(scale.min) + ".." + format_number(scale.max));
    if (scale.step > 0) {
        const double steps = (v - scale.min) / scale.step;
        if (std::abs(steps - std::round(steps)) > tolerance)
            reader.fail("rating " + format_number(v) + " is not a multiple of " +
                        format_number(scale.step) + " from " + format_number(scale.min));
    }
}

std::vector<Rating> parse_ratings_file(const std::string& path, const RatingsLayout& layout) {
    const std::string text = read_file(path, limits::kMaxDataFileBytes);
    LineReader reader(strip_utf8_bom(text), path);
    std::vector<Rating> ratings;
    ratings.reserve(text.size() / 20);
    std::vector<std::string_view> fields;
    std::string_view line;
    std::string_view separator = layout.separator;
    char sep_char = separator.size() == 1 ? separator[0] : '\0';
    size_t n_fields = 0;  // fixed by the first data line when min < max
    bool first = true;
    while (reader.next_nonblank(line)) {
        if (first && separator.empty()) {
            // Generic CSV: tab-separated if the first line has tabs but no commas.
            sep_char = line.find('\t') != std::string_view::npos &&
                               line.find(',') == std::string_view::npos
                           ? '\t'
                           : ',';
            separator = std::string_view(sep_char == '\t' ? "\t" : ",");
        }
        if (layout.csv_quotes && sep_char != '\0') {
            reader.split_csv(line, sep_char, fields);
        } else {
            split_fields(line, separator, fields);
        }
        if (first) {
            first = false;
            if (layout.header_allowed && !fields.empty()) {
                // A header names its columns; data starts with a numeric id.
                int32_t id;
                const std::string_view f = trim_blanks(fields[0]);
                const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), id);
                if (f.empty() || ec != std::errc() || end != f.data() + f.size()) continue;
            }
        }
        if (n_fields == 0) {
            if (fields.size() < layout.min_fields || fields.size() > layout.max_fields) {
                if (layout.min_fields == layout.max_fields) reader.expect_fields(fields, layout.min_fields);
                reader.fail("expected " + std::to_string(layout.min_fields) + " or " +
                            std::to_string(layout.max_fields) + " fields, got " +
                            std::to_string(fields.size()));
            }
            n_fields = fields.size();
        }
        reader.expect_fields(fields, n_fields);
        Rating r;
        r.user = reader.parse_int32(fields[0], "user id");
        r.movie = reader.parse_int32(fields[1], "movie id");
        const bool unrated = layout.rating_optional && trim_blanks(fields[2]).empty();  // watched, not rated
        r.rating = unrated ? std::numeric_limits<float>::quiet_NaN() : reader.parse_float(fields[2], "rating");
        r.timestamp = n_fields >= 4 ? reader.parse_int64(fields[3], "timestamp") : 0;
        if (!unrated) check_rating(reader, r.rating, layout.scale);
        if (layout.movie_ids &&
            !std::binary_search(layout.movie_ids->begin(), layout.movie_ids->end(), r.movie))
            reader.fail("rating for unknown movie id " + std::to_string(r.movie) + " (not in " +
                        layout.movies_file + ")");
        if (layout.user_ids &&
            !std::binary_search(layout.user_ids->begin(), layout.user_ids->end(), r.user))
            reader.fail("rating by unknown user id " + std::to_string(r.user) + " (not in " +
                        layout.users_file + ")");
        ratings.push_back(r);
    }
    if (ratings.empty()) {
        const std::string why = describe_unreadable_text(text);
        throw Error(ErrorCode::DataFormat, path + ": no ratings in the file" + (why.empty() ? "" : ": " + why));
    }
    return ratings;
}

std::vector<Movie> sort_unique_movies(MovieLines parsed, const std::string& path) {
    const size_t n = parsed.movies.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return parsed.movies[a].id != parsed.movies[b].id ? parsed.movies[a].id < parsed.movies[b].id
                                                          : a < b;
    });
    std::vector<Movie> movies;
    movies.reserve(n);
    for (size_t k = 0; k < n; ++k) {
        const size_t i = order[k];
        if (k > 0 && parsed.movies[order[k - 1]].id == parsed.movies[i].id)
            throw Error(ErrorCode::DataFormat,
                        path + ":" + std::to_string(parsed.lines[i]) + ": duplicate movie id " +
                            std::to_string(parsed.movies[i].id) + " (first on line " +
                            std::to_string(parsed.lines[order[k - 1]]) + ")");
        movies.push_back(std::move(parsed.movies[i]));
    }
    return movies;
}

std::vector<UserInfo> sort_unique_users(UserLines parsed, const std::string& path) {
    const size_t n = parsed.users.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return parsed.users[a].id != parsed.users[b].id ? parsed.users[a].id < parsed.users[b].id
                                                        : a < b;
    });
    std::vector<UserInfo> users;
    users.reserve(n);
    for (size_t k = 0; k < n; ++k) {
        const size_t i = order[k];
        if (k > 0 && parsed.users[order[k - 1]].id == parsed.users[i].id)
            throw Error(ErrorCode::DataFormat,
                        path + ":" + std::to_string(parsed.lines[i]) + ": duplicate user id " +
                            std::to_string(parsed.users[i].id) + " (first on line " +
                            std::to_string(parsed.lines[order[k - 1]]) + ")");
        users.push_back(std::move(parsed.users[i]));
    }
    return users;
}

void GenreCollector::add(const LineReader& reader, size_t movie_index, std::string_view genres) {
    genres = trim_blanks(genres);
    if (genres.empty() || genres == "(no genres listed)") return;
    split_fields(genres, "|", parts_);
    for (std::string_view part : parts_) {
        part = trim_blanks(part);
        if (part.empty()) reader.fail("empty genre name in '" + std::string(genres) + "'");
        if (part == "(no genres listed)") continue;
        entries_.emplace_back(movie_index, std::string(part));
    }
}

std::vector<std::string> GenreCollector::assign(std::vector<Movie>& movies) {
    std::vector<std::string> names;
    names.reserve(entries_.size());
    for (const auto& e : entries_) names.push_back(e.second);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const auto& e : entries_) {
        const auto it = std::lower_bound(names.begin(), names.end(), e.second);
        movies[e.first].genres.push_back(static_cast<int>(it - names.begin()));
    }
    for (Movie& m : movies) {
        std::sort(m.genres.begin(), m.genres.end());
        m.genres.erase(std::unique(m.genres.begin(), m.genres.end()), m.genres.end());
    }
    return names;
}

std::vector<int32_t> sorted_movie_ids(const std::vector<Movie>& movies) {
    std::vector<int32_t> ids;
    ids.reserve(movies.size());
    for (const Movie& m : movies) ids.push_back(m.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<int32_t> sorted_user_ids(const std::vector<UserInfo>& users) {
    std::vector<int32_t> ids;
    ids.reserve(users.size());
    for (const UserInfo& u : users) ids.push_back(u.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::string base_name(const std::string& path) {
    size_t end = path.size();
    while (end > 1 && path[end - 1] == '/') --end;
    const size_t slash = path.rfind('/', end - 1);
    const size_t start = slash == std::string::npos ? 0 : slash + 1;
    std::string name = path.substr(start, end - start);
    return name.empty() || name == "." || name == "/" ? std::string("dataset") : name;
}

std::string join_path(const std::string& dir, const std::string& file) {
    if (dir.empty()) return file;
    return dir.back() == '/' ? dir + file : dir + "/" + file;
}

// POSIX stat keeps this free of std::filesystem, which not every
// Emscripten libc++ ships.
bool file_exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool directory_exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace detail
}  // namespace movienet
