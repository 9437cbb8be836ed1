#include <Eigen/Core>

#include "movienet/base/error.h"
#include "movienet/io/codec.h"

namespace movienet {

// Eigen's conversions round to nearest even, keep subnormals, send overflow to
// infinity and NaN to a quiet NaN, bit for bit like the hand-written ones they
// replaced (checked once over all 2^32 floats; test_codec.cpp keeps a
// randomised check against them). Without F16C their software path
// relies on IEEE float addition, so a build with flush-to-zero (-ffast-math)
// would lose subnormal halves; test_codec.cpp would catch it.
uint16_t float_to_half(float value) { return Eigen::numext::bit_cast<uint16_t>(Eigen::half(value)); }

float half_to_float(uint16_t half) { return static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(half)); }

Dtype parse_dtype(const std::string& name, const std::string& field) {
    if (name == "float32") return Dtype::Float32;
    if (name == "float16") return Dtype::Float16;
    if (name == "int8") return Dtype::Int8;
    if (name == "q4") return Dtype::Q4;
    throw Error(ErrorCode::ModelFormat, field + ": unknown dtype \"" + name + "\" (expected float32, float16, int8 or q4)");
}

const char* dtype_name(Dtype dtype) {
    return dtype == Dtype::Float32 ? "float32" : dtype == Dtype::Float16 ? "float16" : dtype == Dtype::Int8 ? "int8" : "q4";
}

}  // namespace movienet
