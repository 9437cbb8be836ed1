#include "data_options.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/io/text.h"
#include "numbers.h"

namespace movienet::cli {

std::vector<OptionSpec> data_options(const std::string& default_split) {
    return {
        {"data", "DIR", "MovieLens directory (ml-100k, ml-1m, ml-latest layouts) or a folder with ratings.csv", "", true},
        {"format", "NAME", "ml-100k, ml-1m, ml-latest or csv (default: detected from the files)", ""},
        {"split", "SPEC", "none, u1..u5/ua/ub (official ml-100k files), fold:I/K (seeded k-fold), temporal:F (per-user latest share F)",
         default_split},
        {"split-seed", "S", "seed of the k-fold split", "1"},
    };
}

namespace {

// --split, read before any data is loaded so that a typo fails at once.
struct SplitSpec {
    enum class Kind { None, Fold, Temporal, Official } kind = Kind::None;
    long fold = 0, folds = 0;  // fold:I/K
    double fraction = 0;       // temporal:F
};

long parse_split_integer(const std::string& text, const std::string& what) {
    long value = 0;
    if (!parse_integer(text, value)) throw UsageError{what + ": '" + text + "' is not an integer"};
    return value;
}

SplitSpec parse_split(const std::string& spec) {
    SplitSpec split;
    if (spec == "none") {
        split.kind = SplitSpec::Kind::None;
    } else if (spec.rfind("fold:", 0) == 0) {
        const size_t slash = spec.find('/');
        if (slash == std::string::npos) throw UsageError{"--split " + spec + ": expected fold:I/K, e.g. fold:1/5"};
        split.kind = SplitSpec::Kind::Fold;
        split.fold = parse_split_integer(spec.substr(5, slash - 5), "--split fold index");
        split.folds = parse_split_integer(spec.substr(slash + 1), "--split fold count");
        if (split.folds < 2 || split.fold < 1 || split.fold > split.folds)
            throw UsageError{"--split " + spec + ": need 2 <= K and 1 <= I <= K"};
    } else if (spec.rfind("temporal:", 0) == 0) {
        split.kind = SplitSpec::Kind::Temporal;
        if (!parse_number(spec.substr(9), split.fraction) || !(split.fraction > 0 && split.fraction < 1))
            throw UsageError{"--split " + spec + ": F must be a number in (0, 1), e.g. temporal:0.2"};
    } else {
        split.kind = SplitSpec::Kind::Official;
    }
    return split;
}

}  // namespace

LoadedData load_data(const Args& args) {
    const std::string dir = args.get("data"), spec = args.get("split");
    const SplitSpec split = parse_split(spec);
    const uint64_t split_seed = static_cast<uint64_t>(args.get_int("split-seed", 0, 1L << 62));
    LoadedData data;
    data.dataset = args.get("format").empty() ? load_dataset(dir) : load_dataset(dir, parse_data_format(args.get("format")));
    switch (split.kind) {
    case SplitSpec::Kind::None:
        data.split.name = "none";
        data.split.train = data.dataset.ratings;
        break;
    case SplitSpec::Kind::Fold: {
        auto folds = kfold_splits(data.dataset.ratings, static_cast<int>(split.folds), split_seed);
        data.split = std::move(folds[static_cast<size_t>(split.fold - 1)]);
        break;
    }
    case SplitSpec::Kind::Temporal:
        data.split = temporal_split(data.dataset.ratings, split.fraction);
        break;
    case SplitSpec::Kind::Official:
        if (data.dataset.format != DataFormat::Ml100k)
            throw UsageError{"--split " + spec + ": official split files exist only for ml-100k (use fold:I/K or temporal:F)"};
        data.split = official_split(dir, spec);
        break;
    }
    return data;
}

std::vector<HistoryEntry> read_history(const std::string& path, int32_t user) {
    const std::string text = read_file(path);
    LineReader reader(strip_utf8_bom(text), path);
    std::vector<std::string_view> fields;
    std::vector<HistoryEntry> history;
    std::vector<int64_t> times;  // a ratings.csv's timestamps, to put the history oldest first
    bool any_line = false;
    std::string_view line;
    while (reader.next_nonblank(line)) {
        split_fields(line, ",", fields);
        double ignored;
        if (reader.line_number() == 1 && !parse_decimal(trim_blanks(fields[0]), ignored)) continue;  // header
        const bool ratings_csv = fields.size() == 4;
        if (fields.size() != 2 && !ratings_csv)
            reader.fail("expected movieId,rating (2 fields) or userId,movieId,rating,timestamp (4), got " +
                        std::to_string(fields.size()));
        if (ratings_csv && user < 0) reader.fail("a ratings.csv line: pass --user ID to pick a viewer");
        const int32_t movie = reader.parse_int32(fields[ratings_csv ? 1 : 0], "movieId");
        const float rating = reader.parse_float(fields[ratings_csv ? 2 : 1], "rating");
        any_line = true;
        if (ratings_csv && reader.parse_int32(fields[0], "userId") != user) continue;
        history.push_back({movie, rating});
        times.push_back(ratings_csv ? reader.parse_int64(fields[3], "timestamp") : 0);
    }
    if (user >= 0 && any_line && history.empty())
        throw Error(ErrorCode::BadInput, path + ": user " + std::to_string(user) + " has no ratings in this file");
    // The watch head reads the history in time order, most recent last.
    std::vector<size_t> order(history.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return times[a] < times[b]; });
    std::vector<HistoryEntry> sorted;
    sorted.reserve(history.size());
    for (size_t k : order) sorted.push_back(history[k]);
    return sorted;
}

std::vector<int32_t> parse_id_list(const std::string& text, const std::string& option) {
    std::vector<int32_t> ids;
    size_t from = 0;
    while (from <= text.size()) {
        size_t comma = text.find(',', from);
        if (comma == std::string::npos) comma = text.size();
        const std::string item = text.substr(from, comma - from);
        long id = 0;
        if (!parse_integer(item, id) || id < INT32_MIN || id > INT32_MAX)
            throw UsageError{"--" + option + ": '" + item + "' is not a movie id"};
        ids.push_back(static_cast<int32_t>(id));
        from = comma + 1;
    }
    return ids;
}

}  // namespace movienet::cli
