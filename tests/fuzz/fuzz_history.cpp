// A viewer's history file (predict/recommend/explain --history): '0' without
// --user, '1'..'3' with --user 1..3.
#include <cmath>

#include "fuzz_file.h"
#include "movienet/base/error.h"
#include "movienet/rec/history_file.h"

using namespace movienet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const unsigned pick = fuzz::selector(data, size, 4);
    const int32_t user = pick == 0 ? -1 : static_cast<int32_t>(pick);
    try {
        for (const HistoryEntry& entry : parse_history(fuzz::file_part(data, size), "history.csv", user))
            fuzz::require(std::isfinite(entry.rating) || std::isnan(entry.rating));  // NaN: watched, not rated
    } catch (const Error&) {
    }
    return 0;
}
