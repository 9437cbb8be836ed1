// Hostile and careless inputs to the data readers (issue #14): size limits
// checked before reading and while reading streams, files that are no text of
// lines named as such, leftover temporaries of killed saves, and the history
// file parser the CLI uses.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>

#include "error_check.h"
#include "movienet/base/limits.h"
#include "movienet/data/dataset.h"
#include "movienet/io/file_io.h"
#include "movienet/rec/history_file.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

// A sparse file of `size` bytes: costs no disk and no time.
void make_sparse(const std::string& path, uint64_t size) {
    write_file_atomically(path, "");
    REQUIRE(::truncate(path.c_str(), static_cast<off_t>(size)) == 0);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void age_file(const std::string& path, long seconds) {
    const timeval then{static_cast<time_t>(::time(nullptr) - seconds), 0};
    const timeval times[2] = {then, then};
    REQUIRE(::utimes(path.c_str(), times) == 0);
}

}  // namespace

TEST_CASE("read_file with a limit: the file size is checked before reading, a stream while reading") {
    TempDir dir;
    write_file_atomically(dir.file("ten.txt"), "0123456789");
    CHECK(read_file(dir.file("ten.txt"), 10) == "0123456789");
    CHECK_MOVIENET_ERROR(read_file(dir.file("ten.txt"), 9), ErrorCode::BadInput,
                         "ten.txt: the file is 10 bytes, larger than the limit of 9 bytes");
    // /dev/zero never ends: reading stops one byte past the limit.
    CHECK_MOVIENET_ERROR(read_file("/dev/zero", 1000), ErrorCode::BadInput,
                         "/dev/zero: the stream is larger than the limit of 1000 bytes");
    CHECK(read_file("/dev/null", 0).empty());
}

TEST_CASE("data files above limits::kMaxDataFileBytes are refused before they are read") {
    TempDir dir;
    make_sparse(dir.file("ratings.csv"), limits::kMaxDataFileBytes + 1);
    const auto start = std::chrono::steady_clock::now();
    CHECK_MOVIENET_ERROR(load_ratings_file(dir.file("ratings.csv"), DataFormat::MlLatest), ErrorCode::BadInput,
                         "ratings.csv: the file is 2147483649 bytes, larger than the limit of 2147483648 bytes");
    make_sparse(dir.file("u.item"), limits::kMaxDataFileBytes + 1);
    std::vector<std::string> genres;
    CHECK_MOVIENET_ERROR(load_ml100k_movies(dir.file("u.item"), dir.file("u.item"), genres), ErrorCode::BadInput,
                         "larger than the limit");
    CHECK(seconds_since(start) < 1.0);
}

TEST_CASE("history files: /dev/zero and oversized files fail fast, and the parser keeps the CLI rules") {
    TempDir dir;
    const auto start = std::chrono::steady_clock::now();
    CHECK_MOVIENET_ERROR(read_history_file("/dev/zero"), ErrorCode::BadInput,
                         "/dev/zero: the stream is larger than the limit of 67108864 bytes");
    make_sparse(dir.file("big.csv"), limits::kMaxHistoryFileBytes + 1);
    CHECK_MOVIENET_ERROR(read_history_file(dir.file("big.csv")), ErrorCode::BadInput, "larger than the limit");
    CHECK(seconds_since(start) < 10.0);  // one 64 MiB read, even under the sanitizers

    const auto plain = parse_history("movieId,rating\n1,5\n\n2,4.5\n", "h.csv");
    REQUIRE(plain.size() == 2);
    CHECK(plain[1].movie == 2);
    CHECK(plain[1].rating == 4.5f);
    const auto user = parse_history("userId,movieId,rating,timestamp\n7,10,4,300\n8,11,3,1\n7,12,2,100\n", "r.csv", 7);
    REQUIRE(user.size() == 2);
    CHECK(user[0].movie == 12);  // oldest first
    CHECK(parse_history("movieId,rating\n", "h.csv").empty());
    CHECK_MOVIENET_ERROR(parse_history("1,2,3,4\n", "r.csv"), ErrorCode::DataFormat, "pass --user ID");
    CHECK_MOVIENET_ERROR(parse_history("7,10,4,300\n", "r.csv", 9), ErrorCode::BadInput, "user 9 has no ratings");
    CHECK_MOVIENET_ERROR(parse_history("movieId,rating\r1,5\r2,4\r", "h.csv"), ErrorCode::DataFormat,
                         "h.csv: no history lines in the file: its lines end in CR alone");
    CHECK_MOVIENET_ERROR(parse_history(std::string(64, '\0'), "h.csv"), ErrorCode::DataFormat,
                         "h.csv: no history lines in the file: it holds NUL bytes (the first at line 1, column 1)");
}

