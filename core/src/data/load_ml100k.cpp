// MovieLens 100K: u.data (tab-separated ratings), u.item (Latin-1, `|`,
// genre flags), u.genre, u.user.
#include "data/dataset_detail.h"
#include "movienet/data/dataset.h"
#include "movienet/base/error.h"
#include "movienet/base/limits.h"
#include "movienet/io/file_io.h"

namespace movienet {
namespace {

std::vector<std::string> load_ml100k_genres(const std::string& path) {
    const std::string text = latin1_or_utf8_to_utf8(read_file(path, limits::kMaxDataFileBytes));
    LineReader reader(text, path);
    std::vector<std::string> names;
    std::vector<std::string_view> fields;
    std::string_view line;
    while (reader.next_nonblank(line)) {
        split_fields(line, "|", fields);
        reader.expect_fields(fields, 2);
        const int32_t index = reader.parse_int32(fields[1], "genre index");
        if (index != static_cast<int32_t>(names.size()))
            reader.fail("genre index " + std::to_string(index) + " out of order (expected " +
                        std::to_string(names.size()) + ")");
        const std::string_view name = trim_blanks(fields[0]);
        if (name.empty()) reader.fail("empty genre name");
        names.emplace_back(name);
    }
    if (names.empty()) throw Error(ErrorCode::DataFormat, path + ": no genres in the file");
    return names;
}

// "01-Jan-1995" (or "4-Feb-1971") → 1995; false if the date has another shape.
bool year_from_release_date(std::string_view date, int& year) {
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const size_t dash = date.find('-');
    if (dash != 1 && dash != 2) return false;
    if (date.size() != dash + 9 || date[dash + 4] != '-') return false;
    for (size_t i = 0; i < dash; ++i)
        if (!digit(date[i])) return false;
    bool month_ok = false;
    for (const char* m : kMonths) month_ok = month_ok || date.substr(dash + 1, 3) == m;
    if (!month_ok) return false;
    year = 0;
    for (size_t i = dash + 5; i < date.size(); ++i) {
        if (!digit(date[i])) return false;
        year = year * 10 + (date[i] - '0');
    }
    return true;
}

}  // namespace

std::vector<Movie> load_ml100k_movies(const std::string& u_item, const std::string& u_genre,
                                      std::vector<std::string>& genre_names) {
    genre_names = load_ml100k_genres(u_genre);
    const size_t n_genres = genre_names.size();
    const std::string text = latin1_or_utf8_to_utf8(read_file(u_item, limits::kMaxDataFileBytes));
    LineReader reader(text, u_item);
    detail::MovieLines parsed;
    std::vector<std::string_view> fields;
    std::string_view line;
    while (reader.next_nonblank(line)) {
        split_fields(line, "|", fields);
        // id|title|release date|video release date|IMDb URL|one 0/1 flag per genre
        reader.expect_fields(fields, 5 + n_genres);
        Movie movie;
        movie.id = reader.parse_int32(fields[0], "movie id");
        movie.title = std::string(trim_blanks(fields[1]));
        if (movie.title.empty()) reader.fail("empty title");
        const std::string_view date = trim_blanks(fields[2]);
        if (date.empty()) {
            movie.year = year_from_title(movie.title);
        } else if (!year_from_release_date(date, movie.year)) {
            reader.fail("release date is not like 01-Jan-1995: '" + std::string(date) + "'");
        }
        for (size_t g = 0; g < n_genres; ++g) {
            const std::string_view flag = trim_blanks(fields[5 + g]);
            if (flag == "1") {
                movie.genres.push_back(static_cast<int>(g));
            } else if (flag != "0") {
                reader.fail("genre flag " + std::to_string(g + 1) + " (" + genre_names[g] +
                            ") is '" + std::string(flag) + "', expected 0 or 1");
            }
        }
        parsed.movies.push_back(std::move(movie));
        parsed.lines.push_back(reader.line_number());
    }
    if (parsed.movies.empty()) throw Error(ErrorCode::DataFormat, u_item + ": no movies in the file");
    return detail::sort_unique_movies(std::move(parsed), u_item);
}

std::vector<UserInfo> load_ml100k_users(const std::string& u_user) {
    const std::string text = latin1_or_utf8_to_utf8(read_file(u_user, limits::kMaxDataFileBytes));
    LineReader reader(text, u_user);
    detail::UserLines parsed;
    std::vector<std::string_view> fields;
    std::string_view line;
    while (reader.next_nonblank(line)) {
        split_fields(line, "|", fields);
        reader.expect_fields(fields, 5);  // id|age|gender|occupation|zip
        UserInfo user;
        user.id = reader.parse_int32(fields[0], "user id");
        user.age = reader.parse_int32(fields[1], "age");
        const std::string_view gender = trim_blanks(fields[2]);
        if (gender != "M" && gender != "F")
            reader.fail("gender is '" + std::string(gender) + "', expected M or F");
        user.gender = gender[0];
        user.occupation = std::string(trim_blanks(fields[3]));
        parsed.users.push_back(std::move(user));
        parsed.lines.push_back(reader.line_number());
    }
    if (parsed.users.empty()) throw Error(ErrorCode::DataFormat, u_user + ": no users in the file");
    return detail::sort_unique_users(std::move(parsed), u_user);
}

namespace detail {

Dataset load_ml100k_dataset(const std::string& dir) {
    Dataset ds;
    ds.name = base_name(dir);
    ds.format = DataFormat::Ml100k;
    ds.scale = default_rating_scale(DataFormat::Ml100k);
    const std::string u_item = join_path(dir, "u.item");
    const std::string u_user = join_path(dir, "u.user");
    ds.movies = load_ml100k_movies(u_item, join_path(dir, "u.genre"), ds.genre_names);
    ds.users = load_ml100k_users(u_user);
    const std::vector<int32_t> movie_ids = sorted_movie_ids(ds.movies);
    const std::vector<int32_t> user_ids = sorted_user_ids(ds.users);
    RatingsLayout layout;
    layout.separator = "\t";
    layout.scale = ds.scale;
    layout.movie_ids = &movie_ids;
    layout.movies_file = "u.item";
    layout.user_ids = &user_ids;
    layout.users_file = "u.user";
    ds.ratings = parse_ratings_file(join_path(dir, "u.data"), layout);
    ds.duplicates_dropped = drop_duplicate_ratings(ds.ratings);
    return ds;
}

}  // namespace detail
}  // namespace movienet
