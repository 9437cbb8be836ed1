#include "movienet/json_fields.h"

#include <cmath>

#include "movienet/error.h"

namespace movienet {

namespace {
std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
}  // namespace

const JsonNode& require_field(const JsonNode& object, const std::string& key, const std::string& path) {
    if (!object.is_object()) throw Error(ErrorCode::ModelFormat, (path.empty() ? "file" : path) + ": expected an object");
    const JsonNode* value = object.find(key);
    if (!value) throw Error(ErrorCode::ModelFormat, join(path, key) + ": missing");
    return *value;
}

const std::string& require_string(const JsonNode& object, const std::string& key, const std::string& path) {
    const JsonNode& value = require_field(object, key, path);
    if (!value.is_string()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected a string");
    return value.string();
}

long long require_integer(const JsonNode& object, const std::string& key, const std::string& path, long long min,
                          long long max) {
    const JsonNode& value = require_field(object, key, path);
    if (!value.is_integer()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected an integer");
    const long long n = value.integer();
    if (n < min || n > max)
        throw Error(ErrorCode::ModelFormat, join(path, key) + ": " + std::to_string(n) + " is outside [" +
                                                std::to_string(min) + ", " + std::to_string(max) + "]");
    return n;
}

double require_number(const JsonNode& object, const std::string& key, const std::string& path) {
    const JsonNode& value = require_field(object, key, path);
    if (!value.is_number() || !std::isfinite(value.number()))
        throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected a finite number");
    return value.number();
}

const JsonNode& require_array(const JsonNode& object, const std::string& key, const std::string& path) {
    const JsonNode& value = require_field(object, key, path);
    if (!value.is_array()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected an array");
    return value;
}

const JsonNode& require_object(const JsonNode& object, const std::string& key, const std::string& path) {
    const JsonNode& value = require_field(object, key, path);
    if (!value.is_object()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected an object");
    return value;
}

}  // namespace movienet
