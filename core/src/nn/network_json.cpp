#include "movienet/nn/network_json.h"

#include "movienet/nn/network_file.h"

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"

namespace movienet {

Architecture architecture_from_json(const Json& json, const std::string& path) {
    Architecture arch;
    arch.input = require_integer(json, "input", path, 1, 1 << 20);
    const Json& layers = require_array(json, "layers", path);
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

Network network_from_json(const Json& json, const std::string& path) {
    const std::string prefix = path.empty() ? "" : path + ".";
    const Architecture arch = architecture_from_json(require_object(json, "architecture", path), prefix + "architecture");
    const Index count = arch.param_count();
    const Json& params = require_object(json, "params", path);
    const std::string params_path = prefix + "params";
    const Dtype dtype = parse_dtype(require_string(params, "dtype", params_path), params_path + ".dtype");
    const Json& shape = require_array(params, "shape", params_path);
    if (shape.size() != 1 || integer_value(shape[0]) != count)
        throw Error(ErrorCode::ModelFormat, params_path + ".shape: " + dump_json(shape) + " does not match the " +
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
        const Json file = parse_json_file(text, source);
        require_format(file, network_format_name, 1);
        NetworkFile result{network_from_json(file, ""), "{}"};
        if (file.contains("metadata")) result.metadata_json = dump_json(require_object(file, "metadata", ""));
        return result;
    });
}

}  // namespace movienet
