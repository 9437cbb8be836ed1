// Editing safetensors bytes in tests: the header as JSON, one tensor's bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

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

// The file with the first float32 of tensor `name` set to `value`.
inline std::string with_f32(std::string bytes, const std::string& name, float value) {
    const uint64_t n = header_length(bytes);
    const nlohmann::json header = nlohmann::json::parse(bytes.substr(8, n));
    const auto begin = header.at(name).at("data_offsets").at(0).get<uint64_t>();
    std::memcpy(&bytes[std::size_t(8 + n + begin)], &value, sizeof value);
    return bytes;
}

}  // namespace movienet::testing
