// Strict reads of JSON model files: every failure is Error(ModelFormat)
// naming the field's path, e.g. "architecture.layers[2].units: expected an integer".
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace movienet {

using Json = nlohmann::json;

// Serialises compactly; invalid UTF-8 in user-given strings (a Latin-1 CSV
// header, say) becomes U+FFFD instead of failing the save.
std::string dump_json(const Json& json);

// Parses text; a syntax error names the source and byte offset.
Json parse_json(const std::string& text, const std::string& source);

const Json& require_field(const Json& object, const std::string& key, const std::string& path);
std::string require_string(const Json& object, const std::string& key, const std::string& path);
long long require_integer(const Json& object, const std::string& key, const std::string& path,
                          long long min, long long max);
double require_number(const Json& object, const std::string& key, const std::string& path);
const Json& require_array(const Json& object, const std::string& key, const std::string& path);
const Json& require_object(const Json& object, const std::string& key, const std::string& path);

}  // namespace movienet
