// MovieLens loaders on small files written by the tests themselves, in all
// four layouts, with the encodings and quirks of the real files, and one
// malformed case per check (each error names file:line and the problem).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "movienet/data/dataset.h"
#include "movienet/base/error.h"

using movienet::DataFormat;
using movienet::Dataset;
using movienet::Error;
using movienet::ErrorCode;
using movienet::Movie;
using movienet::Rating;

namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
public:
    explicit TempDir(const std::string& leaf = "") {
        static std::atomic<unsigned> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        base_ = fs::temp_directory_path() /
                ("movienet_test_dataset_" + std::to_string(stamp) + "_" + std::to_string(counter++));
        path_ = leaf.empty() ? base_ : base_ / leaf;
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(base_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string str() const { return path_.string(); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    // Bytes exactly as given: no newline translation.
    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream out(path_ / name, std::ios::binary);
        out << bytes;
    }

private:
    fs::path base_, path_;
};

// Runs `f`, which must throw movienet::Error, and returns the error.
template <typename F>
Error caught(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    FAIL("expected a movienet::Error");
    return Error(ErrorCode::BadInput, "unreachable");
}

const Movie* find_movie(const Dataset& ds, int32_t id) {
    for (const Movie& m : ds.movies)
        if (m.id == id) return &m;
    return nullptr;
}

std::vector<std::string> genre_names_of(const Dataset& ds, const Movie& m) {
    std::vector<std::string> names;
    for (int g : m.genres) names.push_back(ds.genre_names.at(static_cast<size_t>(g)));
    return names;
}

// A minimal, valid ml-100k directory: 4 genres, 4 movies (one Latin-1
// title, one with an empty date, one with a one-digit day), 3 users.
void write_ml100k(const TempDir& dir) {
    dir.write("u.genre", "unknown|0\nAction|1\nComedy|2\nDrama|3\n\n");
    dir.write("u.item",
              "1|Toy Story (1995)|01-Jan-1995||http://x/1|0|0|1|0\n"
              "2|Mis\xE9rables, Les (1995)|01-Jan-1995||http://x/2|0|0|0|1\n"
              "3|Old Film (1970)|4-Feb-1971||http://x/3|0|1|1|0\n"
              "267|unknown||||1|0|0|0\n");
    dir.write("u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n3|23|M|writer|32067\n");
    dir.write("u.data",
              "1\t1\t5\t881250949\n"
              "2\t2\t3\t891717742\n"
              "1\t3\t4\t878887116\n"
              "3\t267\t1\t880000000\n"
              "2\t1\t2\t890000000\n");
}

void write_ml_latest(const TempDir& dir) {
    dir.write("movies.csv",
              "\xEF\xBB\xBFmovieId,title,genres\r\n"
              "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\r\n"
              "11,\"American President, The (1995)\",Comedy|Drama|Romance\r\n"
              "29,\"City of Lost Children, The (Cit\xC3\xA9 des enfants perdus, La) (1995)\","
              "Adventure|Drama\r\n"
              "50,\"The \"\"Quoted\"\" Movie (2001)\",Drama\r\n"
              "60,Black Mirror,(no genres listed)\r\n"
              "70,Death Note: Desu n\xC3\xB4to (2006\xE2\x80\x93" "2007),Anime|Drama\r\n"
              "80,Runaway Brain (1995) ,Animation\r\n");
    dir.write("ratings.csv",
              "userId,movieId,rating,timestamp\r\n"
              "1,1,4.0,964982703\r\n"
              "1,11,3.5,964981247\r\n"
              "2,29,0.5,964982224\r\n"
              "2,50,5.0,964983815\r\n"
              "3,60,2.5,964982931\r\n");
}

}  // namespace

