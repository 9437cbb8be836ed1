// JSON through nlohmann/json: model metadata and the safetensors header are
// written with it, version-1 files read (json_fields.h). movienet.wasm links
// none of it: its safetensors header comes from JSON.parse.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace movienet {

using Json = nlohmann::json;

// Serialises compactly; invalid UTF-8 in user-given strings (a Latin-1 CSV
// header, say) becomes U+FFFD instead of failing the save.
std::string dump_json(const Json& json);

}  // namespace movienet
