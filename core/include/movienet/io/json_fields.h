// Strict reads of JSON model files: every failure is Error(ModelFormat)
// naming the field's path, e.g. "architecture.layers[2].units: expected an integer".
#pragma once

#include <string>

#include "movienet/base/error.h"
#include "movienet/io/json_reader.h"

namespace movienet {

const JsonNode& require_field(const JsonNode& object, const std::string& key, const std::string& path);
const std::string& require_string(const JsonNode& object, const std::string& key, const std::string& path);
long long require_integer(const JsonNode& object, const std::string& key, const std::string& path,
                          long long min, long long max);
double require_number(const JsonNode& object, const std::string& key, const std::string& path);
const JsonNode& require_array(const JsonNode& object, const std::string& key, const std::string& path);
const JsonNode& require_object(const JsonNode& object, const std::string& key, const std::string& path);

// The top of every movienet file: an object whose "format" and "version" are
// these, e.g. "format: \"keras\" is not a movienet-network file".
void require_format(const JsonNode& file, const char* format, int version);

// The error to throw for one that escaped reading `source`: Error(ModelFormat)
// "<source>: <message>", or the error itself if its message names the source.
Error with_source(const Error& error, const std::string& source);

// Runs read(), naming `source` in any Error it throws (see with_source).
template <class Read>
auto read_from(const std::string& source, Read&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const Error& e) {
        throw with_source(e, source);
    }
}

}  // namespace movienet
