// A model file (safetensors, "movienet-model"): the bytes go through the
// loader the CLI uses (parse_safetensors + rating_model_from, which the wasm
// shares); a file that loads must then predict, recommend and explain on a
// fixed small history without crashing, and no NaN may reach a result. A model
// without a rating model (watch events alone) must refuse every rating
// question with Error(NoRatingModel) and answer the watch ones.
#include <algorithm>
#include <cmath>
#include <limits>

#include "fuzz_file.h"
#include "movienet/base/error.h"
#include "movienet/rec/predictor.h"

using namespace movienet;

namespace {

bool in_scale(float v, const RatingScale& s) { return std::isfinite(v) && v >= s.min && v <= s.max; }

void exercise(const Predictor& predictor) {
    const Catalogue& c = predictor.catalogue();
    const RatingScale& s = predictor.model().scale;
    // Three known movies rated at both ends and the middle of the scale, one
    // watched but not rated (NaN), one unknown id, one repeat.
    std::vector<HistoryEntry> history;
    const float ratings[] = {s.max, s.min, (s.min + s.max) / 2, std::numeric_limits<float>::quiet_NaN()};
    for (int k = 0; k < std::min(4, c.size()); ++k) history.push_back({c.ids[std::size_t(k)], ratings[k]});
    history.push_back({-7, s.max});
    if (!history.empty()) history.push_back(history.front());
    std::vector<int32_t> ids;
    for (int k = 0; k < std::min(c.size(), 16); ++k) ids.push_back(c.ids[std::size_t(c.size() - 1 - k)]);
    ids.push_back(-7);

    const bool rated = predictor.has_rating_model();
    fuzz::require(rated || predictor.has_watch());
    if (!rated) {
        const auto refused = [](auto question) {
            try {
                question();
            } catch (const Error& e) {
                return e.code() == ErrorCode::NoRatingModel;
            }
            return false;
        };
        fuzz::require(refused([&] { predictor.predict(history, ids); }));
        fuzz::require(refused([&] { predictor.recommend(history, 5, {}, nullptr, 0, RankBy::Rating); }));
        fuzz::require(refused([&] { predictor.recommend(history, 5, {}, nullptr, 0, RankBy::Both, 2); }));
    }
    if (rated) {
        for (float v : predictor.predict(history, ids)) fuzz::require(in_scale(v, s));
        for (float v : predictor.predict({}, ids)) fuzz::require(in_scale(v, s));
    }
    for (RankBy by : {RankBy::Both, RankBy::Watch, RankBy::Rating}) {
        if (by == RankBy::Watch && !predictor.has_watch()) continue;
        if (by == RankBy::Rating && !rated) continue;
        for (const Recommendation& r : predictor.recommend(history, 5, {}, nullptr, 0, by, rated ? 2 : 0)) {
            fuzz::require((rated ? in_scale(r.rating, s) : std::isnan(r.rating)) && !std::isnan(r.score));
            fuzz::require(predictor.has_watch() ? r.watch >= 0 && r.watch <= 1 : std::isnan(r.watch));
            for (const Contribution& b : r.because) fuzz::require(b.delta > 0);
        }
    }
    if (predictor.has_watch())
        for (float p : predictor.predict_watch(history, ids)) fuzz::require(p >= 0 && p <= 1);
    // Unclamped: finite weights may overflow to an infinite score, never to NaN.
    const Explanation e = predictor.explain(history, c.ids[0]);
    fuzz::require(e.has_rating == rated);
    for (const ExplainedScore* x : {&e.rating, &e.watch}) {
        fuzz::require(!std::isnan(x->score) && !std::isnan(x->baseline));
        for (const Contribution& k : x->contributions) fuzz::require(!std::isnan(k.delta));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const Predictor predictor(load_rating_model_string(std::string(reinterpret_cast<const char*>(data), size), "model"));
        exercise(predictor);
    } catch (const Error&) {
    }
    return 0;
}
