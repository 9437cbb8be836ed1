// MovieLens 1M: ratings.dat, movies.dat (Latin-1), users.dat, all `::`.
#include "data/dataset_detail.h"
#include "movienet/data/dataset.h"
#include "movienet/base/error.h"
#include "movienet/base/limits.h"
#include "movienet/io/file_io.h"

namespace movienet {
namespace {

// users.dat stores occupations as codes; names as listed in the 1M README.
const char* const kOccupations[] = {
    "other",          "academic/educator",   "artist",          "clerical/admin",
    "college/grad student", "customer service", "doctor/health care", "executive/managerial",
    "farmer",         "homemaker",           "K-12 student",    "lawyer",
    "programmer",     "retired",             "sales/marketing", "scientist",
    "self-employed",  "technician/engineer", "tradesman/craftsman", "unemployed",
    "writer"};
constexpr int kOccupationCount = static_cast<int>(sizeof kOccupations / sizeof kOccupations[0]);

}  // namespace

std::vector<Movie> load_ml1m_movies(const std::string& movies_dat,
                                    std::vector<std::string>& genre_names) {
    const std::string text = latin1_or_utf8_to_utf8(read_file(movies_dat, limits::kMaxDataFileBytes));
    LineReader reader(text, movies_dat);
    detail::MovieLines parsed;
    detail::GenreCollector genres;
    std::vector<std::string_view> fields;
    std::string_view line;
    while (reader.next_nonblank(line)) {
        split_fields(line, "::", fields);
        reader.expect_fields(fields, 3);  // MovieID::Title::Genres
        Movie movie;
        movie.id = reader.parse_int32(fields[0], "movie id");
        movie.title = std::string(trim_blanks(fields[1]));
        if (movie.title.empty()) reader.fail("empty title");
        movie.year = year_from_title(movie.title);
        genres.add(reader, parsed.movies.size(), fields[2]);
        parsed.movies.push_back(std::move(movie));
        parsed.lines.push_back(reader.line_number());
    }
    if (parsed.movies.empty())
        throw Error(ErrorCode::DataFormat, movies_dat + ": no movies in the file");
    genre_names = genres.assign(parsed.movies);
    return detail::sort_unique_movies(std::move(parsed), movies_dat);
}

std::vector<UserInfo> load_ml1m_users(const std::string& users_dat) {
    const std::string text = read_file(users_dat, limits::kMaxDataFileBytes);
    LineReader reader(text, users_dat);
    detail::UserLines parsed;
    std::vector<std::string_view> fields;
    std::string_view line;
    while (reader.next_nonblank(line)) {
        split_fields(line, "::", fields);
        reader.expect_fields(fields, 5);  // UserID::Gender::Age::Occupation::Zip-code
        UserInfo user;
        user.id = reader.parse_int32(fields[0], "user id");
        const std::string_view gender = trim_blanks(fields[1]);
        if (gender != "M" && gender != "F")
            reader.fail("gender is '" + std::string(gender) + "', expected M or F");
        user.gender = gender[0];
        user.age = reader.parse_int32(fields[2], "age");
        const int32_t occupation = reader.parse_int32(fields[3], "occupation");
        if (occupation < 0 || occupation >= kOccupationCount)
            reader.fail("occupation code " + std::to_string(occupation) + " is not in 0.." +
                        std::to_string(kOccupationCount - 1));
        user.occupation = kOccupations[occupation];
        parsed.users.push_back(std::move(user));
        parsed.lines.push_back(reader.line_number());
    }
    if (parsed.users.empty())
        throw Error(ErrorCode::DataFormat, users_dat + ": no users in the file");
    return detail::sort_unique_users(std::move(parsed), users_dat);
}

namespace detail {

Dataset load_ml1m_dataset(const std::string& dir) {
    Dataset ds;
    ds.name = base_name(dir);
    ds.format = DataFormat::Ml1m;
    ds.scale = default_rating_scale(DataFormat::Ml1m);
    const std::string ratings_dat = join_path(dir, "ratings.dat");
    // Checked first: copies of 1M often ship the metadata without ratings.
    if (!file_exists(ratings_dat))
        throw Error(ErrorCode::Io, ratings_dat +
                                       ": file not found (ml-1m needs ratings.dat next to "
                                       "movies.dat and users.dat)");
    ds.movies = load_ml1m_movies(join_path(dir, "movies.dat"), ds.genre_names);
    ds.users = load_ml1m_users(join_path(dir, "users.dat"));
    const std::vector<int32_t> movie_ids = sorted_movie_ids(ds.movies);
    const std::vector<int32_t> user_ids = sorted_user_ids(ds.users);
    RatingsLayout layout;
    layout.separator = "::";
    layout.scale = ds.scale;
    layout.movie_ids = &movie_ids;
    layout.movies_file = "movies.dat";
    layout.user_ids = &user_ids;
    layout.users_file = "users.dat";
    ds.ratings = parse_ratings_file(ratings_dat, layout);
    ds.duplicates_dropped = drop_duplicate_ratings(ds.ratings);
    return ds;
}

}  // namespace detail
}  // namespace movienet
