#include "movienet/io/network_file.h"

#include "movienet/base/error.h"

namespace movienet {

namespace {

// Dense layer i's weights, column-major units x inputs in Network::params(),
// to and from PyTorch's row-major [units, inputs].
struct DenseSlot {
    Index offset, units, inputs;
};

std::vector<DenseSlot> dense_slots(const Architecture& arch) {
    std::vector<DenseSlot> slots;
    Index size = arch.input, offset = 0;
    for (const LayerSpec& layer : arch.layers) {
        if (layer.type == "dense") {
            slots.push_back({offset, layer.units, size});
            offset += layer.units * size + layer.units;
            size = layer.units;
        } else {
            slots.push_back({-1, 0, 0});
        }
    }
    return slots;
}

}  // namespace

void network_to_tensors(const Network& net, const std::string& prefix, Dtype dtype, SafetensorsWriter& out) {
    const Architecture& arch = net.architecture();
    const std::vector<DenseSlot> slots = dense_slots(arch);
    std::string layers;
    const Dtype weights_dtype = dtype == Dtype::Int8 || dtype == Dtype::Q4 ? Dtype::Float16 : dtype;
    for (std::size_t i = 0; i < arch.layers.size(); ++i) {
        layers += (i ? "," : "") + arch.layers[i].type;
        const DenseSlot& s = slots[i];
        if (s.offset < 0) continue;
        const float* p = net.params().data() + s.offset;
        std::vector<float> w(static_cast<std::size_t>(s.units * s.inputs));
        for (Index o = 0; o < s.units; ++o)
            for (Index in = 0; in < s.inputs; ++in) w[std::size_t(o * s.inputs + in)] = p[in * s.units + o];
        out.add_floats(prefix + std::to_string(i) + ".weight", {s.units, s.inputs}, w.data(), weights_dtype);
        out.add_floats(prefix + std::to_string(i) + ".bias", {s.units}, p + s.units * s.inputs, weights_dtype);
    }
    out.metadata[prefix + "layers"] = layers;
}

Network network_from_tensors(const Safetensors& file, const std::string& prefix) {
    const std::string& list = file.require_metadata(prefix + "layers");
    Architecture arch;
    for (std::size_t start = 0; start <= list.size();) {
        std::size_t end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        arch.layers.push_back({list.substr(start, end - start), 0});
        start = end + 1;
    }
    // Shapes first: each dense layer's [units, inputs] must chain.
    Index size = -1;
    for (std::size_t i = 0; i < arch.layers.size(); ++i) {
        LayerSpec& layer = arch.layers[i];
        if (layer.type != "dense") continue;  // validate_architecture checks the name
        const std::string name = prefix + std::to_string(i) + ".weight";
        const TensorInfo& w = file.require(name, {TensorDtype::F32, TensorDtype::F16}, {-1, size < 0 ? -1 : size});
        if (w.shape[0] < 1 || w.shape[1] < 1) file.fail(name + ": empty layer");
        if (size < 0) arch.input = w.shape[1];
        layer.units = w.shape[0];
        file.require(prefix + std::to_string(i) + ".bias", {TensorDtype::F32, TensorDtype::F16}, {layer.units});
        size = layer.units;
    }
    try {
        validate_architecture(arch, ErrorCode::ModelFormat);
    } catch (const Error& e) {
        file.fail("__metadata__." + prefix + "layers: " + e.what());
    }
    Network net(arch);
    const std::vector<DenseSlot> slots = dense_slots(arch);
    for (std::size_t i = 0; i < arch.layers.size(); ++i) {
        const DenseSlot& s = slots[i];
        if (s.offset < 0) continue;
        const std::vector<float> w = file.floats(prefix + std::to_string(i) + ".weight", {s.units, s.inputs});
        const std::vector<float> b = file.floats(prefix + std::to_string(i) + ".bias", {s.units});
        float* p = net.params().data() + s.offset;
        for (Index o = 0; o < s.units; ++o)
            for (Index in = 0; in < s.inputs; ++in) p[in * s.units + o] = w[std::size_t(o * s.inputs + in)];
        std::copy(b.begin(), b.end(), p + s.units * s.inputs);
    }
    return net;
}

NetworkFile network_file_from(const Safetensors& file) {
    file.require_format(network_format_name, network_format_version);
    return NetworkFile{network_from_tensors(file, ""), file.metadata_object("metadata")};
}

}  // namespace movienet
