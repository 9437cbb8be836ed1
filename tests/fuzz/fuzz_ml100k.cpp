// MovieLens 100K: '0' u.data (or u1.base...), '1' u.item, '2' u.user, '3' u.genre.
#include "checks.h"
#include "movienet/base/error.h"

using namespace movienet;

namespace {
// The real u.genre, and a u.item line that fits it, for the other files.
constexpr const char* kGenre =
    "unknown|0\nAction|1\nAdventure|2\nAnimation|3\nChildren's|4\nComedy|5\nCrime|6\nDocumentary|7\nDrama|8\n"
    "Fantasy|9\nFilm-Noir|10\nHorror|11\nMusical|12\nMystery|13\nRomance|14\nSci-Fi|15\nThriller|16\nWar|17\nWestern|18\n";
constexpr const char* kItem =
    "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static fuzz::MemFile file("u.fuzz"), genre("u.genre"), item("u.item");
    static const bool fixed = (genre.set(kGenre), item.set(kItem), true);
    (void)fixed;
    const std::string& path = file.set(fuzz::file_part(data, size));
    try {
        std::vector<std::string> genre_names;
        switch (fuzz::selector(data, size, 4)) {
            case 0: fuzz::check_ratings(load_ratings_file(path, DataFormat::Ml100k), {1, 5, 1}); break;
            case 1: fuzz::check_movies(load_ml100k_movies(path, genre.path(), genre_names), genre_names); break;
            case 2: fuzz::check_users(load_ml100k_users(path)); break;
            default: fuzz::check_movies(load_ml100k_movies(item.path(), path, genre_names), genre_names); break;
        }
    } catch (const Error&) {
    }
    return 0;
}
