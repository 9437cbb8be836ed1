// MovieLens "latest" CSV: '0' ratings.csv, '1' movies.csv.
#include "checks.h"
#include "movienet/base/error.h"

using namespace movienet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static fuzz::MemFile file("latest.csv");
    const std::string& path = file.set(fuzz::file_part(data, size));
    try {
        std::vector<std::string> genre_names;
        switch (fuzz::selector(data, size, 2)) {
            case 0: fuzz::check_ratings(load_ratings_file(path, DataFormat::MlLatest), {0.5f, 5, 0.5f}); break;
            default: fuzz::check_movies(load_movies_csv(path, genre_names), genre_names); break;
        }
    } catch (const Error&) {
    }
    return 0;
}