TEST_CASE("parse_data_format accepts the four names and rejects others") {
    CHECK(movienet::parse_data_format("ml-100k") == DataFormat::Ml100k);
    CHECK(movienet::parse_data_format("ml-1m") == DataFormat::Ml1m);
    CHECK(movienet::parse_data_format("ml-latest") == DataFormat::MlLatest);
    CHECK(movienet::parse_data_format("csv") == DataFormat::Csv);
    const Error e = caught([] { movienet::parse_data_format("ml-20m"); });
    CHECK(e.code() == ErrorCode::BadInput);
    CHECK(std::string(e.what()).find("ml-20m") != std::string::npos);
    CHECK(std::string(e.what()).find("ml-latest") != std::string::npos);
    for (DataFormat f : {DataFormat::Ml100k, DataFormat::Ml1m, DataFormat::MlLatest, DataFormat::Csv})
        CHECK(movienet::parse_data_format(movienet::data_format_name(f)) == f);
}

TEST_CASE("year_from_title reads a final (YYYY) or the start of a range") {
    CHECK(movienet::year_from_title("Heat (1995)") == 1995);
    CHECK(movienet::year_from_title("Runaway Brain (1995) ") == 1995);
    CHECK(movienet::year_from_title("City (Cit\xC3\xA9, La) (1995)") == 1995);
    CHECK(movienet::year_from_title("Death Note (2006\xE2\x80\x93" "2007)") == 2006);
    CHECK(movienet::year_from_title("Show (2006-2007)") == 2006);
    CHECK(movienet::year_from_title("Black Mirror") == 0);
    CHECK(movienet::year_from_title("unknown") == 0);
    CHECK(movienet::year_from_title("Film (Director's Cut)") == 0);
    CHECK(movienet::year_from_title("Film (95)") == 0);
    CHECK(movienet::year_from_title("") == 0);
}

TEST_CASE("ml-100k: ratings, Latin-1 catalogue, genres and users") {
    TempDir dir("ml-100k");
    write_ml100k(dir);
    CHECK(movienet::detect_data_format(dir.str()) == DataFormat::Ml100k);
    const Dataset ds = movienet::load_dataset(dir.str());

    CHECK(ds.name == "ml-100k");
    CHECK(ds.format == DataFormat::Ml100k);
    CHECK(ds.scale.min == 1.0f);
    CHECK(ds.scale.max == 5.0f);
    CHECK(ds.scale.step == 1.0f);
    CHECK(ds.genre_names == std::vector<std::string>{"unknown", "Action", "Comedy", "Drama"});

    REQUIRE(ds.ratings.size() == 5);
    CHECK(ds.duplicates_dropped == 0);
    // File order, raw ids, all fields.
    CHECK(ds.ratings[0].user == 1);
    CHECK(ds.ratings[0].movie == 1);
    CHECK(ds.ratings[0].rating == 5.0f);
    CHECK(ds.ratings[0].timestamp == 881250949);
    CHECK(ds.ratings[3].movie == 267);
    CHECK(ds.ratings[4].rating == 2.0f);

    REQUIRE(ds.movies.size() == 4);
    CHECK(ds.movies[0].id == 1);
    CHECK(ds.movies[3].id == 267);
    const Movie* les = find_movie(ds, 2);
    REQUIRE(les != nullptr);
    // 0xE9 (Latin-1 é) must come out as the UTF-8 pair C3 A9.
    CHECK(les->title == "Mis\xC3\xA9rables, Les (1995)");
    CHECK(les->year == 1995);
    CHECK(genre_names_of(ds, *les) == std::vector<std::string>{"Drama"});
    const Movie* old = find_movie(ds, 3);
    REQUIRE(old != nullptr);
    CHECK(old->year == 1971);  // from the release date, not the title
    CHECK(genre_names_of(ds, *old) == std::vector<std::string>{"Action", "Comedy"});
    const Movie* unknown = find_movie(ds, 267);
    REQUIRE(unknown != nullptr);
    CHECK(unknown->title == "unknown");
    CHECK(unknown->year == 0);
    CHECK(genre_names_of(ds, *unknown) == std::vector<std::string>{"unknown"});

    REQUIRE(ds.users.size() == 3);
    CHECK(ds.users[1].id == 2);
    CHECK(ds.users[1].age == 53);
    CHECK(ds.users[1].gender == 'F');
    CHECK(ds.users[1].occupation == "other");
}

