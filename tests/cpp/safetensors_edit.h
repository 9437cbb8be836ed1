// Editing safetensors bytes in tests: the header as JSON, one tensor's bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace movienet::testing {

inline uint64_t header_length(const std::string& bytes) {
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(bytes[std::size_t(i)]);
    return n;
}

// The file with its header edited (tensor bytes unchanged).
inline std::string with_header(const std::string& bytes, const std::function<void(nlohmann::json&)>& edit) {
    const uint64_t n = header_length(bytes);
    nlohmann::json header = nlohmann::json::parse(bytes.substr(8, n));
    edit(header);
    const std::string text = header.dump();
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[std::size_t(i)] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
    return out + text + bytes.substr(8 + n);
}

// The file without the tensors `drop` picks: their bytes cut out too and the
// others packed in data order, as safetensors data is indexed entirely (a
// header edit alone would leave bytes in no tensor, which loaders refuse).
inline std::string without_tensors(const std::string& bytes, const std::function<bool(const std::string&)>& drop) {
    const uint64_t n = header_length(bytes);
    const nlohmann::json header = nlohmann::json::parse(bytes.substr(8, n));
    std::vector<std::pair<std::pair<uint64_t, uint64_t>, std::string>> kept;
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, t] : header.items()) {
        if (name == "__metadata__") out[name] = t;
        else if (!drop(name))
            kept.push_back({{t.at("data_offsets").at(0).get<uint64_t>(), t.at("data_offsets").at(1).get<uint64_t>()}, name});
    }
    std::sort(kept.begin(), kept.end());
    std::string data;
    for (const auto& [range, name] : kept) {
        out[name] = header.at(name);
        out[name]["data_offsets"] = {data.size(), data.size() + (range.second - range.first)};
        data += bytes.substr(std::size_t(8 + n + range.first), std::size_t(range.second - range.first));
    }
    return with_header(bytes.substr(0, std::size_t(8 + n)), [&](nlohmann::json& h) { h = out; }) + data;
}

inline std::string without_tensor(const std::string& bytes, const std::string& name) {
    return without_tensors(bytes, [&](const std::string& t) { return t == name; });
}

// The file with the first float32 of tensor `name` set to `value`.
inline std::string with_f32(std::string bytes, const std::string& name, float value) {
    const uint64_t n = header_length(bytes);
    const nlohmann::json header = nlohmann::json::parse(bytes.substr(8, n));
    const auto begin = header.at(name).at("data_offsets").at(0).get<uint64_t>();
    std::memcpy(&bytes[std::size_t(8 + n + begin)], &value, sizeof value);
    return bytes;
}

}  // namespace movienet::testing
