// Predictions for one viewer from a rating model: the API the CLI and the
// wasm bindings share.
//
//   Predictor predictor(load_rating_model_file("models/movienet-ml-latest-small.safetensors"));
//   auto scores = predictor.predict({{1, 4.5f}, {260, 5}}, {2571, 296});
//   auto top = predictor.recommend({{1, 4.5f}, {260, 5}}, 10, {});
//
// History ratings must be inside the model's scale (else Error(BadInput)
// naming the entry), or NaN: watched, not rated; such entries inform the
// watch head only, never the rating model. Unknown movie ids in a history are
// ignored and counted. Predictions are clamped to the scale. A movie id the
// catalogue lacks gets the viewer's baseline (global mean + viewer offset)
// and is counted as unknown, as Surprise does with its "impossible" flag.
//
// A model trained on watch events alone has no rating model
// (RatingModel::has_rating_model): it ranks by watch (RankBy::Both means
// Watch), and every rating question (predict, predict_all, RankBy::Rating,
// recommend's reasons) is Error(NoRatingModel).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "movienet/rec/rating_model.h"

namespace movienet {

struct PredictStats {
    size_t unknown_history = 0;  // history entries ignored: movie not in the catalogue
    size_t duplicate_history = 0;
    size_t unknown_movies = 0;   // requested movies not in the catalogue
};

// How recommend() orders movies.
//   Both:   ln P(watch) + watch_rating_weight * rating — likely to watch and
//           to enjoy: every predicted star multiplies the watch chance by
//           e^weight (the default; by rating alone for models without a watch
//           head, by watch alone for models without a rating model)
//   Watch:  P(watch): what the viewer is likely to watch next
//   Rating: the predicted rating (movienet 0.1's order)
enum class RankBy { Both, Watch, Rating };
// The default ranking key: ln P(watch) + rating_weight * rating. Increasing
// in both (for rating_weight > 0), so a movie more likely to be watched and
// rated at least as high never ranks lower.
inline float watch_and_enjoy(float log_watch, float rating, float rating_weight) {
    return log_watch + rating_weight * rating;
}

// "both", "watch" or "rating"; Error(BadInput) otherwise.
RankBy parse_rank_by(const std::string& name);
const char* rank_by_name(RankBy by);

// One history entry's part in a score: its exact leave-one-out effect.
struct Contribution {
    int32_t movie_id;
    float rating;  // the viewer's rating of it; NaN: watched, not rated (watch explanations only)
    float delta;   // score with the whole history - score with the history without this entry
    int index;     // into the catalogue
};

// A score and what each history entry does to it. The deltas need not add up
// to score - baseline (entries interact): delta_sum shows how much of it the
// one-entry-at-a-time view explains.
struct ExplainedScore {
    float score = 0;      // with the whole history
    float baseline = 0;   // with an empty history
    float delta_sum = 0;  // sum of every entry's delta
    std::vector<Contribution> contributions;  // every known history entry, largest delta first (ties: history order)
};

// Why the model predicts what it does for one movie (Predictor::explain).
//   rating: the predicted rating before clamping to the scale (what predict()
//           returns whenever that is inside the scale; a clamped rating would
//           hide every effect on a movie predicted past the top of the scale)
//   watch:  P(watch next) as a probability (the scale the CLI and the demo
//           show: a delta of 0.002 is 0.2 percentage points), over the movies
//           not in the history - so leaving entry j out also makes j itself a
//           candidate. Empty (has_watch false) without a watch head.
struct Explanation {
    int32_t movie_id;
    int index;  // into the catalogue
    ExplainedScore rating;  // over the rated entries; empty (has_rating false) without a rating model
    bool has_watch = false;
    ExplainedScore watch;
    bool has_rating = true;
};

struct Recommendation {
    int32_t movie_id;
    float score;   // what the list is sorted by (see RankBy)
    float rating;  // predicted rating, clamped to the scale; NaN without a rating model
    float watch;   // P(watch next), over the movies not in the history; NaN without a watch head
    int index;     // into the catalogue
    // With recommend(..., explain = n): the n history entries that raise the
    // predicted rating (unclamped) most, strongest first; only positive deltas.
    std::vector<Contribution> because;
};

class Predictor {
public:
    explicit Predictor(RatingModel model);

