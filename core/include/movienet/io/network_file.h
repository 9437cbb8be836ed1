// The network file, format v1 (JSON):
//   { "format": "movienet-network", "version": 1,
//     "architecture": { "input": 100, "layers": [ {"type": "dense", "units": 64}, {"type": "relu"}, ... ] },
//     "params": { "dtype": "float32" | "float16", "shape": [n], "data": "<base64, little-endian>" },
//     "metadata": { ... free-form ... } }
// params holds every dense layer's W (units x inputs, column-major) then b, in layer order.
#pragma once

#include <string>

#include "movienet/io/codec.h"
#include "movienet/io/json_fields.h"
#include "movienet/io/json_writer.h"
#include "movienet/nn/network.h"

namespace movienet {

constexpr const char* network_format_name = "movienet-network";
constexpr int network_format_version = 1;

struct NetworkFile {
    Network network;
    std::string metadata_json = "{}";  // the file's free-form "metadata" object, verbatim
};

Json architecture_to_json(const Architecture& arch);
Architecture architecture_from_json(const JsonNode& json, const std::string& path);

// The network as the JSON object above (also embedded in the MovieLens model file).
Json network_to_json(const Network& net, Dtype dtype);
Network network_from_json(const JsonNode& json, const std::string& path);

std::string save_network_string(const Network& net, const Json& metadata, Dtype dtype = Dtype::Float32);
// Validates everything; Error(ModelFormat) names the source and the offending field.
NetworkFile load_network_string(const std::string& text, const std::string& source = "network");

void save_network_file(const std::string& path, const Network& net, const Json& metadata,
                       Dtype dtype = Dtype::Float32);
NetworkFile load_network_file(const std::string& path);

}  // namespace movienet