TEST_CASE("ml-100k: an already UTF-8 u.item is kept as is") {
    TempDir dir("ml-100k");
    write_ml100k(dir);
    dir.write("u.item", "1|Mis\xC3\xA9rables, Les (1995)|01-Jan-1995||http://x|0|0|0|1\n"
                        "2|A|01-Jan-1995||u|0|0|0|1\n"
                        "3|B|01-Jan-1995||u|0|0|0|1\n"
                        "267|C|01-Jan-1995||u|0|0|0|1\n");
    const Dataset ds = movienet::load_dataset(dir.str(), DataFormat::Ml100k);
    CHECK(ds.movies.at(0).title == "Mis\xC3\xA9rables, Les (1995)");
}

TEST_CASE("duplicate (user, movie) ratings keep the latest timestamp, then the later line") {
    TempDir dir("ml-100k");
    write_ml100k(dir);
    dir.write("u.data",
              "1\t1\t5\t900\n"   // newer than the line below: kept
              "1\t1\t2\t100\n"   // dropped
              "2\t2\t3\t500\n"   // same timestamp as the next: dropped
              "3\t3\t4\t700\n"
              "2\t2\t1\t500\n"); // later line on a tie: kept
    const Dataset ds = movienet::load_dataset(dir.str());
    CHECK(ds.duplicates_dropped == 2);
    REQUIRE(ds.ratings.size() == 3);
    // Survivors stay in file order.
    CHECK(ds.ratings[0].rating == 5.0f);
    CHECK(ds.ratings[1].user == 3);
    CHECK(ds.ratings[2].user == 2);
    CHECK(ds.ratings[2].rating == 1.0f);

    std::vector<Rating> none = {{1, 1, 3.0f, 1}, {1, 2, 3.0f, 1}, {2, 1, 3.0f, 1}};
    CHECK(movienet::drop_duplicate_ratings(none) == 0);
    CHECK(none.size() == 3);
}

TEST_CASE("ml-1m: Latin-1 movies, coded users, and a clear error without ratings.dat") {
    TempDir dir("ml-1m");
    dir.write("movies.dat",
              "1::Toy Story (1995)::Animation|Children's|Comedy\n"
              "73::Mis\xE9rables, Les (1995)::Drama|Musical\n"
              "2::Jumanji (1995)::Adventure|Children's|Fantasy\n");
    dir.write("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");

    SUBCASE("metadata loads on its own") {
        std::vector<std::string> genres;
        const std::vector<Movie> movies = movienet::load_ml1m_movies(dir.file("movies.dat"), genres);
        CHECK(genres == std::vector<std::string>{"Adventure", "Animation", "Children's", "Comedy",
                                                 "Drama", "Fantasy", "Musical"});
        REQUIRE(movies.size() == 3);
        CHECK(movies[0].id == 1);
        CHECK(movies[1].id == 2);
        CHECK(movies[2].id == 73);
        CHECK(movies[2].title == "Mis\xC3\xA9rables, Les (1995)");
        CHECK(movies[2].year == 1995);
        CHECK(movies[0].genres == std::vector<int>{1, 2, 3});

        const auto users = movienet::load_ml1m_users(dir.file("users.dat"));
        REQUIRE(users.size() == 2);
        CHECK(users[0].gender == 'F');
        CHECK(users[0].age == 1);
        CHECK(users[0].occupation == "K-12 student");
        CHECK(users[1].occupation == "self-employed");
    }
    SUBCASE("load_dataset names the missing ratings.dat") {
        CHECK(movienet::detect_data_format(dir.str()) == DataFormat::Ml1m);
        const Error e = caught([&] { movienet::load_dataset(dir.str()); });
        CHECK(e.code() == ErrorCode::Io);
        CHECK(std::string(e.what()).find(dir.file("ratings.dat")) != std::string::npos);
    }
    SUBCASE("with ratings.dat the whole set loads") {
        dir.write("ratings.dat", "1::1::5::978300760\n1::73::3::978302109\n2::2::4::978301968\n");
        const Dataset ds = movienet::load_dataset(dir.str());
        CHECK(ds.format == DataFormat::Ml1m);
        CHECK(ds.name == "ml-1m");
        CHECK(ds.ratings.size() == 3);
        CHECK(ds.ratings[1].movie == 73);
        CHECK(ds.ratings[2].timestamp == 978301968);
        CHECK(ds.movies.size() == 3);
        CHECK(ds.users.size() == 2);
    }
}

