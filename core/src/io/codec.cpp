#include "movienet/io/codec.h"

#include <cmath>
#include <cstring>

#include <Eigen/Core>

#include "movienet/base/error.h"

namespace movienet {

namespace {
constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
}  // namespace

std::string base64_encode(const uint8_t* data, size_t size) {
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (size_t i = 0; i < size; i += 3) {
        const uint32_t chunk = (uint32_t(data[i]) << 16) | (i + 1 < size ? uint32_t(data[i + 1]) << 8 : 0) |
                               (i + 2 < size ? uint32_t(data[i + 2]) : 0);
        out += alphabet[(chunk >> 18) & 63];
        out += alphabet[(chunk >> 12) & 63];
        out += i + 1 < size ? alphabet[(chunk >> 6) & 63] : '=';
        out += i + 2 < size ? alphabet[chunk & 63] : '=';
    }
    return out;
}

std::vector<uint8_t> base64_decode(const std::string& text, const std::string& field) {
    if (text.size() % 4 != 0)
        throw Error(ErrorCode::ModelFormat, field + ": base64 length " + std::to_string(text.size()) +
                                                " is not a multiple of 4 (truncated?)");
    std::vector<uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        int padding = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + static_cast<size_t>(k)];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                v[k] = 0;
                ++padding;
                continue;
            }
            v[k] = base64_value(c);
            if (v[k] < 0 || padding > 0)
                throw Error(ErrorCode::ModelFormat,
                            field + ": invalid base64 character at offset " + std::to_string(i + static_cast<size_t>(k)));
        }
        const uint32_t chunk = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) | uint32_t(v[3]);
        out.push_back(static_cast<uint8_t>(chunk >> 16));
        if (padding < 2) out.push_back(static_cast<uint8_t>(chunk >> 8));
        if (padding < 1) out.push_back(static_cast<uint8_t>(chunk));
    }
    return out;
}

std::vector<float> decode_floats(const std::string& text, size_t count, Dtype dtype, const std::string& field) {
    const size_t width = dtype == Dtype::Float32 ? 4 : 2;
    // Reject before decoding: a declared count must match what the text can hold.
    if (text.size() / 4 * 3 < count * width || text.size() / 4 * 3 > count * width + 2)
        throw Error(ErrorCode::ModelFormat, field + ": holds about " + std::to_string(text.size() / 4 * 3 / width) +
                                                " values, expected " + std::to_string(count));
    const auto bytes = base64_decode(text, field);
    if (bytes.size() != count * width)
        throw Error(ErrorCode::ModelFormat, field + ": holds " + std::to_string(bytes.size() / width) +
                                                " values, expected " + std::to_string(count));
    std::vector<float> values(count);
    for (size_t i = 0; i < count; ++i) {
        if (dtype == Dtype::Float32) {
            uint32_t bits = 0;
            for (size_t b = 0; b < 4; ++b) bits |= uint32_t(bytes[i * 4 + b]) << (8 * b);
            std::memcpy(&values[i], &bits, 4);
        } else {
            values[i] = half_to_float(static_cast<uint16_t>(bytes[i * 2] | (bytes[i * 2 + 1] << 8)));
        }
        if (!std::isfinite(values[i]))
            throw Error(ErrorCode::ModelFormat, field + ": value " + std::to_string(i) + " is not finite");
    }
    return values;
}

}  // namespace movienet
