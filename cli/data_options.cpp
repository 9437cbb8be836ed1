#include "data_options.h"

#include <algorithm>
#include <cstdint>

#include "movienet/base/error.h"
#include "movienet/rec/history_file.h"
#include "numbers.h"

namespace movienet::cli {

std::vector<OptionSpec> data_options(const std::string& default_split) {
    return {
        {"data", "DIR", "MovieLens directory (ml-100k, ml-1m, ml-latest layouts), a folder with ratings.csv, or one with "
                        "events.csv (userId,movieId[,rating],timestamp; ratings optional) and movies.csv", "", true},
        {"format", "NAME", "ml-100k, ml-1m, ml-latest, csv or events (default: detected from the files)", ""},
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

std::vector<HistoryEntry> read_history(const std::string& path, int32_t user) { return read_history_file(path, user); }

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
