// The seed architecture's fitted feature encoder in a model file (version 2),
// as tensors under a prefix ("seed.features."):
//   stats F64 [6]: global mean, global variance, year mean, year sd, popularity mean, popularity sd
//   genre_prior F64 [G]; years I32 [M]; movie_genre_offsets I32 [M + 1], movie_genres I32 [n]
//   movie_count I32 [M]; movie_sum, movie_sq_sum F64 [M]; feature_mean, feature_scale F32 [4G + 20]
//   __metadata__ "<prefix>layout": "seed_features_v1"
#pragma once

#include <string>

#include "movienet/io/safetensors.h"
#include "movienet/rec/seed/seed_features.h"

namespace movienet {

void seed_features_to_tensors(const SeedFeatureEncoder& encoder, const std::string& prefix, SafetensorsWriter& out);
SeedFeatureEncoder seed_features_from_tensors(const Safetensors& file, const std::string& prefix);

}  // namespace movienet