TEST_CASE("ml-latest: BOM, CRLF, quoted titles, half stars, no-genre movies") {
    TempDir dir("ml-latest-small");
    write_ml_latest(dir);
    CHECK(movienet::detect_data_format(dir.str()) == DataFormat::MlLatest);
    const Dataset ds = movienet::load_dataset(dir.str());
    CHECK(ds.name == "ml-latest-small");
    CHECK(ds.scale.min == 0.5f);
    CHECK(ds.scale.step == 0.5f);
    CHECK(ds.users.empty());

    REQUIRE(ds.ratings.size() == 5);
    CHECK(ds.ratings[1].rating == 3.5f);
    CHECK(ds.ratings[2].rating == 0.5f);
    CHECK(ds.ratings[4].timestamp == 964982931);

    REQUIRE(ds.movies.size() == 7);
    CHECK(ds.movies[0].id == 1);  // the BOM did not end up in the header or the first id
    CHECK(find_movie(ds, 11)->title == "American President, The (1995)");
    CHECK(find_movie(ds, 29)->title ==
          "City of Lost Children, The (Cit\xC3\xA9 des enfants perdus, La) (1995)");
    CHECK(find_movie(ds, 50)->title == "The \"Quoted\" Movie (2001)");
    CHECK(find_movie(ds, 50)->year == 2001);
    const Movie* mirror = find_movie(ds, 60);
    CHECK(mirror->title == "Black Mirror");
    CHECK(mirror->year == 0);
    CHECK(mirror->genres.empty());
    CHECK(find_movie(ds, 70)->year == 2006);
    CHECK(find_movie(ds, 80)->title == "Runaway Brain (1995)");
    CHECK(find_movie(ds, 80)->year == 1995);
    // No carriage return survived in any title or genre.
    for (const Movie& m : ds.movies) CHECK(m.title.find('\r') == std::string::npos);
    CHECK(ds.genre_names == std::vector<std::string>{"Adventure", "Animation", "Anime", "Children",
                                                     "Comedy", "Drama", "Fantasy", "Romance"});
    CHECK(genre_names_of(ds, *find_movie(ds, 11)) ==
          std::vector<std::string>{"Comedy", "Drama", "Romance"});
}

TEST_CASE("ml-latest: LF line endings load the same as CRLF") {
    TempDir lf;
    lf.write("movies.csv", "movieId,title,genres\n1,\"A, B (1999)\",Drama\n");
    lf.write("ratings.csv", "userId,movieId,rating,timestamp\n7,1,4.5,10\n");
    const Dataset ds = movienet::load_dataset(lf.str(), DataFormat::MlLatest);
    REQUIRE(ds.movies.size() == 1);
    CHECK(ds.movies[0].title == "A, B (1999)");
    CHECK(ds.ratings.at(0).rating == 4.5f);
}

