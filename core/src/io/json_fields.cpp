#include "movienet/io/json_fields.h"

#include <cmath>

#include "movienet/base/error.h"

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

void require_format(const JsonNode& file, const char* format, int version) {
    if (!file.is_object()) throw Error(ErrorCode::ModelFormat, "expected a JSON object");
    const std::string& written = require_string(file, "format", "");
    if (written != format)
        throw Error(ErrorCode::ModelFormat, "format: \"" + written + "\" is not a " + format + " file");
    const long long written_version = require_integer(file, "version", "", 0, 1 << 30);
    if (written_version != version)
        throw Error(ErrorCode::ModelFormat, "version: " + std::to_string(written_version) +
                                                " is not supported (this build reads version " + std::to_string(version) + ")");
}

Error with_source(const Error& error, const std::string& source) {
    const std::string message = error.what();
    if (message.rfind(source + ":", 0) == 0) return error;
    return Error(ErrorCode::ModelFormat, source + ": " + message);
}

}  // namespace movienet
