// Storage precisions of model files and IEEE half precision (half.cpp, every
// build); base64 float arrays of version-1 JSON files (codec.cpp, native
// only). base64 is for reading those alone: `movienet convert` is its only
// user (base64_encode is kept for the tests), nothing writes version 1 any more.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace movienet {

std::string base64_encode(const uint8_t* data, size_t size);
// Error(ModelFormat, "<field>: ...") on characters outside the alphabet or bad padding.
std::vector<uint8_t> base64_decode(const std::string& text, const std::string& field);

uint16_t float_to_half(float value);  // round to nearest even; overflow -> inf
float half_to_float(uint16_t half);

// Int8: a table stored as int8 with a per-row float16 scale (safetensors.h);
// Q4 the same on a 4-bit grid (|q| <= 7), for gzip and brotli to squeeze.
enum class Dtype { Float32, Float16, Int8, Q4 };
Dtype parse_dtype(const std::string& name, const std::string& field);
const char* dtype_name(Dtype dtype);

// Little-endian float arrays from base64 text, in the given storage precision.
// Checks the decoded size against `count` and that every value is finite.
std::vector<float> decode_floats(const std::string& text, size_t count, Dtype dtype, const std::string& field);

}  // namespace movienet
