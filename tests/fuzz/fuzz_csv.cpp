// A generic ratings CSV (user,item,rating[,timestamp], ',' or tab, optional
// header), loaded as a dataset: duplicates dropped, ids checked.
#include <algorithm>

#include "checks.h"
#include "movienet/base/error.h"

using namespace movienet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static fuzz::MemFile file("ratings.csv");
    const std::string& path = file.set(std::string_view(reinterpret_cast<const char*>(data), size));
    try {
        const Dataset ds = load_csv_dataset(path, "", {0.5f, 5.0f, 0.5f});
        fuzz::check_ratings(ds.ratings, ds.scale);
        // After dropping duplicates, every (user, movie) pair is unique.
        std::vector<std::pair<int32_t, int32_t>> pairs;
        for (const Rating& r : ds.ratings) pairs.emplace_back(r.user, r.movie);
        std::sort(pairs.begin(), pairs.end());
        fuzz::require(std::adjacent_find(pairs.begin(), pairs.end()) == pairs.end());
    } catch (const Error&) {
    }
    return 0;
}