TEST_CASE("a CR-only or NUL-only ratings.csv names the line ending or the byte") {
    TempDir dir;
    write_file_atomically(dir.file("cr.csv"), "userId,movieId,rating,timestamp\r1,1,4.0,964982703\r1,3,4.0,964981247\r");
    CHECK_MOVIENET_ERROR(load_ratings_file(dir.file("cr.csv"), DataFormat::MlLatest), ErrorCode::DataFormat,
                         "cr.csv: no ratings in the file: its lines end in CR alone (classic Mac OS): convert them to LF or CRLF");
    write_file_atomically(dir.file("nul.csv"), std::string(100, '\0'));
    CHECK_MOVIENET_ERROR(load_csv_dataset(dir.file("nul.csv"), "", {0.5f, 5.0f, 0.5f}), ErrorCode::DataFormat,
                         "nul.csv: no ratings in the file: it holds NUL bytes (the first at line 1, column 1): not a text file?");
    write_file_atomically(dir.file("movies.csv"), "movieId,title,genres\r1,Heat (1995),Action\r");
    std::vector<std::string> genres;
    CHECK_MOVIENET_ERROR(load_movies_csv(dir.file("movies.csv"), genres), ErrorCode::DataFormat,
                         "movies.csv: no movies in the file: its lines end in CR alone");
    // An ordinary empty file keeps its plain message.
    write_file_atomically(dir.file("empty.csv"), "userId,movieId,rating,timestamp\n");
    CHECK_MOVIENET_ERROR(load_ratings_file(dir.file("empty.csv"), DataFormat::MlLatest), ErrorCode::DataFormat,
                         "empty.csv: no ratings in the file");
}

TEST_CASE("a save removes the stale temporaries a killed save of the same target left, not live ones") {
    TempDir dir;
    const std::string target = dir.file("model.json");
    const std::string stale = dir.file(".model.json.movienet-tmp-AbC123");
    const std::string fresh = dir.file(".model.json.movienet-tmp-XyZ789");
    const std::string other = dir.file(".other.json.movienet-tmp-AbC123");
    for (const auto& path : {stale, fresh, other}) write_file_atomically(path, "partial");
    age_file(stale, kStaleTemporarySeconds + 60);
    age_file(other, kStaleTemporarySeconds + 60);
    write_file_atomically(target, "new");
    CHECK(dir.entries() == std::vector<std::string>{".model.json.movienet-tmp-XyZ789", ".other.json.movienet-tmp-AbC123",
                                                    "model.json"});
    age_file(fresh, kStaleTemporarySeconds + 60);
    CHECK(remove_stale_temporaries(target) == std::vector<std::string>{fresh});
    CHECK(read_file(target) == "new");
}

TEST_CASE("check_writable fails now for a path that could not be saved, and leaves nothing behind") {
    TempDir dir;
    check_writable(dir.file("ok.json"));
    CHECK(dir.entries().empty());
    CHECK_MOVIENET_ERROR(check_writable(dir.file("missing/model.json")), ErrorCode::Io,
                         "missing/model.json: cannot be written: No such file or directory");
    CHECK_MOVIENET_ERROR(check_writable(dir.path()), ErrorCode::Io, "cannot be written: it is a directory");
}
