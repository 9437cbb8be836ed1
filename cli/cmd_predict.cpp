// movienet predict / recommend: score movies for one viewer's history.
#include <cstdio>

#include "commands.h"
#include "data_options.h"
#include "movienet/base/error.h"
#include "movienet/rec/predictor.h"

namespace movienet::cli {

namespace {

std::string genres_text(const Catalogue& catalogue, int index) {
    std::string text;
    for (int g : catalogue.genres[static_cast<size_t>(index)])
        text += (text.empty() ? "" : "|") + catalogue.genre_names[static_cast<size_t>(g)];
    return text;
}

// `baseline`: unknown movies were given the viewer's baseline rating (else a watch chance of 0).
void report_ignored(const PredictStats& stats, bool baseline = true) {
    if (stats.unknown_history)
        std::fprintf(stderr, "note: ignored %zu history entr%s whose movie id the model does not know\n", stats.unknown_history,
                     stats.unknown_history == 1 ? "y" : "ies");
    if (stats.duplicate_history)
        std::fprintf(stderr, "note: %zu repeated movie id%s in the history: the last rating counts\n", stats.duplicate_history,
                     stats.duplicate_history == 1 ? "" : "s");
    if (stats.unknown_movies)
        std::fprintf(stderr, "note: %zu requested movie%s not in the catalogue: given %s\n", stats.unknown_movies,
                     stats.unknown_movies == 1 ? " is" : "s are", baseline ? "the viewer's baseline" : "a watch chance of 0");
}

std::vector<HistoryEntry> history_from(const Args& args) {
    return read_history(args.get("history"), args.has("user") ? static_cast<int32_t>(args.get_int("user", 0, INT32_MAX)) : -1);
}

int run_predict(const Args& args) {
    const Predictor predictor(load_rating_model_file(args.get("model")));
    const auto ids = parse_id_list(args.get("movies"), "movies");
    const bool with_watch = args.has("watch");
    if (with_watch && !predictor.has_watch())
        throw Error(ErrorCode::BadInput, args.get("model") + ": this model has no watch head (trained before movienet 0.2)");
    // A model trained on watch events alone answers --watch only.
    const bool with_rating = predictor.has_rating_model();
    if (!with_rating && !with_watch) throw_no_rating_model(args.get("model") + ": predict");
    PredictStats stats;
    const auto history = history_from(args);
    const auto scores = with_rating ? predictor.predict(history, ids, &stats) : std::vector<float>(ids.size(), 0.0f);
    const auto watch = with_watch ? predictor.predict_watch(history, ids, with_rating ? nullptr : &stats) : std::vector<float>{};
    report_ignored(stats, with_rating);
    const Catalogue& catalogue = predictor.catalogue();
    Json out = Json::array();
    for (size_t k = 0; k < ids.size(); ++k) {
        const int index = catalogue.find(ids[k]);
        const std::string title = index >= 0 ? catalogue.titles[static_cast<size_t>(index)] : "(unknown movie)";
        if (args.has("json")) {
            out.push_back({{"movieId", ids[k]}, {"score", with_rating ? Json(scores[k]) : Json(nullptr)}, {"title", title},
                           {"known", index >= 0}});
            if (with_watch) out.back()["watch"] = watch[k];
        } else if (!with_rating) {
            std::printf("%d\t%.6f\t%s\n", ids[k], watch[k], title.c_str());
        } else if (with_watch) {
            std::printf("%d\t%.3f\t%.6f\t%s\n", ids[k], scores[k], watch[k], title.c_str());
        } else {
            std::printf("%d\t%.3f\t%s\n", ids[k], scores[k], title.c_str());
        }
    }
    if (args.has("json")) std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

int run_recommend(const Args& args) {
    const Predictor predictor(load_rating_model_file(args.get("model")));
    const std::vector<int32_t> exclude = args.has("exclude") ? parse_id_list(args.get("exclude"), "exclude") : std::vector<int32_t>{};
    const RankBy by = parse_rank_by(args.get("by"));
    PredictStats stats;
    const auto top = predictor.recommend(history_from(args), static_cast<int>(args.get_int("k", 1, 100000)), exclude, &stats,
                                         static_cast<int>(args.get_int("min-ratings", 0, INT32_MAX)), by,
                                         static_cast<int>(args.get_int("explain", 0, 1000)));
    report_ignored(stats);
    const Catalogue& catalogue = predictor.catalogue();
    if (!predictor.has_watch() && !args.has("json"))
        std::fprintf(stderr, "note: this model has no watch head (trained before movienet 0.2): ranked by predicted rating\n");
    const bool with_rating = predictor.has_rating_model();
    if (!with_rating && !args.has("json") && by == RankBy::Both)
        std::fprintf(stderr, "note: this model has no rating model (trained on watch events without ratings): ranked by watch chance\n");
    Json out = Json::array();
    int rank = 0;
    for (const auto& r : top) {
        const std::string& title = catalogue.titles[static_cast<size_t>(r.index)];
        if (args.has("json")) {
            out.push_back({{"movieId", r.movie_id}, {"score", r.score}, {"rating", with_rating ? Json(r.rating) : Json(nullptr)},
                           {"title", title}, {"genres", genres_text(catalogue, r.index)}});
            out.back()["watch"] = predictor.has_watch() ? Json(r.watch) : Json(nullptr);
            if (args.has("explain")) {
                Json because = Json::array();
                for (const Contribution& c : r.because)
                    because.push_back({{"movieId", c.movie_id}, {"title", catalogue.titles[static_cast<size_t>(c.index)]},
                                       {"rating", c.rating}, {"delta", c.delta}});
                out.back()["because"] = because;
            }
        } else if (!with_rating) {
            std::printf("%2d. %s  [%s]  (id %d)  watch %.2f%%\n", ++rank, title.c_str(), genres_text(catalogue, r.index).c_str(),
                        r.movie_id, 100.0 * r.watch);
        } else if (predictor.has_watch()) {
            std::printf("%2d. %s  [%s]  (id %d)  rating %.2f, watch %.2f%%\n", ++rank, title.c_str(),
                        genres_text(catalogue, r.index).c_str(), r.movie_id, r.rating, 100.0 * r.watch);
        } else {
            std::printf("%2d. %.2f  %s  [%s]  (id %d)\n", ++rank, r.rating, title.c_str(), genres_text(catalogue, r.index).c_str(),
                        r.movie_id);
        }
        if (!args.has("json") && !r.because.empty()) {
            std::string text;
            for (size_t j = 0; j < r.because.size(); ++j) {
                const Contribution& c = r.because[j];
                char effect[64];
                std::snprintf(effect, sizeof effect, " %g (%+.2f)", static_cast<double>(c.rating), static_cast<double>(c.delta));
                text += (j == 0 ? "" : j + 1 == r.because.size() ? " and " : ", ") +
                        catalogue.titles[static_cast<size_t>(c.index)] + effect;
            }
            std::printf("    because you rated %s\n", text.c_str());
        }
    }
    if (args.has("json")) std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

const OptionSpec history_option{"history", "FILE",
                                "the viewer's ratings: movieId,rating per line (header optional; movieId alone: watched, not rated), "
                                "or a ratings.csv or events.csv with --user", "", true};
const OptionSpec user_option{"user", "ID", "with a ratings.csv history: the viewer to take", ""};

}  // namespace

Command predict_command() {
    return {{"predict", "movienet predict --model MODEL.safetensors --history RATINGS.csv --movies ID,ID,...",
             "Predict the viewer's rating of the given movies (movieId, prediction, title).",
             {{"model", "FILE", "rating model file", "", true}, history_option, user_option,
              {"movies", "IDS", "comma-separated movie ids", "", true},
              {"watch", "", "also print P(watch next): the chance each movie is the next the viewer watches (a model trained "
                            "on watch events alone prints only this)", ""},
              {"json", "", "JSON output", ""}},
             ""},
            run_predict};
}

Command recommend_command() {
    return {{"recommend", "movienet recommend --model MODEL.safetensors --history RATINGS.csv [-k 10]",
             "List the k movies the viewer has not rated that they are most likely to watch and enjoy, with the "
             "predicted rating and the watch chance (P(watch next), over every unrated movie).",
             {{"model", "FILE", "rating model file", "", true}, history_option, user_option,
              {"k", "N", "how many movies", "10"},
              {"by", "ORDER", "both (likely to watch and enjoy: ln P(watch) + w x rating; by watch for a model without ratings), "
                              "watch, or rating", "both"},
              {"exclude", "IDS", "comma-separated movie ids to leave out", ""},
              {"min-ratings", "N", "leave out movies with fewer training ratings (little evidence)", "0"},
              {"explain", "N", "under each movie, the N rated movies that raise its predicted rating most "
                              "(exact leave-one-out effect, in stars; see movienet explain)", "0"},
              {"json", "", "JSON output", ""}},
             ""},
            run_recommend};
}

}  // namespace movienet::cli