    const RatingModel& model() const { return model_; }
    const Catalogue& catalogue() const { return model_.catalogue; }

    // Resolves and checks a history (ratings on the scale, or NaN: not rated).
    ResolvedHistory resolve(const std::vector<HistoryEntry>& history) const;

    // Predicted ratings; Error(NoRatingModel) without a rating model.
    std::vector<float> predict(const std::vector<HistoryEntry>& history, const std::vector<int32_t>& movie_ids,
                               PredictStats* stats = nullptr) const;
    // Scores of every catalogue movie (clamped), in catalogue order; Error(NoRatingModel) as predict.
    std::vector<float> predict_all(const std::vector<HistoryEntry>& history, PredictStats* stats = nullptr) const;
    // P(watch next) of each movie: a probability over the catalogue movies
    // not in the history (the history is read oldest first). Movies in the
    // history and ids the catalogue lacks get 0. Error(BadInput) without a watch head.
    std::vector<float> predict_watch(const std::vector<HistoryEntry>& history, const std::vector<int32_t>& movie_ids,
                                     PredictStats* stats = nullptr) const;
    // The value recommend() sorts by, for every catalogue movie (catalogue
    // order); movies in the history get -infinity.
    std::vector<float> rank_scores(const std::vector<HistoryEntry>& history, RankBy by) const;
    // Top k movies the viewer has not rated (nor listed in `exclude`), best
    // first by `by`; ties broken by catalogue order. `min_ratings` leaves out
    // movies with fewer training events (ratings and watch events): their
    // predictions rest on little evidence. `explain` > 0 attaches that many
    // reasons to each recommendation (Recommendation::because). Without a
    // rating model, RankBy::Rating and `explain` > 0 are Error(NoRatingModel).
    std::vector<Recommendation> recommend(const std::vector<HistoryEntry>& history, int k,
                                          const std::vector<int32_t>& exclude, PredictStats* stats = nullptr,
                                          int min_ratings = 0, RankBy by = RankBy::Both, int explain = 0) const;
    // Each known history entry's exact leave-one-out effect on the movie's
    // predicted rating (rated entries; with a rating model) and (with a watch
    // head; every entry) its watch chance. The history
    // is resolved as for predict() (unknown ids ignored, a repeat's last rating
    // counts); a movie id the catalogue lacks is Error(BadInput) naming it.
    Explanation explain(const std::vector<HistoryEntry>& history, int32_t movie_id, PredictStats* stats = nullptr) const;
    bool has_watch() const { return model_.watch != nullptr; }
    bool has_rating_model() const { return model_.arch != nullptr; }

    float clamp(float score) const;

private:
    void score(const ResolvedHistory& history, const int* movies, int count, float* out) const;
    // Raw ratings and, when there is a watch head, log P(watch) of every movie.
    void score_all(const ResolvedHistory& history, std::vector<float>& raw, std::vector<float>& log_watch) const;
    // The sort key of movie i from its raw rating and log P(watch).
    float rank_key(RankBy by, float raw, float log_watch) const;

    RatingModel model_;
    // The architecture's fast path (scratch buffers inside: one call at a
    // time). RatingModel::score is the slower reference it matches.
    std::unique_ptr<ArchScorer> scorer_;
    std::vector<int> all_movies_;  // 0..n-1, for whole-catalogue scoring
    // Raw scores of every movie for a viewer with no rating (the same for
    // every such viewer), from the first recommend() that needs them: with no
    // rating to go on, the watch chance rules few movies out (see recommend()).
    mutable std::vector<float> cold_raw_;
};

}  // namespace movienet