TEST_CASE("generic CSV: optional header, optional timestamp, tabs, custom scale") {
    TempDir dir;
    SUBCASE("no header, three fields, no catalogue") {
        dir.write("my ratings.csv", "10,100,4\n10,200,5\n20,100,1\n");
        const Dataset ds =
            movienet::load_csv_dataset(dir.file("my ratings.csv"), "", {1.0f, 5.0f, 1.0f});
        CHECK(ds.name == "my ratings");
        CHECK(ds.format == DataFormat::Csv);
        REQUIRE(ds.ratings.size() == 3);
        CHECK(ds.ratings[2].user == 20);
        CHECK(ds.ratings[2].timestamp == 0);
        CHECK(ds.movies.empty());
    }
    SUBCASE("header, tab-separated, ten-point scale") {
        dir.write("r.tsv", "user\titem\tscore\ttime\n1\t2\t10\t5\n1\t3\t7\t6\n");
        const Dataset ds = movienet::load_csv_dataset(dir.file("r.tsv"), "", {1.0f, 10.0f, 1.0f});
        REQUIRE(ds.ratings.size() == 2);
        CHECK(ds.ratings[0].rating == 10.0f);
        CHECK(ds.ratings[1].timestamp == 6);
    }
    SUBCASE("with a movies file, checked against it") {
        dir.write("r.csv", "1,2,3.5,1\n");
        dir.write("m.csv", "2,\"Title, With Comma (2010)\",Drama|Comedy\n");
        const Dataset ds = movienet::load_csv_dataset(dir.file("r.csv"), dir.file("m.csv"),
                                                      {0.5f, 5.0f, 0.5f});
        REQUIRE(ds.movies.size() == 1);
        CHECK(ds.movies[0].year == 2010);
        CHECK(ds.genre_names == std::vector<std::string>{"Comedy", "Drama"});
        dir.write("r.csv", "1,2,3.5,1\n1,3,4,2\n");
        CHECK_THROWS_WITH_AS(movienet::load_csv_dataset(dir.file("r.csv"), dir.file("m.csv"),
                                                        {0.5f, 5.0f, 0.5f}),
                             doctest::Contains("r.csv:2: rating for unknown movie id 3"), Error);
    }
    SUBCASE("load_dataset with the csv format reads DIR/ratings.csv") {
        dir.write("ratings.csv", "1,2,3.5\n");
        const Dataset ds = movienet::load_dataset(dir.str(), DataFormat::Csv);
        CHECK(ds.ratings.size() == 1);
        CHECK(ds.movies.empty());
    }
    SUBCASE("an impossible scale is a bad input") {
        dir.write("r.csv", "1,2,3\n");
        const Error e = caught(
            [&] { movienet::load_csv_dataset(dir.file("r.csv"), "", {5.0f, 1.0f, 1.0f}); });
        CHECK(e.code() == ErrorCode::BadInput);
    }
}

TEST_CASE("load_ratings_file reads one split-style file raw") {
    TempDir dir;
    dir.write("u1.base", "1\t1\t5\t10\n1\t1\t4\t20\n");
    const auto ratings = movienet::load_ratings_file(dir.file("u1.base"), DataFormat::Ml100k);
    CHECK(ratings.size() == 2);  // duplicates are not dropped here
    dir.write("r.dat", "1::2::3::4\n");
    CHECK(movienet::load_ratings_file(dir.file("r.dat"), DataFormat::Ml1m).at(0).movie == 2);
}

TEST_CASE("detect_data_format reports what it looked for") {
    TempDir dir;
    dir.write("notes.txt", "nothing here\n");
    const Error e = caught([&] { movienet::detect_data_format(dir.str()); });
    CHECK(e.code() == ErrorCode::DataFormat);
    const std::string msg = e.what();
    CHECK(msg.find("u.data") != std::string::npos);
    CHECK(msg.find("ratings.dat") != std::string::npos);
    CHECK(msg.find("ratings.csv") != std::string::npos);

    const Error missing = caught([&] { movienet::load_dataset(dir.file("no-such-dir")); });
    CHECK(missing.code() == ErrorCode::Io);
    CHECK(std::string(missing.what()).find("no-such-dir") != std::string::npos);
}

