#include "movienet/nn/network_import.h"

#include <algorithm>

#include "movienet/base/error.h"

namespace movienet {

namespace {

// Layer i's movienet type from one item of the list named `list_name`.
std::string layer_type(const Safetensors& file, const std::string& list_name, const std::string& item, std::size_t i) {
    if (item == "linear" || item == "dense") return "dense";
    if (item == "relu" || item == "sigmoid" || item == "tanh" || item == "identity") return item;
    file.fail(list_name + "[" + std::to_string(i) + "]: unknown layer type \"" + item +
              "\" (expected linear, relu, sigmoid, tanh or identity)");
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> items;
    for (std::size_t start = 0; start <= list.size();) {
        std::size_t end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        std::string item = list.substr(start, end - start);
        // Forgiving about spaces and case ("Linear, ReLU"), as people type them.
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        for (char& c : item) c = c >= 'A' && c <= 'Z' ? char(c + 32) : c;
        items.push_back(item);
        start = end + 1;
    }
    return items;
}

}  // namespace

std::string torch_layer_list(const Safetensors& file, const std::string& given) {
    const std::string* written = file.find_metadata(import_layers_key);
    if (given.empty() && !written)
        file.fail(std::string("no layer types: a PyTorch state_dict does not record its activation modules; give them "
                              "(e.g. --layers linear,relu,linear,sigmoid) or write them into __metadata__.") +
                  import_layers_key);
    if (!given.empty() && written && split_list(given) != split_list(*written))
        file.fail("the layer types given (" + given + ") differ from __metadata__." + import_layers_key + " (" +
                  *written + ")");
    return given.empty() ? *written : given;
}

Network network_from_sequential(const Safetensors& file, const std::string& layers, WeightLayout layout,
                                const std::string& prefix) {
    const bool torch = layout == WeightLayout::Torch;
    const char* weight = torch ? ".weight" : ".kernel";
    // Errors about the list name where it came from: a model file's metadata key, or the import's list.
    const std::string list_name = prefix.empty() ? "layers" : "__metadata__." + prefix + "layers";
    const std::vector<std::string> items = split_list(layers);
    Architecture arch;
    for (std::size_t i = 0; i < items.size(); ++i) arch.layers.push_back({layer_type(file, list_name, items[i], i), 0});

    // Every tensor must be a parameter of a declared linear layer: a list
    // that does not match the file fails here, not in the predictions.
    // Weights before biases, so that a wrong list names the weight it cannot place.
    for (int pass = 0; pass < 2; ++pass) {
        for (const TensorInfo& t : file.tensors()) {
            const std::string& name = t.name;
            if (name.compare(0, prefix.size(), prefix) != 0) continue;  // another part of a model file
            const std::size_t dot = name.find('.', prefix.size());
            const std::string index = name.substr(prefix.size(), dot - prefix.size()),
                              suffix = dot == std::string::npos ? "" : name.substr(dot);
            if ((suffix == weight) != (pass == 0)) continue;
            // std::stoul would bring its exceptions into movienet.wasm.
            std::size_t i = 0;
            bool numeric = !index.empty() && index.size() < 7;
            for (char c : index) {
                numeric = numeric && c >= '0' && c <= '9';
                i = i * 10 + std::size_t(c - '0');
            }
            if (!numeric || (suffix != weight && suffix != ".bias"))
                file.fail(name + ": not a parameter of a sequential stack (expected \"<i>" + weight + "\" or \"<i>.bias\")");
            if (i >= arch.layers.size())
                file.fail(name + ": layer " + index + " is past the " + std::to_string(arch.layers.size()) +
                          " layers given (" + layers + ")");
            if (arch.layers[i].type != "dense")
                file.fail(name + ": " + list_name + "[" + index + "] is declared " + items[i] + ", which has no parameters");
        }
    }

    // Shapes first: each layer's inputs must be the previous layer's units.
    Index size = -1;
    std::string previous;
    for (std::size_t i = 0; i < arch.layers.size(); ++i) {
        LayerSpec& layer = arch.layers[i];
        if (layer.type != "dense") continue;
        const std::string name = prefix + std::to_string(i) + weight;
        const TensorInfo& w = file.require(name, {TensorDtype::F32, TensorDtype::F16}, {-1, -1});
        const int64_t units = torch ? w.shape[0] : w.shape[1], inputs = torch ? w.shape[1] : w.shape[0];
        if (units < 1 || inputs < 1) file.fail(name + ": empty layer");
        if (size >= 0 && inputs != size)
            file.fail(name + ": takes " + std::to_string(inputs) + " inputs, but " + previous + " gives " +
                      std::to_string(size) + " outputs (the shapes do not chain)");
        if (size < 0) arch.input = inputs;
        layer.units = units;
        const std::string bias = prefix + std::to_string(i) + ".bias";
        if (torch || file.find(bias)) file.require(bias, {TensorDtype::F32, TensorDtype::F16}, {units});
        size = units;
        previous = name;
    }
    try {
        validate_architecture(arch, ErrorCode::ModelFormat);
    } catch (const Error& e) {
        file.fail(list_name + " (" + layers + "): " + e.what());
    }

    Network net(arch);
    float* p = net.params().data();  // per dense layer: units x inputs column-major, then the bias
    Index inputs = arch.input;
    for (std::size_t i = 0; i < arch.layers.size(); ++i) {
        const Index units = arch.layers[i].units;
        if (arch.layers[i].type != "dense") continue;
        const std::string name = prefix + std::to_string(i) + weight, bias = prefix + std::to_string(i) + ".bias";
        const std::vector<float> w = file.floats(name, torch ? std::vector<int64_t>{units, inputs} : std::vector<int64_t>{inputs, units});
        // Column-major [units, inputs] is row-major [inputs, units]: Keras's
        // kernel as it is; PyTorch's [out, in] transposed.
        if (torch) {
            for (Index o = 0; o < units; ++o)
                for (Index in = 0; in < inputs; ++in) p[in * units + o] = w[std::size_t(o * inputs + in)];
        } else {
            std::copy(w.begin(), w.end(), p);
        }
        p += units * inputs;
        if (file.find(bias)) {
            const std::vector<float> b = file.floats(bias, {units});
            std::copy(b.begin(), b.end(), p);
        }  // else zeros: a Keras Dense with use_bias false
        p += units;
        inputs = units;
    }
    return net;
}

}  // namespace movienet
