#include "movienet/rec/ranking_scorer.h"

#include <limits>

namespace movienet {

CatalogueScorer predictor_ranking_scorer(std::shared_ptr<const Predictor> predictor, const Catalogue& catalogue,
                                         RankBy by) {
    std::vector<int> model_index(static_cast<size_t>(catalogue.size()));
    for (size_t m = 0; m < model_index.size(); ++m) model_index[m] = predictor->catalogue().find(catalogue.ids[m]);
    return [predictor, model_index, by, ids = catalogue.ids](const LeaveOneOutCase& c, std::vector<float>& scores) {
        std::vector<HistoryEntry> history;
        history.reserve(c.history.items.size());
        for (size_t i = 0; i < c.history.items.size(); ++i)
            history.push_back({ids[static_cast<size_t>(c.history.items[i])], c.history.ratings[i]});
        const std::vector<float> ranked = predictor->rank_scores(history, by);
        for (size_t m = 0; m < scores.size(); ++m)
            scores[m] = model_index[m] < 0 ? -std::numeric_limits<float>::infinity()
                                           : ranked[static_cast<size_t>(model_index[m])];
    };
}

}  // namespace movienet
