// A viewer's history file, as `movienet predict --history FILE` reads it:
// "movieId,rating" per line (optional header), most recent last, or
// ml-latest ratings.csv / events.csv lines (userId,movieId,rating,timestamp,
// or userId,movieId,timestamp) of the user given, put in timestamp order.
// A rating left out ("movieId" alone) or empty ("movieId," or "1,2,,964982703")
// is a movie watched but not rated: a NaN HistoryEntry::rating.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "movienet/rec/history.h"

namespace movienet {

// Parses the text of a history file; `source` names it in errors
// (Error(DataFormat, "<source>:<line>: ...")). `user` < 0: no user given, and
// a ratings.csv line is an error. Error(BadInput) when `user` matches no line.
std::vector<HistoryEntry> parse_history(std::string_view text, const std::string& source, int32_t user = -1);

// Reads and parses a history file of at most limits::kMaxHistoryFileBytes.
std::vector<HistoryEntry> read_history_file(const std::string& path, int32_t user = -1);

}  // namespace movienet
