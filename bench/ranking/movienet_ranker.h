// The movienet rows: one model trained on the training ratings exactly as
// `movienet train` does by default (RatingTrainOptions' defaults), ranked
// three ways through Predictor::rank_scores: watch and enjoy (the default of
// `recommend`), watch alone, and predicted rating alone (what 0.1 did).
#pragma once

#include "ranker.h"

namespace movienet::bench {

constexpr const char* movienet_default_row = "movienet (watch and enjoy, the default)";

Ranker movienet_ranker();

}  // namespace movienet::bench
