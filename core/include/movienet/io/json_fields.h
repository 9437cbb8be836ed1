// Strict reads of version-1 JSON files (`movienet convert`, native builds
// only), parsed with nlohmann/json: every failure is Error(ModelFormat)
// naming the field's path, e.g. "architecture.layers[2].units: expected an integer".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "movienet/base/error.h"
#include "movienet/io/json_writer.h"

namespace movienet {

// Deeper nesting is refused: nothing in a version-1 file nests past 4, and
// dumping the free-form metadata recurses.
constexpr int max_json_depth = 256;

// Parses one document. Error(ModelFormat) "<source>: not valid JSON at line L,
// column C: <what>", also for nesting deeper than max_json_depth and for an
// object that has a key twice (nlohmann would keep the last one silently).
Json parse_json_file(std::string_view text, const std::string& source);

// A number written without fraction or exponent that fits in a long long.
std::optional<long long> integer_value(const Json& value);

const Json& require_field(const Json& object, const std::string& key, const std::string& path);
const std::string& require_string(const Json& object, const std::string& key, const std::string& path);
long long require_integer(const Json& object, const std::string& key, const std::string& path,
                          long long min, long long max);
double require_number(const Json& object, const std::string& key, const std::string& path);
const Json& require_array(const Json& object, const std::string& key, const std::string& path);
const Json& require_object(const Json& object, const std::string& key, const std::string& path);

// The top of every movienet file: an object whose "format" and "version" are
// these, e.g. "format: \"keras\" is not a movienet-network file".
void require_format(const Json& file, const char* format, int version);

// The error to throw for one that escaped reading `source`: Error(ModelFormat)
// "<source>: <message>", or the error itself if its message names the source.
Error with_source(const Error& error, const std::string& source);

// Runs read(), naming `source` in any Error it throws (see with_source). A
// nlohmann exception (a get<> the checks missed) is a ModelFormat error too.
template <class Read>
auto read_from(const std::string& source, Read&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const Error& e) {
        throw with_source(e, source);
    } catch (const Json::exception& e) {
        throw Error(ErrorCode::ModelFormat, source + ": " + e.what());
    }
}

}  // namespace movienet
