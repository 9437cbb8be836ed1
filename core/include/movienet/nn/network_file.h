// The network file, format "movienet-network" version 2: safetensors
// (io/safetensors.h) holding an nn.Sequential as PyTorch names it, so
// `safetensors.torch.load_file` gives its state_dict:
//   tensors  "<i>.weight" [units, inputs] and "<i>.bias" [units] for each dense layer i
//   __metadata__  "format": "movienet-network", "version": "2",
//                 "layers": "dense,relu,dense,sigmoid" (the layer types in order),
//                 "metadata": "<free-form JSON object, as text>"
// Inside a model file the same tensors and "layers" key carry a prefix
// ("pooled.head.0.weight", "pooled.head.layers").
#pragma once

#include <string>

#include "movienet/io/codec.h"
#include "movienet/io/json_writer.h"
#include "movienet/io/safetensors.h"
#include "movienet/nn/network.h"

namespace movienet {

constexpr const char* network_format_name = "movienet-network";
constexpr int network_format_version = 2;

struct NetworkFile {
    Network network;
    std::string metadata_json = "{}";  // the file's free-form "metadata" object, as JSON text
};

void network_to_tensors(const Network& net, const std::string& prefix, Dtype dtype, SafetensorsWriter& out);
// Units and input size come from the weights' shapes; errors name the tensor.
Network network_from_tensors(const Safetensors& file, const std::string& prefix);

// A validated network file (format, version, tensors).
NetworkFile network_file_from(const Safetensors& file);

std::string save_network_string(const Network& net, const Json& metadata, Dtype dtype = Dtype::Float32);
// Validates everything; Error(ModelFormat) names the source and the offending tensor or field.
// A version-1 JSON file is an error naming `movienet convert`.
NetworkFile load_network_string(std::string bytes, const std::string& source = "network");

void save_network_file(const std::string& path, const Network& net, const Json& metadata,
                       Dtype dtype = Dtype::Float32);
NetworkFile load_network_file(const std::string& path);

}  // namespace movienet
