// movienet explain: why the model predicts what it does for one movie — each
// history entry's exact leave-one-out effect on the predicted rating and the
// watch chance (Predictor::explain).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "commands.h"
#include "data_options.h"
#include "movienet/base/error.h"
#include "movienet/rec/predictor.h"

namespace movienet::cli {

namespace {

const std::string& title_of(const Catalogue& catalogue, int index) { return catalogue.titles[static_cast<size_t>(index)]; }

Json contributions_json(const Catalogue& catalogue, const std::vector<Contribution>& list) {
    Json out = Json::array();
    for (const Contribution& c : list)
        out.push_back({{"movieId", c.movie_id},
                       {"title", title_of(catalogue, c.index)},
                       {"rating", std::isnan(c.rating) ? Json(nullptr) : Json(c.rating)},  // null: watched, not rated
                       {"delta", c.delta}});
    return out;
}

// The k largest positive and k most negative deltas (most negative first).
void split_top(const std::vector<Contribution>& all, size_t k, std::vector<Contribution>& positive,
               std::vector<Contribution>& negative) {
    for (size_t j = 0; j < all.size() && positive.size() < k && all[j].delta > 0; ++j) positive.push_back(all[j]);
    for (size_t j = all.size(); j-- > 0 && negative.size() < k && all[j].delta < 0;) negative.push_back(all[j]);
}

Json score_json(const Catalogue& catalogue, const ExplainedScore& s, size_t k) {
    std::vector<Contribution> positive, negative;
    split_top(s.contributions, k, positive, negative);
    return {{"score", s.score},
            {"baseline", s.baseline},
            {"deltaSum", s.delta_sum},
            {"positive", contributions_json(catalogue, positive)},
            {"negative", contributions_json(catalogue, negative)},
            {"entries", contributions_json(catalogue, s.contributions)}};
}

// `unit` scales a score for printing (100: a probability in percent).
// `delta_suffix`: " pp" for percentage points.
void print_score(const Catalogue& catalogue, const char* what, const ExplainedScore& s, size_t k, double unit,
                 const char* suffix, const char* delta_suffix, int digits) {
    std::printf("%s %.*f%s (empty history: %.*f%s); %zu entr%s, leave-one-out deltas sum to %+.*f%s of the %+.*f%s "
                "between the two\n",
                what, digits, unit * s.score, suffix, digits, unit * s.baseline, suffix, s.contributions.size(),
                s.contributions.size() == 1 ? "y" : "ies", digits, unit * s.delta_sum, delta_suffix, digits,
                unit * (s.score - s.baseline), delta_suffix);
    std::vector<Contribution> positive, negative;
    split_top(s.contributions, k, positive, negative);
    const auto row = [&](const Contribution& c) {
        char rated[32] = "seen, not rated";
        if (!std::isnan(c.rating)) std::snprintf(rated, sizeof rated, "rated %g", static_cast<double>(c.rating));
        std::printf("  %+.*f%s  %s  (id %d, %s)\n", digits, unit * c.delta, delta_suffix, title_of(catalogue, c.index).c_str(),
                    c.movie_id, rated);
    };
    if (!positive.empty()) std::printf(" raised most by:\n");
    for (const auto& c : positive) row(c);
    if (!negative.empty()) std::printf(" lowered most by:\n");
    for (const auto& c : negative) row(c);
}

int run_explain(const Args& args) {
    const Predictor predictor(load_rating_model_file(args.get("model")));
    const long movie = args.get_int("movie", INT32_MIN, INT32_MAX);
    const auto k = static_cast<size_t>(args.get_int("k", 0, 100000));
    const auto history =
        read_history(args.get("history"), args.has("user") ? static_cast<int32_t>(args.get_int("user", 0, INT32_MAX)) : -1);
    PredictStats stats;
    const Explanation e = predictor.explain(history, static_cast<int32_t>(movie), &stats);
    if (stats.unknown_history)
        std::fprintf(stderr, "note: ignored %zu history entr%s whose movie id the model does not know\n", stats.unknown_history,
                     stats.unknown_history == 1 ? "y" : "ies");
    const Catalogue& catalogue = predictor.catalogue();
    if (args.has("json")) {
        Json out = {{"movieId", e.movie_id},
                    {"title", title_of(catalogue, e.index)},
                    {"rating", e.has_rating ? score_json(catalogue, e.rating, k) : Json(nullptr)}};
        out["watch"] = e.has_watch ? score_json(catalogue, e.watch, k) : Json(nullptr);
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%s (id %d)\n", title_of(catalogue, e.index).c_str(), e.movie_id);
    if (e.has_rating) {
        const float clamped = predictor.clamp(e.rating.score);
        if (clamped != e.rating.score)
            std::printf("(shown as %.2f: predictions are clamped to the scale; the effects are on the unclamped rating)\n",
                        static_cast<double>(clamped));
        print_score(catalogue, "predicted rating", e.rating, k, 1.0, "", "", 3);
    } else {
        std::printf("predicted rating: none, this model has no rating model (trained on watch events without ratings)\n");
    }
    if (e.has_watch) print_score(catalogue, "watch chance", e.watch, k, 100.0, "%", " pp", 3);
    else std::printf("watch chance: this model has no watch head (trained before movienet 0.2)\n");
    return 0;
}

}  // namespace

Command explain_command() {
    return {{"explain", "movienet explain --model MODEL.safetensors --history RATINGS.csv --movie ID [-k 5] [--json]",
             "Why the model predicts what it does for one movie: each rated movie's exact leave-one-out effect "
             "(delta = prediction with the whole history - prediction without that entry) on the predicted rating "
             "and on the watch chance (a probability, shown in percent), the k largest positive and negative, "
             "with the sum of all deltas next to the change from an empty history.",
             {{"model", "FILE", "rating model file", "", true},
              {"history", "FILE", "the viewer's ratings: movieId,rating per line (header optional; movieId alone: watched, not "
                                  "rated), or a ratings.csv or events.csv with --user", "", true},
              {"user", "ID", "with a ratings.csv history: the viewer to take", ""},
              {"movie", "ID", "the movie to explain", "", true},
              {"k", "N", "how many positive and negative effects to list", "5"},
              {"json", "", "JSON output (also lists every entry under \"entries\")", ""}},
             ""},
            run_explain};
}

}  // namespace movienet::cli
