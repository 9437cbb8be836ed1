// Writing JSON files (models, networks, checkpoints) with nlohmann/json.
// Reading goes through json_reader.h, so the wasm module never links this.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace movienet {

using Json = nlohmann::json;

// Serialises compactly; invalid UTF-8 in user-given strings (a Latin-1 CSV
// header, say) becomes U+FFFD instead of failing the save.
std::string dump_json(const Json& json);

}  // namespace movienet