TEST_CASE("malformed ml-100k files name file:line and the problem") {
    TempDir dir("ml-100k");
    write_ml100k(dir);
    const std::string d = dir.str();
    auto load = [&] { movienet::load_dataset(d); };

    SUBCASE("wrong field count") {
        dir.write("u.data", "1\t1\t5\t1\n2\t2\t3\t2\n1\t3\t4\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.data:3: expected 4 fields, got 3"), Error);
    }
    SUBCASE("non-numeric rating") {
        dir.write("u.data", "1\t1\tfive\t1\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.data:1: rating is not a number: 'five'"),
                             Error);
    }
    SUBCASE("non-numeric user id") {
        dir.write("u.data", "1\t1\t5\t1\n\n1x\t1\t5\t1\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.data:3: user id is not a number: '1x'"),
                             Error);
    }
    SUBCASE("rating outside the scale") {
        dir.write("u.data", "1\t1\t5\t1\n1\t2\t6\t1\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.data:2: rating 6 is outside the scale 1..5"),
                             Error);
    }
    SUBCASE("rating off the whole-star grid") {
        dir.write("u.data", "1\t1\t3.5\t1\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.data:1: rating 3.5 is not a multiple of 1"),
                             Error);
    }
    SUBCASE("rating for a movie not in u.item") {
        dir.write("u.data", "1\t1\t5\t1\n1\t999\t4\t1\n");
        CHECK_THROWS_WITH_AS(
            load(), doctest::Contains("u.data:2: rating for unknown movie id 999 (not in u.item)"),
            Error);
    }
    SUBCASE("rating by a user not in u.user") {
        dir.write("u.data", "44\t1\t5\t1\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.data:1: rating by unknown user id 44"),
                             Error);
    }
    SUBCASE("empty ratings file") {
        dir.write("u.data", "\n\n");
        const Error e = caught(load);
        CHECK(e.code() == ErrorCode::DataFormat);
        CHECK(std::string(e.what()).find("u.data: no ratings") != std::string::npos);
    }
    SUBCASE("missing u.item") {
        fs::remove(dir.file("u.item"));
        const Error e = caught(load);
        CHECK(e.code() == ErrorCode::Io);
        CHECK(std::string(e.what()).find(dir.file("u.item")) != std::string::npos);
    }
    SUBCASE("genre flag that is not 0/1") {
        dir.write("u.item", "1|A (1995)|01-Jan-1995||u|0|2|0|0\n");
        CHECK_THROWS_WITH_AS(load(),
                             doctest::Contains("u.item:1: genre flag 2 (Action) is '2', expected 0 or 1"),
                             Error);
    }
    SUBCASE("u.item with too few genre flags") {
        dir.write("u.item", "1|A (1995)|01-Jan-1995||u|0|1|0\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.item:1: expected 9 fields, got 8"), Error);
    }
    SUBCASE("bad release date") {
        dir.write("u.item", "1|A (1995)|1995-01-01||u|0|1|0|0\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.item:1: release date"), Error);
    }
    SUBCASE("duplicate movie id") {
        dir.write("u.item", "1|A|01-Jan-1995||u|0|1|0|0\n2|B|01-Jan-1995||u|0|1|0|0\n"
                            "1|C|01-Jan-1995||u|0|1|0|0\n");
        CHECK_THROWS_WITH_AS(load(),
                             doctest::Contains("u.item:3: duplicate movie id 1 (first on line 1)"),
                             Error);
    }
    SUBCASE("u.genre out of order") {
        dir.write("u.genre", "unknown|0\nAction|2\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.genre:2: genre index 2 out of order"),
                             Error);
    }
    SUBCASE("bad gender in u.user") {
        dir.write("u.user", "1|24|X|technician|85711\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("u.user:1: gender is 'X'"), Error);
    }
}

