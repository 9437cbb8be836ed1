// The "movienet by rating" row: the default rating model, trained on the
// training ratings exactly as `movienet train` does by default
// (RatingTrainOptions' defaults), ranking movies by predicted rating
// (Predictor::predict_all, clamped to the scale as the app shows them).
#pragma once

#include "ranker.h"

namespace movienet::bench {

Ranker movienet_rating_ranker();

}  // namespace movienet::bench
