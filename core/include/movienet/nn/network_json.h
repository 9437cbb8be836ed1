// Version 1 of the network section (JSON with base64 weights), read with
// nlohmann/json by `movienet convert`; native builds only.
//   { "architecture": { "input": 100, "layers": [ {"type": "dense", "units": 64}, {"type": "relu"}, ... ] },
//     "params": { "dtype": "float32" | "float16", "shape": [n], "data": "<base64, little-endian>" } }
// params holds every dense layer's W (units x inputs, column-major) then b, in layer order.
#pragma once

#include <string>

#include "movienet/io/codec.h"
#include "movienet/io/json_fields.h"
#include "movienet/nn/network.h"

namespace movienet {

Architecture architecture_from_json(const Json& json, const std::string& path);
Network network_from_json(const Json& json, const std::string& path);

// A whole version-1 network file ({"format": "movienet-network", "version": 1, ..., "metadata"}).
struct NetworkFile;
NetworkFile network_file_from_json_v1(const std::string& text, const std::string& source);

}  // namespace movienet
