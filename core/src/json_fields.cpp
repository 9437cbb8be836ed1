#include "movienet/json_fields.h"

#include <cmath>

#include "movienet/error.h"

namespace movienet {

namespace {
std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
}  // namespace

std::string dump_json(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json parse_json(const std::string& text, const std::string& source) {
    try {
        return Json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(ErrorCode::ModelFormat, source + ": not valid JSON at byte " + std::to_string(e.byte) +
                                                " (truncated or corrupted file?)");
    }
}

const Json& require_field(const Json& object, const std::string& key, const std::string& path) {
    if (!object.is_object()) throw Error(ErrorCode::ModelFormat, (path.empty() ? "file" : path) + ": expected an object");
    const auto it = object.find(key);
    if (it == object.end()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": missing");
    return *it;
}

std::string require_string(const Json& object, const std::string& key, const std::string& path) {
    const Json& value = require_field(object, key, path);
    if (!value.is_string()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected a string");
    return value.get<std::string>();
}

long long require_integer(const Json& object, const std::string& key, const std::string& path, long long min,
                          long long max) {
    const Json& value = require_field(object, key, path);
    if (!value.is_number_integer()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected an integer");
    const long long n = value.get<long long>();
    if (n < min || n > max)
        throw Error(ErrorCode::ModelFormat, join(path, key) + ": " + std::to_string(n) + " is outside [" +
                                                std::to_string(min) + ", " + std::to_string(max) + "]");
    return n;
}

double require_number(const Json& object, const std::string& key, const std::string& path) {
    const Json& value = require_field(object, key, path);
    if (!value.is_number() || !std::isfinite(value.get<double>()))
        throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected a finite number");
    return value.get<double>();
}

const Json& require_array(const Json& object, const std::string& key, const std::string& path) {
    const Json& value = require_field(object, key, path);
    if (!value.is_array()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected an array");
    return value;
}

const Json& require_object(const Json& object, const std::string& key, const std::string& path) {
    const Json& value = require_field(object, key, path);
    if (!value.is_object()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected an object");
    return value;
}

}  // namespace movienet
