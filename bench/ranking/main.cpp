// Ranking benchmark (issue #9): how well each method puts the movie a viewer
// watched next at the top. Per data set, each viewer's latest rating is held
// out (leave-latest-out); every method fits on the remaining ratings and
// scores the whole catalogue for each viewer; the held-out movie is ranked
// among all movies the viewer has not rated (Recall@10, NDCG@10) and among
// 100 sampled unrated movies (NCF's HR@10, NDCG@10), with the evaluation code
// `movienet eval` uses (movienet/rec/ranking_metrics.h).
//
//   ranking [DATA_DIR...]
// DATA_DIR: any MovieLens layout the loaders detect. Default: $MOVIENET_DATA
// (several separated by ':'), else ../shared/datasets/ml-100k and
// data/ml-latest-small under the repository root, those present.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "baselines.h"
#include "ease_ranker.h"
#include "movienet/base/error.h"
#include "movienet_ranker.h"
#include "ranker.h"

using namespace movienet;
using namespace movienet::bench;

namespace {

constexpr uint64_t seed = 1;  // negatives, validation holdout, random scores, training
constexpr int k = 10;

// The table's rows, in order. A new method is one more entry: a name and a
// fit function returning a scorer of the whole catalogue (see ranker.h).
std::vector<Ranker> rankers() {
    return {random_ranker(), popular_ranker(), ease_ranker(), movienet_ranker()};
}

// The row the summary line reports as "movienet": what `recommend` does by default.
constexpr const char* movienet_row = movienet_default_row;

struct RowResult {
    std::string name;
    CatalogueRankingResult metrics;
    double fit_seconds = 0, score_seconds = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool is_directory(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::vector<std::string> data_dirs(int argc, char** argv) {
    std::vector<std::string> dirs(argv + 1, argv + argc);
    if (!dirs.empty()) return dirs;
    if (const char* env = std::getenv("MOVIENET_DATA"); env && *env) {
        std::string list = env;
        for (size_t from = 0; from <= list.size();) {
            const size_t colon = std::min(list.find(':', from), list.size());
            if (colon > from) dirs.push_back(list.substr(from, colon - from));
            from = colon + 1;
        }
        return dirs;
    }
    const std::string root = MOVIENET_SOURCE_DIR;
    for (const char* relative : {"/../shared/datasets/ml-100k", "/data/ml-latest-small"})
        if (is_directory(root + relative)) dirs.push_back(root + relative);
    return dirs;
}

// Runs every row on one data set, prints its table and returns the summary line.
std::string run_dataset(const std::string& dir) {
    const Dataset dataset = load_dataset(dir);
    Catalogue catalogue = make_catalogue(dataset, dataset.ratings);
    const LeaveLatestOut split = make_leave_latest_out(dataset.ratings, catalogue, ncf_sampled_negatives, seed);
    // Counts from the training ratings only: the held-out ones must not leak into any method.
    catalogue.rating_counts.assign(static_cast<size_t>(catalogue.size()), 0);
    for (const auto& r : split.training)
        if (const int m = catalogue.find(r.movie); m >= 0) ++catalogue.rating_counts[static_cast<size_t>(m)];
    std::set<int32_t> viewers;
    for (const auto& r : dataset.ratings) viewers.insert(r.user);

    std::printf("\n### %s (%s)\n\n", dataset.name.c_str(), data_format_name(dataset.format));
    std::printf("%zu ratings, %zu viewers, %d movies; %zu test cases (one per viewer), %zu training ratings\n\n",
                dataset.ratings.size(), viewers.size(), catalogue.size(), split.cases.size(), split.training.size());
    // "Watched and enjoyed": the same full-catalogue NDCG over the viewers
    // whose held-out movie they rated 4 stars or more.
    std::vector<LeaveOneOutCase> liked_cases;
    for (const auto& c : split.cases)
        if (c.positive_rating >= 4) liked_cases.push_back(c);
    std::printf("| method | Recall@%d (full) | NDCG@%d (full) | NDCG@%d (full, liked: %zu held-out rated >= 4) | "
                "HR@%d (sampled) | NDCG@%d (sampled) | fit s | score s |\n",
                k, k, k, liked_cases.size(), k, k);
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    std::fflush(stdout);

    const RankingData data{dataset, catalogue, split.training, seed};
    std::vector<RowResult> rows;
    std::vector<std::string> notes;
    for (const Ranker& ranker : rankers()) {
        RowResult row;
        row.name = ranker.name;
        const auto fit_start = std::chrono::steady_clock::now();
        const FittedRanker fitted = ranker.fit(data);
        row.fit_seconds = seconds_since(fit_start);
        std::vector<std::pair<std::string, CatalogueScorer>> scored = {{ranker.name, fitted.scorer}};
        scored.insert(scored.end(), fitted.more_rows.begin(), fitted.more_rows.end());
        for (const auto& [name, scorer] : scored) {
            row.name = name;
            const auto score_start = std::chrono::steady_clock::now();
            row.metrics = evaluate_catalogue_ranking(split.cases, catalogue.size(), k, scorer);
            row.score_seconds = seconds_since(score_start);
            const double liked = evaluate_catalogue_ranking(liked_cases, catalogue.size(), k, scorer).full.ndcg;
            std::printf("| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.2f | %.2f |\n", row.name.c_str(),
                        row.metrics.full.hit_rate, row.metrics.full.ndcg, liked, row.metrics.sampled.hit_rate,
                        row.metrics.sampled.ndcg, row.fit_seconds, row.score_seconds);
            std::fflush(stdout);
            rows.push_back(row);
        }
        if (!fitted.note.empty()) notes.push_back(fitted.note);
    }
    std::printf("\n");
    for (const auto& note : notes) std::printf("- %s\n", note.c_str());
    std::printf("- Left out: viewers with fewer than two ratings (no history to rank from: %zu here); the held-out "
                "rating's value (a 1-star movie is still the one watched); a global time split (other viewers' later "
                "ratings are in the training data); repeated splits, so no confidence intervals. Movies without a "
                "training rating stay in the catalogue (EASE ranks them last, most-popular at count 0).\n",
                viewers.size() - split.cases.size());

    auto find = [&](const std::string& name) -> const CatalogueRankingResult& {
        for (const auto& row : rows)
            if (row.name == name) return row.metrics;
        throw Error(ErrorCode::BadInput, "ranking: no row named '" + name + "' for the summary line");
    };
    const auto& movienet_metrics = find(movienet_row);
    const auto& ease = find("EASE");
    const auto& popular = find("most popular");
    char line[512];
    std::snprintf(line, sizeof line,
                  "full_ndcg10_movienet=%.4f full_ndcg10_ease=%.4f full_ndcg10_pop=%.4f hr10_movienet=%.4f hr10_ease=%.4f "
                  "dataset=%s",
                  movienet_metrics.full.ndcg, ease.full.ndcg, popular.full.ndcg, movienet_metrics.sampled.hit_rate,
                  ease.sampled.hit_rate, dataset.name.c_str());
    return line;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
        std::printf("usage: ranking [DATA_DIR...]\n"
                    "DATA_DIR: MovieLens folders (default $MOVIENET_DATA, ':'-separated, else ../shared/datasets/ml-100k\n"
                    "and data/ml-latest-small under the repository root, those present)\n");
        return 0;
    }
    const std::vector<std::string> dirs = data_dirs(argc, argv);
    if (dirs.empty()) {
        std::fprintf(stderr, "ranking: no data: pass MovieLens folders as arguments or set MOVIENET_DATA (looked for "
                             "../shared/datasets/ml-100k and data/ml-latest-small under %s)\n",
                     MOVIENET_SOURCE_DIR);
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> summaries;
    for (const auto& dir : dirs) {
        try {
            summaries.push_back(run_dataset(dir));
        } catch (const Error& e) {
            std::fprintf(stderr, "ranking: %s: %s\n", dir.c_str(), e.what());
            return 1;
        }
    }
    std::printf("\nruntime %.1f s\n", seconds_since(start));
    for (const auto& line : summaries) std::printf("%s\n", line.c_str());
    return 0;
}
