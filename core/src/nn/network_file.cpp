#include "movienet/nn/network_file.h"
#include "movienet/nn/network_import.h"

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
    return network_from_sequential(file, file.require_metadata(prefix + "layers"), WeightLayout::Torch, prefix);
}

NetworkFile network_file_from(const Safetensors& file) {
    file.require_format(network_format_name, network_format_version);
    return NetworkFile{network_from_tensors(file, ""), file.metadata_object("metadata")};
}

}  // namespace movienet
