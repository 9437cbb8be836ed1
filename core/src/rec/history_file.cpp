#include "movienet/rec/history_file.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "movienet/base/error.h"
#include "movienet/base/limits.h"
#include "movienet/io/file_io.h"
#include "movienet/io/text.h"

namespace movienet {

std::vector<HistoryEntry> parse_history(std::string_view text, const std::string& source, int32_t user) {
    LineReader reader(strip_utf8_bom(text), source);
    std::vector<std::string_view> fields;
    std::vector<HistoryEntry> history;
    std::vector<int64_t> times;  // a ratings.csv's timestamps, to put the history oldest first
    bool any_line = false;
    std::string_view line;
    while (reader.next_nonblank(line)) {
        split_fields(line, ",", fields);
        double ignored;
        if (reader.line_number() == 1 && !parse_decimal(trim_blanks(fields[0]), ignored)) continue;  // header
        // 1-2 fields: movieId[,rating]; 3: an events.csv line without ratings
        // (userId,movieId,timestamp); 4: userId,movieId,rating,timestamp.
        const size_t n = fields.size();
        if (n > 4)
            reader.fail("expected movieId,rating (2 fields; the rating may be left out), userId,movieId,timestamp (3) "
                        "or userId,movieId,rating,timestamp (4), got " + std::to_string(n));
        const bool ratings_csv = n >= 3;
        if (ratings_csv && user < 0) reader.fail("a ratings.csv or events.csv line: pass --user ID to pick a viewer");
        const int32_t movie = reader.parse_int32(fields[ratings_csv ? 1 : 0], "movieId");
        // An empty or absent rating: watched, not rated (the watch head reads it, the rating model does not).
        const size_t rating_field = n == 4 ? 2 : n == 2 ? 1 : 0;
        const float rating = rating_field && !trim_blanks(fields[rating_field]).empty()
                                 ? reader.parse_float(fields[rating_field], "rating")
                                 : std::numeric_limits<float>::quiet_NaN();
        any_line = true;
        if (ratings_csv && reader.parse_int32(fields[0], "userId") != user) continue;
        history.push_back({movie, rating});
        times.push_back(ratings_csv ? reader.parse_int64(fields[n - 1], "timestamp") : 0);
    }
    if (!any_line) {
        // A header alone is an empty history; a file that is no text of lines is an error.
        const std::string why = describe_unreadable_text(text);
        if (!why.empty()) throw Error(ErrorCode::DataFormat, source + ": no history lines in the file: " + why);
    }
    if (user >= 0 && any_line && history.empty())
        throw Error(ErrorCode::BadInput, source + ": user " + std::to_string(user) + " has no ratings in this file");
    // The watch head reads the history in time order, most recent last.
    std::vector<size_t> order(history.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return times[a] < times[b]; });
    std::vector<HistoryEntry> sorted;
    sorted.reserve(history.size());
    for (size_t k : order) sorted.push_back(history[k]);
    return sorted;
}

std::vector<HistoryEntry> read_history_file(const std::string& path, int32_t user) {
    return parse_history(read_file(path, limits::kMaxHistoryFileBytes), path, user);
}

}  // namespace movienet
