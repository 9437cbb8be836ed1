#include "movienet/io/json_fields.h"

#include <cmath>
#include <limits>
#include <set>
#include <vector>

#include "movienet/base/error.h"

namespace movienet {

namespace {

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

[[noreturn]] void fail_parse(const std::string& source, const std::string& what) {
    throw Error(ErrorCode::ModelFormat, source + ": not valid JSON" + what + " (truncated or corrupted file?)");
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 9:
// <what>; last read: '<token>'" as " at line 1, column 9: <what>". The token
// goes: it can be a whole base64 string, or invalid UTF-8.
std::string parse_error_text(const std::string& what) {
    std::string text = what.substr(what.find(']') + 1);
    if (const std::size_t at = text.find(" at line "); at != std::string::npos) text = text.substr(at);
    if (const std::size_t token = text.find("; last read: "); token != std::string::npos)
        text.erase(token, text.find("; expected ", token) - token);
    return text;
}

}  // namespace

Json parse_json_file(std::string_view text, const std::string& source) {
    std::vector<std::set<std::string>> keys;  // of each open object
    const Json::parser_callback_t check = [&](int depth, Json::parse_event_t event, Json& parsed) {
        switch (event) {
            case Json::parse_event_t::object_start:
            case Json::parse_event_t::array_start:
                if (depth >= max_json_depth)
                    fail_parse(source, ": nested deeper than " + std::to_string(max_json_depth) + " levels");
                if (event == Json::parse_event_t::object_start) keys.emplace_back();
                break;
            case Json::parse_event_t::key:
                if (!keys.back().insert(parsed.get<std::string>()).second)
                    fail_parse(source, ": an object has the key \"" + parsed.get<std::string>() + "\" twice");
                break;
            case Json::parse_event_t::object_end: keys.pop_back(); break;
            default: break;
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), check);
    } catch (const Json::parse_error& e) {
        fail_parse(source, parse_error_text(e.what()));
    } catch (const Json::exception& e) {  // out_of_range.406: a number beyond double
        throw Error(ErrorCode::ModelFormat, source + ":" + parse_error_text(e.what()));
    }
}

std::optional<long long> integer_value(const Json& value) {
    if (value.is_number_unsigned()) {
        const auto n = value.get<unsigned long long>();
        if (n > static_cast<unsigned long long>(std::numeric_limits<long long>::max())) return std::nullopt;
        return static_cast<long long>(n);
    }
    if (value.is_number_integer()) return value.get<long long>();
    return std::nullopt;
}

const Json& require_field(const Json& object, const std::string& key, const std::string& path) {
    if (!object.is_object()) throw Error(ErrorCode::ModelFormat, (path.empty() ? "file" : path) + ": expected an object");
    const auto value = object.find(key);
    if (value == object.end()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": missing");
    return *value;
}

const std::string& require_string(const Json& object, const std::string& key, const std::string& path) {
    const Json& value = require_field(object, key, path);
    if (!value.is_string()) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected a string");
    return value.get_ref<const std::string&>();
}

long long require_integer(const Json& object, const std::string& key, const std::string& path, long long min,
                          long long max) {
    const std::optional<long long> n = integer_value(require_field(object, key, path));
    if (!n) throw Error(ErrorCode::ModelFormat, join(path, key) + ": expected an integer");
    if (*n < min || *n > max)
        throw Error(ErrorCode::ModelFormat, join(path, key) + ": " + std::to_string(*n) + " is outside [" +
                                                std::to_string(min) + ", " + std::to_string(max) + "]");
    return *n;
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

void require_format(const Json& file, const char* format, int version) {
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
