// Networks made elsewhere (issue #10), read into a movienet Network:
//
// - PyTorch: an nn.Sequential of Linear/ReLU/Sigmoid/Tanh saved with
//   safetensors, tensors "<i>.weight" [out, in] and "<i>.bias" [out] for
//   module i. A state_dict does not record the parameterless modules, so the
//   layer types come from the caller (`movienet import --layers`, loadNetwork's
//   options.layers) or from the file's __metadata__ "layers"; neither, or both
//   disagreeing, is an error rather than a guess.
// - Keras Dense stacks in the TF.js layers format: model.json is JSON, read by
//   the caller (tfjs_model.h natively, JSON.parse in wasm/js/tfjs-import.js), which hands over
//   the layer types and a tensor table over the weight shards with Keras
//   names "<i>.kernel" [in, out] (transposed here) and optional "<i>.bias".
//
// Layer types, comma-separated: "linear" (alias "dense"), "relu", "sigmoid",
// "tanh", "identity". Every tensor must belong to a declared linear layer.
#pragma once

#include <cstdint>
#include <string>

#include "movienet/io/safetensors.h"
#include "movienet/nn/network.h"

namespace movienet {

enum class WeightLayout { Torch, Keras };

// The most bytes an import reads (a file, or TF.js's weight files together):
// 256 MiB, as loadNetwork's limit in wasm/js/sources.js.
constexpr uint64_t max_import_bytes = uint64_t(256) << 20;

// The key a PyTorch exporter writes into __metadata__ for the layer types.
constexpr const char* import_layers_key = "layers";

// The layer list to use: `given` (empty = none given) or the file's
// __metadata__ "layers". Error(ModelFormat) when neither names them, or both
// do and differ.
std::string torch_layer_list(const Safetensors& file, const std::string& given);

// Validates everything (layer names, tensor names, dtypes F32/F16, shapes that
// chain, finite values, size limits); Error(ModelFormat) names the source and
// the tensor or layer. With a prefix ("pooled.head."), only the tensors under
// it are the network's: movienet's own network files and model heads are read
// here too (network_from_tensors), with the layer list from their metadata.
Network network_from_sequential(const Safetensors& file, const std::string& layers, WeightLayout layout,
                                const std::string& prefix = "");

}  // namespace movienet