TEST_CASE("malformed ml-latest and ml-1m files name file:line and the problem") {
    TempDir dir;
    write_ml_latest(dir);
    const std::string d = dir.str();
    auto load = [&] { movienet::load_dataset(d, DataFormat::MlLatest); };

    SUBCASE("half-star grid") {
        dir.write("ratings.csv", "userId,movieId,rating,timestamp\r\n1,1,4.0,1\r\n1,11,3.25,1\r\n");
        CHECK_THROWS_WITH_AS(
            load(), doctest::Contains("ratings.csv:3: rating 3.25 is not a multiple of 0.5 from 0.5"),
            Error);
    }
    SUBCASE("zero stars are outside the scale") {
        dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,0,1\n");
        CHECK_THROWS_WITH_AS(load(),
                             doctest::Contains("ratings.csv:2: rating 0 is outside the scale 0.5..5"),
                             Error);
    }
    SUBCASE("unknown movie") {
        dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,1\n1,2,4,1\n");
        CHECK_THROWS_WITH_AS(
            load(), doctest::Contains("ratings.csv:3: rating for unknown movie id 2 (not in movies.csv)"),
            Error);
    }
    SUBCASE("wrong field count") {
        dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,1,extra\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("ratings.csv:2: expected 4 fields, got 5"),
                             Error);
    }
    SUBCASE("non-numeric timestamp") {
        dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,yesterday\n");
        CHECK_THROWS_WITH_AS(load(),
                             doctest::Contains("ratings.csv:2: timestamp is not a number: 'yesterday'"),
                             Error);
    }
    SUBCASE("header only") {
        dir.write("ratings.csv", "userId,movieId,rating,timestamp\r\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("ratings.csv: no ratings"), Error);
    }
    SUBCASE("invalid UTF-8 in movies.csv") {
        dir.write("movies.csv", "movieId,title,genres\n1,Fine (1995),Drama\n2,Mis\xE9rables (1995),Drama\n");
        CHECK_THROWS_WITH_AS(
            load(), doctest::Contains("movies.csv:3: invalid UTF-8 (byte 0xE9 at column 6)"), Error);
    }
    SUBCASE("unterminated quote") {
        dir.write("movies.csv", "movieId,title,genres\n1,\"Open (1995),Drama\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("movies.csv:2: unterminated quoted field"),
                             Error);
    }
    SUBCASE("empty genre between bars") {
        dir.write("movies.csv", "movieId,title,genres\n1,A (1995),Drama||Comedy\n");
        CHECK_THROWS_WITH_AS(load(), doctest::Contains("movies.csv:2: empty genre name"), Error);
    }
    SUBCASE("missing movies.csv") {
        fs::remove(dir.file("movies.csv"));
        const Error e = caught(load);
        CHECK(e.code() == ErrorCode::Io);
        CHECK(std::string(e.what()).find(dir.file("movies.csv")) != std::string::npos);
    }
    SUBCASE("ml-1m: occupation code out of range") {
        dir.write("users.dat", "1::F::1::10::48067\n2::M::56::21::70072\n");
        CHECK_THROWS_WITH_AS(movienet::load_ml1m_users(dir.file("users.dat")),
                             doctest::Contains("users.dat:2: occupation code 21 is not in 0..20"),
                             Error);
    }
    SUBCASE("ml-1m: wrong separator count in movies.dat") {
        dir.write("movies.dat", "1::Toy Story (1995)::Comedy\n2::Jumanji (1995)\n");
        std::vector<std::string> genres;
        CHECK_THROWS_WITH_AS(movienet::load_ml1m_movies(dir.file("movies.dat"), genres),
                             doctest::Contains("movies.dat:2: expected 3 fields, got 2"), Error);
    }
}
