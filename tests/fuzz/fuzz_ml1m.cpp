// MovieLens 1M: '0' ratings.dat, '1' movies.dat, '2' users.dat.
#include "checks.h"
#include "movienet/base/error.h"

using namespace movienet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static fuzz::MemFile file("ml1m.dat");
    const std::string& path = file.set(fuzz::file_part(data, size));
    try {
        std::vector<std::string> genre_names;
        switch (fuzz::selector(data, size, 3)) {
            case 0: fuzz::check_ratings(load_ratings_file(path, DataFormat::Ml1m), {1, 5, 1}); break;
            case 1: fuzz::check_movies(load_ml1m_movies(path, genre_names), genre_names); break;
            default: fuzz::check_users(load_ml1m_users(path)); break;
        }
    } catch (const Error&) {
    }
    return 0;
}
