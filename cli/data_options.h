// Options shared by the commands that read MovieLens data: --data, --format, --split.
#pragma once

#include <string>
#include <vector>

#include "args.h"
#include "movienet/data/catalogue.h"
#include "movienet/data/dataset.h"
#include "movienet/data/split.h"
#include "movienet/rec/history.h"

namespace movienet::cli {

std::vector<OptionSpec> data_options(const std::string& default_split);

struct LoadedData {
    Dataset dataset;
    Split split;  // train/test; test is empty for --split none
};

// --split: none | u1..u5, ua, ub (ml-100k official files) | fold:I/K (seeded k-fold) | temporal:F (per-user last F).
LoadedData load_data(const Args& args);

// A viewer's history file: "movieId,rating" per line (optional header), most
// recent last, or ml-latest ratings.csv lines (userId,movieId,rating,timestamp)
// with --user, put in timestamp order. Error(BadInput) when --user matches no line.
std::vector<HistoryEntry> read_history(const std::string& path, int32_t user = -1);

std::vector<int32_t> parse_id_list(const std::string& text, const std::string& option);

}  // namespace movienet::cli
