// A Keras Dense stack in the TF.js layers format (model.json with
// "modelTopology" and "weightsManifest", plus the .bin weight shards), read
// natively with nlohmann/json into what network_import.h takes. wasm/js/tfjs-import.js reads
// the same format with JSON.parse for the browser (tfjsTensors); keep the two
// in step.
//
// Sequential models only, of Dense (activation linear, relu, sigmoid, tanh),
// Activation, Dropout (a no-op at inference) and InputLayer; float32 weights;
// a declared input of [null, n], n the first kernel's inputs.
// Anything else is Error(ModelFormat) naming model.json's layer or weight.
#pragma once

#include <functional>
#include <string>

#include "movienet/io/safetensors.h"
#include "movienet/nn/network.h"

namespace movienet {

struct TfjsWeights {
    std::string layers;   // e.g. "linear,relu,linear,sigmoid" (network_import.h)
    Safetensors tensors;  // "<i>.kernel" [in, out], "<i>.bias" [out] over the concatenated shards
};

// `read_shard(path)` gives the bytes of a weight file as the manifest names it.
TfjsWeights read_tfjs_model(const std::string& model_json, const std::string& source,
                            const std::function<std::string(const std::string& path)>& read_shard);

// model.json and its shards from the folder model.json is in.
Network load_tfjs_network(const std::string& model_json_path);

}  // namespace movienet
