// The native half of network_file.h: whole files, whose header nlohmann/json
// reads and writes (safetensors_json.cpp).
#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/nn/network_file.h"

namespace movienet {

std::string save_network_string(const Network& net, const Json& metadata, Dtype dtype) {
    SafetensorsWriter out;
    network_to_tensors(net, "", dtype, out);
    out.metadata["format"] = network_format_name;
    out.metadata["version"] = std::to_string(network_format_version);
    out.metadata["metadata"] = dump_json(metadata.is_null() ? Json::object() : metadata);
    return out.bytes();
}

NetworkFile load_network_string(std::string bytes, const std::string& source) {
    return network_file_from(parse_safetensors(std::move(bytes), source));
}

void save_network_file(const std::string& path, const Network& net, const Json& metadata, Dtype dtype) {
    write_file_atomically(path, save_network_string(net, metadata, dtype));
}

NetworkFile load_network_file(const std::string& path) {
    return load_network_string(read_file(path, limits::kMaxModelFileBytes), path);
}

}  // namespace movienet
