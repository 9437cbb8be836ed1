// The will-watch ranking of a Predictor as a scorer for the ranking metrics
// (ranking_metrics.h): `movienet eval` and bench/ranking score with this one
// function, so they measure the same thing.
#pragma once

#include <memory>

#include "movienet/rec/predictor.h"
#include "movienet/rec/ranking_metrics.h"

namespace movienet {

// Scores every movie of `catalogue` (the cases' catalogue; matched to the
// model's by id, movies the model lacks get -infinity) for a case's history,
// oldest first, by Predictor::rank_scores(history, by).
CatalogueScorer predictor_ranking_scorer(std::shared_ptr<const Predictor> predictor, const Catalogue& catalogue,
                                         RankBy by);

}  // namespace movienet
