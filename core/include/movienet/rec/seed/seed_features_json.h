// The seed feature encoder's fitted state as JSON, inside the model file's
// "seed" section: layout tag, genre count, global and per-movie statistics,
// and the per-feature standardisation.
#pragma once

#include <string>

#include "movienet/io/json_writer.h"
#include "movienet/rec/seed/seed_features.h"

namespace movienet {

Json seed_features_to_json(const SeedFeatureEncoder& encoder);
// Strict: Error(ModelFormat) naming the field under `path`.
SeedFeatureEncoder seed_features_from_json(const Json& json, const std::string& path);

}  // namespace movienet
