#include "movienet_ranker.h"

#include <limits>
#include <memory>
#include <string>

#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_trainer.h"

namespace movienet::bench {

namespace {

// Scores of the evaluation's catalogue from one of the predictor's orderings.
CatalogueScorer ordering(std::shared_ptr<const Predictor> predictor, const RankingData& data, RankBy by) {
    // The model's catalogue comes from the same dataset; map by id in case it lists other movies.
    std::vector<int> model_index(static_cast<size_t>(data.catalogue.size()));
    for (size_t m = 0; m < model_index.size(); ++m) model_index[m] = predictor->catalogue().find(data.catalogue.ids[m]);
    return [predictor, model_index, by, ids = data.catalogue.ids](const LeaveOneOutCase& c, std::vector<float>& scores) {
        std::vector<HistoryEntry> history;  // oldest first, as the case holds it
        history.reserve(c.history.items.size());
        for (size_t i = 0; i < c.history.items.size(); ++i)
            history.push_back({ids[static_cast<size_t>(c.history.items[i])], c.history.ratings[i]});
        const std::vector<float> ranked = predictor->rank_scores(history, by);
        for (size_t m = 0; m < scores.size(); ++m)
            scores[m] = model_index[m] < 0 ? -std::numeric_limits<float>::infinity()
                                           : ranked[static_cast<size_t>(model_index[m])];
    };
}

}  // namespace

Ranker movienet_ranker() {
    return {movienet_default_row, [](const RankingData& data) {
                RatingTrainOptions options;  // the `movienet train` defaults
                RatingTrainResult result = train_rating_model(data.dataset, data.training, options);
                FittedRanker fitted;
                fitted.note = "movienet: `movienet train` defaults; rating model best epoch " +
                              std::to_string(result.best_epoch) + " of " + std::to_string(result.epochs.size()) +
                              ", watch head " + std::to_string(result.watch_epochs) +
                              " epochs (both chosen on holdouts carved from the training ratings); one fit serves "
                              "the three movienet rows, its time is on the first";
                const auto predictor = std::make_shared<const Predictor>(std::move(result.model));
                fitted.scorer = ordering(predictor, data, RankBy::Both);
                fitted.more_rows = {{"movienet by watch", ordering(predictor, data, RankBy::Watch)},
                                    {"movienet by rating (0.1)", ordering(predictor, data, RankBy::Rating)}};
                return fitted;
            }};
}

}  // namespace movienet::bench
