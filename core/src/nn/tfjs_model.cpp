#include "movienet/nn/tfjs_model.h"

#include <nlohmann/json.hpp>

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/nn/network_import.h"

namespace movienet {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw Error(ErrorCode::ModelFormat, source + ": " + what);
}

const json* member(const json& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

struct DenseSlot {
    std::string name;  // the Keras layer name, which prefixes its weights' names
    std::size_t index;  // its linear layer's position in the layer list
    bool use_bias;
    bool has_kernel = false, has_bias = false;
};

// "dense_Dense1/kernel" or "sequential/dense_Dense1/kernel": the slot and "kernel"/"bias".
DenseSlot* weight_slot(std::vector<DenseSlot>& slots, const std::string& name, std::string& part) {
    const std::size_t slash = name.rfind('/');
    if (slash == std::string::npos) return nullptr;
    part = name.substr(slash + 1);
    const std::string owner = name.substr(0, slash);
    for (DenseSlot& s : slots)
        if (owner == s.name) return &s;
    for (DenseSlot& s : slots)
        if (owner.size() > s.name.size() && owner.compare(owner.size() - s.name.size() - 1, std::string::npos, "/" + s.name) == 0)
            return &s;
    return nullptr;
}

}  // namespace

TfjsWeights read_tfjs_model(const std::string& model_json, const std::string& source,
                            const std::function<std::string(const std::string& path)>& read_shard) {
    const json root = json::parse(model_json, nullptr, false);
    if (root.is_discarded()) fail(source, "not valid JSON");
    if (!root.is_object()) fail(source, "expected a JSON object (a TF.js model.json)");
    const json* format = member(root, "format");
    if (format && (!format->is_string() || *format != "layers-model"))
        fail(source, "format: " + format->dump() + " is not a TF.js layers model (\"layers-model\")");
    const json* topology = member(root, "modelTopology");
    if (!topology || !topology->is_object()) fail(source, "modelTopology: missing (not a TF.js layers model.json)");
    if (const json* config = member(*topology, "model_config")) topology = config;  // as tensorflowjs_converter writes it
    const json* class_name = member(*topology, "class_name");
    if (!class_name || !class_name->is_string() || *class_name != "Sequential")
        fail(source, "modelTopology.class_name: " + (class_name ? class_name->dump() : std::string("missing")) +
                         ", only Sequential models import");
    const json* config = member(*topology, "config");
    const json* list = config && config->is_object() ? member(*config, "layers") : config;  // older Keras: config is the list
    if (!list || !list->is_array()) fail(source, "modelTopology.config.layers: expected an array");

    std::string layers;
    std::size_t count = 0;
    auto add = [&](const std::string& type) {
        layers += (count++ ? "," : "") + type;
    };
    std::vector<DenseSlot> slots;
    const json* input_shape = nullptr;
    std::string input_where;
    for (std::size_t k = 0; k < list->size(); ++k) {
        const json& layer = (*list)[k];
        std::string where = "modelTopology layers[" + std::to_string(k) + "]";
        const json* cls = layer.is_object() ? member(layer, "class_name") : nullptr;
        const json* cfg = layer.is_object() ? member(layer, "config") : nullptr;
        if (!cls || !cls->is_string() || !cfg || !cfg->is_object()) fail(source, where + ": expected {class_name, config}");
        const json* name = member(*cfg, "name");
        if (name && name->is_string()) where += " (" + name->get<std::string>() + ")";
        const std::string type = cls->get<std::string>();
        // The declared input, checked against the first kernel below (Keras 3 says "batch_shape").
        for (const char* key : {"batch_input_shape", "batch_shape"})
            if (const json* shape = member(*cfg, key); shape && !input_shape) {
                input_shape = shape;
                input_where = where + "." + key;
            }
        auto activation = [&]() {
            const json* a = member(*cfg, "activation");
            if (!a) return;  // Keras's default: linear
            if (!a->is_string()) fail(source, where + ".activation: expected a string");
            const std::string s = a->get<std::string>();
            if (s == "linear") return;
            if (s != "relu" && s != "sigmoid" && s != "tanh")
                fail(source, where + ".activation: \"" + s + "\" is not supported (linear, relu, sigmoid, tanh)");
            add(s);
        };
        if (type == "Dense") {
            if (!name || !name->is_string()) fail(source, where + ".name: expected a string");
            const json* use_bias = member(*cfg, "use_bias");
            if (use_bias && !use_bias->is_boolean()) fail(source, where + ".use_bias: expected true or false");
            slots.push_back({name->get<std::string>(), count, !use_bias || use_bias->get<bool>()});
            add("linear");
            activation();
        } else if (type == "Activation") {
            if (!member(*cfg, "activation")) fail(source, where + ".activation: missing");
            activation();
        } else if (type != "InputLayer" && type != "Dropout") {
            fail(source, where + ": class " + type + " is not supported (Dense, Activation, Dropout, InputLayer)");
        }
    }
    if (slots.empty()) fail(source, "modelTopology: no Dense layer");

    const json* manifest = member(root, "weightsManifest");
    if (!manifest || !manifest->is_array()) fail(source, "weightsManifest: missing (the weights' names and shapes)");
    std::string bytes;
    SafetensorsHeader header;
    for (std::size_t g = 0; g < manifest->size(); ++g) {
        const json& group = (*manifest)[g];
        const std::string where = "weightsManifest[" + std::to_string(g) + "]";
        const json* paths = group.is_object() ? member(group, "paths") : nullptr;
        const json* weights = group.is_object() ? member(group, "weights") : nullptr;
        if (!paths || !paths->is_array() || !weights || !weights->is_array())
            fail(source, where + ": expected {paths, weights}");
        // A group's weights lie one after another across its shards, concatenated.
        const uint64_t start = bytes.size();
        std::string names;
        for (const json& path : *paths) {
            if (!path.is_string()) fail(source, where + ".paths: expected strings");
            std::string shard = read_shard(path.get<std::string>());
            if (bytes.size() + shard.size() > max_import_bytes)
                fail(source, "the weight files are larger than the limit of " + std::to_string(max_import_bytes) + " bytes");
            bytes += shard;
            names += (names.empty() ? "" : ", ") + path.get<std::string>();
        }
        uint64_t offset = start;
        for (std::size_t w = 0; w < weights->size(); ++w) {
            const json& spec = (*weights)[w];
            std::string at = where + ".weights[" + std::to_string(w) + "]";
            const json* name = spec.is_object() ? member(spec, "name") : nullptr;
            const json* shape = spec.is_object() ? member(spec, "shape") : nullptr;
            const json* dtype = spec.is_object() ? member(spec, "dtype") : nullptr;
            if (!name || !name->is_string()) fail(source, at + ".name: expected a string");
            at += " (" + name->get<std::string>() + ")";
            if (!shape || !shape->is_array()) fail(source, at + ".shape: expected an array");
            if (member(spec, "quantization"))
                fail(source, at + ": quantized weights are not supported (export float32 weights)");
            if (!dtype || !dtype->is_string() || *dtype != "float32")
                fail(source, at + ".dtype: " + (dtype ? dtype->dump() : std::string("missing")) +
                                 ", only float32 weights are supported");
            TensorInfo t;
            uint64_t n = 1;
            for (const json& d : *shape) {
                if (!d.is_number_unsigned() || d.get<uint64_t>() > (uint64_t(1) << 31))
                    fail(source, at + ".shape: expected non-negative integers");
                t.shape.push_back(int64_t(d.get<uint64_t>()));
                n *= d.get<uint64_t>();
                if (n > max_import_bytes) fail(source, at + ".shape: too large");
            }
            t.begin = offset;
            t.end = offset + 4 * n;
            offset = t.end;
            std::string part;
            DenseSlot* slot = weight_slot(slots, name->get<std::string>(), part);
            if (!slot || (part != "kernel" && part != "bias"))
                fail(source, at + ": not the kernel or bias of a Dense layer of modelTopology");
            bool& seen = part == "kernel" ? slot->has_kernel : slot->has_bias;
            if (seen) fail(source, at + ": a second " + part + " for layer " + slot->name);
            seen = true;
            t.name = std::to_string(slot->index) + (part == "kernel" ? ".kernel" : ".bias");
            header.tensors.push_back(std::move(t));
        }
        if (offset - start != bytes.size() - start)
            fail(source, where + ": the weights need " + std::to_string(offset - start) + " bytes, but " + names +
                             " hold " + std::to_string(bytes.size() - start));
    }
    for (const DenseSlot& s : slots) {
        if (!s.has_kernel) fail(source, "weightsManifest: no kernel for Dense layer " + s.name);
        if (s.use_bias && !s.has_bias) fail(source, "weightsManifest: no bias for Dense layer " + s.name + " (use_bias is true)");
        if (!s.use_bias && s.has_bias) fail(source, "weightsManifest: a bias for Dense layer " + s.name + ", whose use_bias is false");
    }
    if (input_shape) {
        // A Dense on [batch, a, b] acts on the last axis alone: not this network.
        const json& shape = *input_shape;
        if (!shape.is_array() || shape.size() != 2 || !shape[1].is_number_unsigned())
            fail(source, input_where + ": " + shape.dump() + ", only [null, features] inputs import");
        for (const TensorInfo& t : header.tensors)
            if (t.name == std::to_string(slots[0].index) + ".kernel" && t.shape.size() == 2 &&
                uint64_t(t.shape[0]) != shape[1].get<uint64_t>())
                fail(source, input_where + ": " + shape.dump() + ", but the kernel of " + slots[0].name + " takes " +
                                 std::to_string(t.shape[0]) + " inputs");
    }
    return {layers, Safetensors(std::move(bytes), 0, std::move(header), source)};
}

Network load_tfjs_network(const std::string& model_json_path) {
    const std::size_t slash = model_json_path.rfind('/');
    const std::string folder = slash == std::string::npos ? "" : model_json_path.substr(0, slash + 1);
    const TfjsWeights model = read_tfjs_model(read_file(model_json_path, max_import_bytes), model_json_path, [&](const std::string& path) {
        if (path.empty() || path[0] == '/' || path.find("://") != std::string::npos)
            fail(model_json_path, "weightsManifest path \"" + path + "\": expected a file name relative to model.json");
        return read_file(folder + path, max_import_bytes);
    });
    return network_from_sequential(model.tensors, model.layers, WeightLayout::Keras);
}

}  // namespace movienet
