#include "movienet/io/network_json.h"

#include "movienet/io/network_file.h"

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"

namespace movienet {

Json architecture_to_json(const Architecture& arch) {
    Json layers = Json::array();
    for (const auto& layer : arch.layers) {
        if (layer.type == "dense")
            layers.push_back({{"type", "dense"}, {"units", layer.units}});
        else
            layers.push_back({{"type", layer.type}});
    }
    return {{"input", arch.input}, {"layers", layers}};
}

Architecture architecture_from_json(const JsonNode& json, const std::string& path) {
    Architecture arch;
    arch.input = require_integer(json, "input", path, 1, 1 << 20);
    const JsonNode& layers = require_array(json, "layers", path);
    for (size_t i = 0; i < layers.size(); ++i) {
        const std::string where = path + ".layers[" + std::to_string(i) + "]";
        LayerSpec spec;
        spec.type = require_string(layers[i], "type", where);
        if (spec.type == "dense") spec.units = require_integer(layers[i], "units", where, 1, 1 << 20);
        arch.layers.push_back(spec);
    }
    validate_architecture(arch, ErrorCode::ModelFormat);
    return arch;
}

Json network_to_json(const Network& net, Dtype dtype) {
    return {{"architecture", architecture_to_json(net.architecture())},
            {"params",
             {{"dtype", dtype_name(dtype)},
              {"shape", {net.param_count()}},
              {"data", encode_floats(net.params().data(), static_cast<size_t>(net.param_count()), dtype)}}}};
}

Network network_from_json(const JsonNode& json, const std::string& path) {
    const std::string prefix = path.empty() ? "" : path + ".";
    const Architecture arch = architecture_from_json(require_object(json, "architecture", path), prefix + "architecture");
    const Index count = arch.param_count();
    const JsonNode& params = require_object(json, "params", path);
    const std::string params_path = prefix + "params";
    const Dtype dtype = parse_dtype(require_string(params, "dtype", params_path), params_path + ".dtype");
    const JsonNode& shape = require_array(params, "shape", params_path);
    if (shape.size() != 1 || !shape[0].is_integer() || shape[0].integer() != count)
        throw Error(ErrorCode::ModelFormat, params_path + ".shape: " + std::string(shape.text()) + " does not match the " +
                                                std::to_string(count) + " parameters of the architecture");
    // Decoding checks the data's length first, so a file that declares a huge
    // network but holds little fails here, before the network is allocated.
    const auto values = decode_floats(require_string(params, "data", params_path), static_cast<size_t>(count), dtype,
                                      params_path + ".data");
    Network net(arch);
    net.params() = ConstVectorMap(values.data(), net.param_count());
    return net;
}

NetworkFile network_file_from_json_v1(const std::string& text, const std::string& source) {
    return read_from(source, [&] {
        const JsonNode file = parse_json(text, source);
        require_format(file, network_format_name, 1);
        NetworkFile result{network_from_json(file, ""), "{}"};
        if (file.find("metadata")) result.metadata_json = require_object(file, "metadata", "").text();
        return result;
    });
}

}  // namespace movienet
