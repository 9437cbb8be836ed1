// The two reference rows every ranking table starts with: random scores (the
// floor) and most-popular (training rating counts, the usual strong baseline
// on MovieLens).
#pragma once

#include "ranker.h"

namespace movienet::bench {

// Uniform scores from a generator seeded by the data's seed and the viewer.
Ranker random_ranker();
// Scores are the number of training ratings of each movie.
Ranker popular_ranker();

}  // namespace movienet::bench
