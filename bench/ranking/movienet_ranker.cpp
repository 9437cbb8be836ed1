#include "movienet_ranker.h"

#include <limits>
#include <memory>
#include <string>

#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_trainer.h"

namespace movienet::bench {

Ranker movienet_rating_ranker() {
    return {"movienet by rating", [](const RankingData& data) {
                RatingTrainOptions options;  // the `movienet train` defaults
                RatingTrainResult result = train_rating_model(data.dataset, data.training, options);
                FittedRanker fitted;
                fitted.note = "movienet by rating: default pooled model, best epoch " + std::to_string(result.best_epoch) +
                              " of " + std::to_string(result.epochs.size()) +
                              " (early stopping on a 5% validation share of the training ratings)";
                const auto predictor = std::make_shared<const Predictor>(std::move(result.model));
                // The model's catalogue comes from the same dataset; map by id in case it lists other movies.
                std::vector<int> model_index(static_cast<size_t>(data.catalogue.size()));
                for (size_t m = 0; m < model_index.size(); ++m)
                    model_index[m] = predictor->catalogue().find(data.catalogue.ids[m]);
                fitted.scorer = [predictor, model_index, ids = data.catalogue.ids](const LeaveOneOutCase& c, std::vector<float>& scores) {
                    std::vector<HistoryEntry> history;
                    history.reserve(c.history.items.size());
                    for (size_t i = 0; i < c.history.items.size(); ++i)
                        history.push_back({ids[static_cast<size_t>(c.history.items[i])], c.history.ratings[i]});
                    const std::vector<float> predicted = predictor->predict_all(history);
                    for (size_t m = 0; m < scores.size(); ++m)
                        scores[m] = model_index[m] < 0 ? -std::numeric_limits<float>::infinity()
                                                       : predicted[static_cast<size_t>(model_index[m])];
                };
                return fitted;
            }};
}

}  // namespace movienet::bench
