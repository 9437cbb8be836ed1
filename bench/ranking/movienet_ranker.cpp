#include "movienet_ranker.h"

#include <memory>
#include <string>

#include "movienet/rec/predictor.h"
#include "movienet/rec/ranking_scorer.h"
#include "movienet/rec/rating_trainer.h"

namespace movienet::bench {

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
                fitted.scorer = predictor_ranking_scorer(predictor, data.catalogue, RankBy::Both);
                fitted.more_rows = {{"movienet by watch", predictor_ranking_scorer(predictor, data.catalogue, RankBy::Watch)},
                                    {"movienet by rating (0.1)", predictor_ranking_scorer(predictor, data.catalogue, RankBy::Rating)}};
                return fitted;
            }};
}

}  // namespace movienet::bench
