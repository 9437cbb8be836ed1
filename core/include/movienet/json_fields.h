// Strict reads of JSON model files: every failure is Error(ModelFormat)
// naming the field's path, e.g. "architecture.layers[2].units: expected an integer".
#pragma once

#include <string>

#include "movienet/json_reader.h"

namespace movienet {

const JsonNode& require_field(const JsonNode& object, const std::string& key, const std::string& path);
const std::string& require_string(const JsonNode& object, const std::string& key, const std::string& path);
long long require_integer(const JsonNode& object, const std::string& key, const std::string& path,
                          long long min, long long max);
double require_number(const JsonNode& object, const std::string& key, const std::string& path);
const JsonNode& require_array(const JsonNode& object, const std::string& key, const std::string& path);
const JsonNode& require_object(const JsonNode& object, const std::string& key, const std::string& path);

}  // namespace movienet
