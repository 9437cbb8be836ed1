// MovieLens "latest" CSV: '0' ratings.csv, '1' movies.csv; and '2' a watch-events
// file (events.csv: ids >= 0, ratings optional, timestamps required).
#include "checks.h"
#include "movienet/base/error.h"

using namespace movienet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static fuzz::MemFile file("latest.csv");
    const std::string& path = file.set(fuzz::file_part(data, size));
    try {
        std::vector<std::string> genre_names;
        switch (fuzz::selector(data, size, 3)) {
            case 0: fuzz::check_ratings(load_ratings_file(path, DataFormat::MlLatest), {0.5f, 5, 0.5f}); break;
            case 2: {
                const std::vector<Rating> events = load_events_file(path, {0.5f, 5, 0.5f});
                for (const Rating& r : events) fuzz::require(r.user >= 0 && r.movie >= 0);
                fuzz::check_ratings(events, {0.5f, 5, 0.5f});
                break;
            }
            default: fuzz::check_movies(load_movies_csv(path, genre_names), genre_names); break;
        }
    } catch (const Error&) {
    }
    return 0;
}
