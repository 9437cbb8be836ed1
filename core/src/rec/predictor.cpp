#include "movienet/rec/predictor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "movienet/base/error.h"
#include "movienet/base/format_number.h"

namespace movienet {

namespace {

// Finite weights can still overflow to inf - inf: such a model is refused
// where it shows, rather than ranking or reporting NaN.
[[noreturn]] void throw_predicted_nan() {
    throw Error(ErrorCode::ModelFormat, "the model predicted NaN: its weights cannot be used (damaged or badly trained file?)");
}

void check_no_nan(const std::vector<float>& values) {
    for (float v : values)
        if (std::isnan(v)) throw_predicted_nan();
}

std::vector<float> watch_log_probabilities(const WatchModel& watch, const std::vector<int>& items) {
    std::vector<float> log_p = watch.log_probabilities(items);
    check_no_nan(log_p);
    return log_p;
}

}  // namespace

Predictor::Predictor(RatingModel model) : model_(std::move(model)), all_movies_(static_cast<size_t>(model_.catalogue.size())) {
    std::iota(all_movies_.begin(), all_movies_.end(), 0);
    if (model_.arch) scorer_ = model_.arch->make_scorer();
}

void Predictor::score(const ResolvedHistory& history, const int* movies, int count, float* out) const {
    // Entries without a rating inform the watch head only.
    if (all_rated(history)) scorer_->score(history, movies, count, out);
    else scorer_->score(rated_entries(history), movies, count, out);
}

float Predictor::clamp(float score) const {
    // Clamping would turn a NaN into the scale's minimum without a word.
    if (std::isnan(score)) throw_predicted_nan();
    return std::min(model_.scale.max, std::max(model_.scale.min, score));
}

ResolvedHistory Predictor::resolve(const std::vector<HistoryEntry>& history) const {
    for (size_t k = 0; k < history.size(); ++k) {
        const float r = history[k].rating;
        if (std::isnan(r)) continue;  // watched, not rated
        if (!std::isfinite(r) || r < model_.scale.min || r > model_.scale.max)
            throw Error(ErrorCode::BadInput, "history[" + std::to_string(k) + "].rating: " + format_number(r) +
                                                 " is outside the model's scale " + format_number(model_.scale.min) +
                                                 ".." + format_number(model_.scale.max));
    }
    return resolve_history(model_.catalogue, history);
}

std::vector<float> Predictor::predict(const std::vector<HistoryEntry>& history, const std::vector<int32_t>& movie_ids,
                                      PredictStats* stats) const {
    if (!model_.arch) throw_no_rating_model("predict");
    const ResolvedHistory resolved = resolve(history);
    std::vector<int> known;
    std::vector<size_t> slots;
    for (size_t k = 0; k < movie_ids.size(); ++k) {
        const int index = model_.catalogue.find(movie_ids[k]);
        if (index >= 0) {
            known.push_back(index);
            slots.push_back(k);
        }
    }
    std::vector<float> out(movie_ids.size(), clamp(model_.viewer_baseline(resolved)));
    std::vector<float> scores(known.size());
    if (!known.empty()) score(resolved, known.data(), static_cast<int>(known.size()), scores.data());
    for (size_t k = 0; k < known.size(); ++k) out[slots[k]] = clamp(scores[k]);
    if (stats) *stats = {resolved.unknown, resolved.duplicates, movie_ids.size() - known.size()};
    return out;
}

std::vector<float> Predictor::predict_all(const std::vector<HistoryEntry>& history, PredictStats* stats) const {
    if (!model_.arch) throw_no_rating_model("predict");
    const ResolvedHistory resolved = resolve(history);
    std::vector<float> scores(all_movies_.size());
    score(resolved, all_movies_.data(), static_cast<int>(all_movies_.size()), scores.data());
    for (auto& s : scores) s = clamp(s);
    if (stats) *stats = {resolved.unknown, resolved.duplicates, 0};
    return scores;
}

RankBy parse_rank_by(const std::string& name) {
    if (name == "both") return RankBy::Both;
    if (name == "watch") return RankBy::Watch;
    if (name == "rating") return RankBy::Rating;
    throw Error(ErrorCode::BadInput, "rank by: expected both, watch or rating, got '" + name + "'");
}

const char* rank_by_name(RankBy by) {
    switch (by) {
        case RankBy::Both: return "both";
        case RankBy::Watch: return "watch";
        case RankBy::Rating: return "rating";
    }
    return "?";
}

void Predictor::score_all(const ResolvedHistory& history, std::vector<float>& raw, std::vector<float>& log_watch) const {
    if (model_.arch) {
        raw.resize(all_movies_.size());
        score(history, all_movies_.data(), static_cast<int>(all_movies_.size()), raw.data());
        check_no_nan(raw);  // NaN keys would break the ranking's sort
    } else {
        raw.assign(all_movies_.size(), std::numeric_limits<float>::quiet_NaN());  // watch events alone: no ratings
    }
    if (model_.watch) log_watch = watch_log_probabilities(*model_.watch, history.items);
    else log_watch.assign(all_movies_.size(), std::numeric_limits<float>::quiet_NaN());
}

float Predictor::rank_key(RankBy by, float raw, float log_watch) const {
    if (!model_.watch || by == RankBy::Rating) return raw;  // raw: movies clamped at the top stay ordered
    if (by == RankBy::Watch || !model_.arch) return log_watch;
    return watch_and_enjoy(log_watch, clamp(raw), model_.watch_rating_weight);
}

std::vector<float> Predictor::predict_watch(const std::vector<HistoryEntry>& history,
                                            const std::vector<int32_t>& movie_ids, PredictStats* stats) const {
    if (!model_.watch) throw Error(ErrorCode::BadInput, "this model has no watch head (trained before movienet 0.2): retrain it");
    const ResolvedHistory resolved = resolve(history);
    const std::vector<float> log_p = watch_log_probabilities(*model_.watch, resolved.items);
    std::vector<float> out(movie_ids.size(), 0.0f);
    size_t unknown = 0;
    for (size_t k = 0; k < movie_ids.size(); ++k) {
        const int index = model_.catalogue.find(movie_ids[k]);
        if (index < 0) ++unknown;
        else out[k] = std::exp(log_p[static_cast<size_t>(index)]);
    }
    if (stats) *stats = {resolved.unknown, resolved.duplicates, unknown};
    return out;
}

std::vector<float> Predictor::rank_scores(const std::vector<HistoryEntry>& history, RankBy by) const {
    if (by == RankBy::Watch && !model_.watch)
        throw Error(ErrorCode::BadInput, "rank by watch: this model has no watch head (trained before movienet 0.2)");
    if (by == RankBy::Rating && !model_.arch) throw_no_rating_model("rank by rating");
    const ResolvedHistory resolved = resolve(history);
    std::vector<float> raw, log_watch;
    score_all(resolved, raw, log_watch);
    std::vector<float> keys(raw.size());
    for (size_t i = 0; i < keys.size(); ++i) keys[i] = rank_key(by, raw[i], log_watch[i]);
    for (int i : resolved.items) keys[static_cast<size_t>(i)] = -std::numeric_limits<float>::infinity();
    return keys;
}

namespace {

// Largest delta first; equal deltas keep history order. An insertion sort:
// histories are short, and std::stable_sort would add ~1 KB to the wasm.
void sort_contributions(std::vector<Contribution>& list) {
    for (size_t j = 1; j < list.size(); ++j) {
        const Contribution c = list[j];
        size_t k = j;
        for (; k > 0 && list[k - 1].delta < c.delta; --k) list[k] = list[k - 1];
        list[k] = c;
    }
}

ExplainedScore explained(float score, float baseline, const ResolvedHistory& history, const Catalogue& catalogue,
                         const std::vector<float>& without) {
    ExplainedScore out;
    out.score = score;
    out.baseline = baseline;
    if (std::isnan(score) || std::isnan(baseline)) throw_predicted_nan();
    double sum = 0;
    for (size_t j = 0; j < history.items.size(); ++j) {
        const int i = history.items[j];
        const float delta = score - without[j];
        if (std::isnan(delta)) throw_predicted_nan();  // an infinite score less itself
        sum += delta;
        out.contributions.push_back({catalogue.ids[static_cast<size_t>(i)], history.ratings[j], delta, i});
    }
    out.delta_sum = static_cast<float>(sum);
    sort_contributions(out.contributions);
    return out;
}

}  // namespace

Explanation Predictor::explain(const std::vector<HistoryEntry>& history, int32_t movie_id, PredictStats* stats) const {
    const int movie = model_.catalogue.find(movie_id);
    if (movie < 0) throw Error(ErrorCode::BadInput, "movie " + std::to_string(movie_id) + " is not in the model's catalogue");
    const ResolvedHistory resolved = resolve(history);
    const size_t n = resolved.items.size();
    Explanation out{movie_id, movie, {}, model_.watch != nullptr, {}};
    out.has_rating = model_.arch != nullptr;

    std::vector<float> without(n);
    if (model_.arch) {
        // The rated entries only: the others inform the watch head alone.
        const ResolvedHistory rated = rated_entries(resolved);
        float full = 0, empty = 0;
        score(rated, &movie, 1, &full);
        score(ResolvedHistory{}, &movie, 1, &empty);
        if (!rated.items.empty()) scorer_->score_leave_one_out(rated, &movie, 1, without.data());
        out.rating = explained(full, empty, rated, model_.catalogue, without);
    }

    if (model_.watch) {
        const auto chance = [&](const std::vector<int>& items) {
            return std::exp(watch_log_probabilities(*model_.watch, items)[static_cast<size_t>(movie)]);
        };
        std::vector<int> items;
        for (size_t j = 0; j < n; ++j) {
            items = resolved.items;
            items.erase(items.begin() + static_cast<std::ptrdiff_t>(j));
            without[j] = chance(items);
        }
        out.watch = explained(chance(resolved.items), chance({}), resolved, model_.catalogue, without);
    }
    if (stats) *stats = {resolved.unknown, resolved.duplicates, 0};
    return out;
}

std::vector<Recommendation> Predictor::recommend(const std::vector<HistoryEntry>& history, int k,
                                                 const std::vector<int32_t>& exclude, PredictStats* stats,
                                                 int min_ratings, RankBy by, int explain) const {
    if (k < 0) throw Error(ErrorCode::BadInput, "k: must be >= 0, got " + std::to_string(k));
    if (explain < 0) throw Error(ErrorCode::BadInput, "explain: must be >= 0, got " + std::to_string(explain));
    if (min_ratings < 0) throw Error(ErrorCode::BadInput, "min_ratings: must be >= 0, got " + std::to_string(min_ratings));
    if (by == RankBy::Watch && !model_.watch)
        throw Error(ErrorCode::BadInput, "rank by watch: this model has no watch head (trained before movienet 0.2)");
    if (by == RankBy::Rating && !model_.arch) throw_no_rating_model("recommend by rating");
    if (explain > 0 && !model_.arch) throw_no_rating_model("recommend with reasons (explain)");
    const ResolvedHistory resolved = resolve(history);
    const size_t movies = all_movies_.size();
    constexpr float nan = std::numeric_limits<float>::quiet_NaN();
    // log P(watch) of every movie (NaN without a watch head): its normaliser
    // needs every logit anyway.
    const std::vector<float> log_watch =
        model_.watch ? watch_log_probabilities(*model_.watch, resolved.items) : std::vector<float>(movies, nan);
    std::vector<uint8_t> skip(movies, 0);
    for (int i : resolved.items) skip[static_cast<size_t>(i)] = 1;
    for (int32_t id : exclude) {
        const int i = model_.catalogue.find(id);
        if (i >= 0) skip[static_cast<size_t>(i)] = 1;
    }
    std::vector<int> candidates;
    for (int i : all_movies_) {
        const auto m = static_cast<size_t>(i);
        if (!skip[m] && model_.catalogue.rating_counts[m] >= min_ratings) candidates.push_back(i);
    }
    // Raw ratings (NaN without a rating model) and sort keys of the movies
    // rated so far. Only those that can make the list are rated: over 62,000
    // movies, rating every one was most of recommend's time.
    std::vector<float> raw(movies), key(movies), scored;
    // A viewer with no rating has the same ratings every time: rated once.
    bool cold = true;
    for (float r : resolved.ratings) cold = cold && std::isnan(r);
    if (cold && model_.arch && cold_raw_.empty()) {
        cold_raw_.resize(movies);
        score(resolved, all_movies_.data(), static_cast<int>(movies), cold_raw_.data());
    }
    const auto rate = [&](const int* list, size_t count) {
        if (count == 0) return;
        scored.assign(count, nan);
        if (model_.arch) {
            if (cold)
                for (size_t c = 0; c < count; ++c) scored[c] = cold_raw_[static_cast<size_t>(list[c])];
            else
                score(resolved, list, static_cast<int>(count), scored.data());
            check_no_nan(scored);  // NaN keys would break the ranking's sort
        }
        for (size_t c = 0; c < count; ++c) {
            const auto m = static_cast<size_t>(list[c]);
            raw[m] = scored[c];
            key[m] = rank_key(by, raw[m], log_watch[m]);
        }
    };
    // Sorts the first n of `list` by `by_key` (larger first; ties: the smaller index).
    const auto select = [](std::vector<int>& list, size_t n, const std::vector<float>& by_key) {
        std::partial_sort(list.begin(), list.begin() + static_cast<long>(n), list.end(), [&](int a, int b) {
            const float ka = by_key[static_cast<size_t>(a)], kb = by_key[static_cast<size_t>(b)];
            return ka > kb || (ka == kb && a < b);
        });
    };
    // A bound of every key from log P(watch) alone: ranked by watch, the key
    // is log P(watch); watch and enjoy adds weight x rating, weight >= 0 and
    // the rating at most the scale's top (float rounding is monotonic).
    const bool by_watch = model_.watch && (by == RankBy::Watch || !model_.arch);
    const float weight = by_watch ? 0.0f : model_.watch_rating_weight;
    const float top_rating = by_watch ? 0.0f : model_.scale.max;
    const size_t n = std::min(candidates.size(), static_cast<size_t>(k));
    if (by_watch || (model_.watch && by == RankBy::Both && weight >= 0)) {
        // The n movies most likely to be watched are rated first; the n-th
        // best of their keys is a floor of the list's, so a movie whose bound
        // is below it cannot make the list (a tie still can: the smaller index
        // wins) and is not rated.
        select(candidates, n, log_watch);
        rate(candidates.data(), n);
        float floor = std::numeric_limits<float>::infinity();
        for (size_t r = 0; r < n; ++r) floor = std::min(floor, key[static_cast<size_t>(candidates[r])]);
        size_t end = n;
        for (size_t j = n; j < candidates.size(); ++j)
            if (watch_and_enjoy(log_watch[static_cast<size_t>(candidates[j])], top_rating, weight) >= floor)
                candidates[end++] = candidates[j];
        candidates.resize(end);
        rate(candidates.data() + n, end - n);
    } else {
        rate(candidates.data(), candidates.size());
    }
    select(candidates, n, key);
    std::vector<Recommendation> top;
    for (size_t r = 0; r < n; ++r) {
        const auto m = static_cast<size_t>(candidates[r]);
        const float watch = std::exp(log_watch[m]);  // NaN stays NaN without a watch head
        const float rating = model_.arch ? clamp(raw[m]) : raw[m];  // NaN without a rating model
        const float shown = !model_.watch || by == RankBy::Rating ? rating
                            : by == RankBy::Watch || !model_.arch ? watch
                                                                  : key[m];
        top.push_back({model_.catalogue.ids[m], shown, rating, watch, candidates[r], {}});
    }
    // The reasons are rated entries: the others inform the watch head alone.
    const ResolvedHistory rated = explain > 0 ? rated_entries(resolved) : ResolvedHistory{};
    const size_t h = rated.items.size();
    if (explain > 0 && h > 0 && n > 0) {
        // Every entry left out once, for the n listed movies in one pass.
        std::vector<float> without(h * n);
        scorer_->score_leave_one_out(rated, candidates.data(), static_cast<int>(n), without.data());
        std::vector<float> delta(h);
        for (size_t r = 0; r < n; ++r) {
            const float full = raw[static_cast<size_t>(candidates[r])];
            for (size_t j = 0; j < h; ++j) delta[j] = full - without[j * n + r];
            // The largest positive delta left, `explain` times (ties: history order).
            while (top[r].because.size() < static_cast<size_t>(explain)) {
                size_t best = h;
                for (size_t j = 0; j < h; ++j)
                    if (delta[j] > 0 && (best == h || delta[j] > delta[best])) best = j;
                if (best == h) break;
                const int i = rated.items[best];
                top[r].because.push_back({model_.catalogue.ids[static_cast<size_t>(i)], rated.ratings[best], delta[best], i});
                delta[best] = 0;
            }
        }
    }
    if (stats) *stats = {resolved.unknown, resolved.duplicates, 0};
    return top;
}

}  // namespace movienet
