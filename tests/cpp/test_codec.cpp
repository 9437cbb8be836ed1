// base64 (RFC 4648 vectors, random round trips, corrupt input) and IEEE half
// precision (known encodings, rounding, all 65536 halves exhaustively, and bit-for-bit
// agreement with the hand-written converters that Eigen::half replaced).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "error_check.h"
#include "movienet/io/codec.h"

using namespace movienet;

namespace {

std::string encode(const std::string& text) {
    return base64_encode(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

std::string decode(const std::string& text) {
    const auto bytes = base64_decode(text, "field");
    return std::string(bytes.begin(), bytes.end());
}

uint32_t bits_of(float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    return bits;
}

// What version-1 files hold: little-endian floats or halves as base64.
std::string encode_floats(const float* values, size_t count, Dtype dtype) {
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < count; ++i) {
        const uint32_t bits = dtype == Dtype::Float32 ? bits_of(values[i]) : float_to_half(values[i]);
        for (int b = 0; b < (dtype == Dtype::Float32 ? 4 : 2); ++b) bytes.push_back(static_cast<uint8_t>(bits >> (8 * b)));
    }
    return base64_encode(bytes.data(), bytes.size());
}

// The bit-level converters movienet used before Eigen::half, kept as an
// independent oracle for the Eigen-based ones.
uint16_t reference_float_to_half(float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    const uint32_t sign = (bits >> 16) & 0x8000u;
    const uint32_t abs = bits & 0x7fffffffu;
    if (abs >= 0x7f800000u) return static_cast<uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0));
    if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // rounds past the largest half
    if (abs < 0x38800000u) {                                                // subnormal half or zero
        if (abs < 0x33000000u) return static_cast<uint16_t>(sign);
        const uint32_t exponent = abs >> 23, mantissa = (abs & 0x7fffffu) | 0x800000u;
        const uint32_t shift = 126 - exponent;  // 14..24
        uint32_t half = mantissa >> shift;
        const uint32_t rest = mantissa & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1u))) ++half;
        return static_cast<uint16_t>(sign | half);
    }
    uint32_t half = ((abs - 0x38000000u) >> 13);
    const uint32_t rest = abs & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;
    return static_cast<uint16_t>(sign | half);
}

float reference_half_to_float(uint16_t half) {
    const uint32_t sign = uint32_t(half & 0x8000u) << 16;
    const uint32_t exponent = (half >> 10) & 0x1fu, mantissa = half & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            int e = -1;
            uint32_t m = mantissa;
            do {
                ++e;
                m <<= 1;
            } while ((m & 0x400u) == 0);
            bits = sign | (uint32_t(112 - e) << 23) | ((m & 0x3ffu) << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    }
    float value;
    std::memcpy(&value, &bits, 4);
    return value;
}

}  // namespace

TEST_CASE("base64 matches the RFC 4648 test vectors both ways") {
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        CAPTURE(plain);
        CHECK(encode(plain) == encoded);
        CHECK(decode(encoded) == plain);
    }
    CHECK(encode(std::string("\xff\xfe\x00\x3e\x3f", 5)) == "//4APj8=");  // uses + and / alphabet ends
    CHECK(encode(std::string("\xfb\xff", 2)) == "+/8=");
}

TEST_CASE("base64 round-trips random bytes of every length up to 64") {
    std::mt19937_64 rng(9);
    for (size_t size = 0; size <= 64; ++size) {
        std::vector<uint8_t> bytes(size);
        for (auto& b : bytes) b = static_cast<uint8_t>(rng());
        const std::string text = base64_encode(bytes.data(), bytes.size());
        CHECK(text.size() == (size + 2) / 3 * 4);
        CHECK(base64_decode(text, "field") == bytes);
    }
}

TEST_CASE("bad base64 is a ModelFormat error naming the field and the offset") {
    CHECK_MOVIENET_ERROR(base64_decode("Zm9", "params.data"), ErrorCode::ModelFormat,
                         "params.data: base64 length 3 is not a multiple of 4");
    CHECK_MOVIENET_ERROR(base64_decode("Zm9v!A==", "params.data"), ErrorCode::ModelFormat,
                         "params.data: invalid base64 character at offset 4");
    CHECK_MOVIENET_ERROR(base64_decode("Zg==Zm9v", "f"), ErrorCode::ModelFormat, "f: invalid base64 character at offset 2");
    CHECK_MOVIENET_ERROR(base64_decode("Z===", "f"), ErrorCode::ModelFormat, "invalid base64 character at offset 1");
    CHECK_MOVIENET_ERROR(base64_decode("Zm=v", "f"), ErrorCode::ModelFormat, "invalid base64 character at offset 3");
    CHECK_MOVIENET_ERROR(base64_decode("Zm9v\n", "f"), ErrorCode::ModelFormat, "not a multiple of 4");
}

TEST_CASE("float16 encodes known values exactly") {
    CHECK(float_to_half(0.0f) == 0x0000);
    CHECK(float_to_half(-0.0f) == 0x8000);
    CHECK(float_to_half(1.0f) == 0x3c00);
    CHECK(float_to_half(-2.0f) == 0xc000);
    CHECK(float_to_half(0.5f) == 0x3800);
    CHECK(float_to_half(65504.0f) == 0x7bff);  // largest finite half
    CHECK(float_to_half(std::ldexp(1.0f, -14)) == 0x0400);  // smallest normal
    CHECK(float_to_half(std::ldexp(1.0f, -24)) == 0x0001);  // smallest subnormal
    CHECK(float_to_half(std::ldexp(1023.0f, -24)) == 0x03ff);  // largest subnormal
    CHECK(float_to_half(std::numeric_limits<float>::infinity()) == 0x7c00);
    CHECK(float_to_half(-std::numeric_limits<float>::infinity()) == 0xfc00);
    const uint16_t nan = float_to_half(std::numeric_limits<float>::quiet_NaN());
    CHECK((nan & 0x7c00) == 0x7c00);
    CHECK((nan & 0x03ff) != 0);  // still a NaN, not infinity
    CHECK(float_to_half(1.0f / 3) == 0x3555);

    CHECK(half_to_float(0x3c00) == 1.0f);
    CHECK(half_to_float(0xc000) == -2.0f);
    CHECK(half_to_float(0x7bff) == 65504.0f);
    CHECK(half_to_float(0x0001) == std::ldexp(1.0f, -24));
    CHECK(half_to_float(0x03ff) == std::ldexp(1023.0f, -24));
    CHECK(half_to_float(0x8000) == 0.0f);
    CHECK(std::signbit(half_to_float(0x8000)));
    CHECK(std::isinf(half_to_float(0x7c00)));
    CHECK(std::isnan(half_to_float(0x7e00)));
}

TEST_CASE("float16 rounds to nearest, ties to even, and overflows to infinity") {
    // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): ties go to even (1).
    CHECK(float_to_half(1.0f + std::ldexp(1.0f, -11)) == 0x3c00);
    // 1 + 3 * 2^-11 is halfway between 0x3c01 and 0x3c02: to even 0x3c02.
    CHECK(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)) == 0x3c02);
    CHECK(float_to_half(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)) == 0x3c01);  // above halfway
    CHECK(float_to_half(65519.0f) == 0x7bff);  // below the rounding boundary 65520
    CHECK(float_to_half(65520.0f) == 0x7c00);  // rounds past 65504: infinity
    CHECK(float_to_half(1e10f) == 0x7c00);
    CHECK(float_to_half(-1e10f) == 0xfc00);
    // Subnormal rounding: 2^-25 is halfway between 0 and 2^-24 -> 0 (even);
    // 1.5 * 2^-24 is halfway between 1 and 2 ulps -> 2 (even).
    CHECK(float_to_half(std::ldexp(1.0f, -25)) == 0x0000);
    CHECK(float_to_half(std::ldexp(1.0f, -25) * 1.01f) == 0x0001);
    CHECK(float_to_half(std::ldexp(1.5f, -24)) == 0x0002);
    CHECK(float_to_half(std::ldexp(1.0f, -30)) == 0x0000);
    CHECK(float_to_half(-std::ldexp(1.0f, -30)) == 0x8000);
    // The largest subnormal rounds up into the smallest normal.
    CHECK(float_to_half(std::ldexp(1023.75f, -24)) == 0x0400);
}

TEST_CASE("every one of the 65536 halves survives half -> float -> half") {
    int mismatches = 0;
    for (uint32_t h = 0; h <= 0xffff; ++h) {
        const auto half = static_cast<uint16_t>(h);
        const float value = half_to_float(half);
        const bool is_nan = (h & 0x7c00) == 0x7c00 && (h & 0x03ff) != 0;
        if (is_nan) {
            if (!std::isnan(value)) ++mismatches;
            continue;
        }
        if (float_to_half(value) != half) ++mismatches;
        // And the float is the exact value of the half: sign * 2^e * significand.
        const int exponent = static_cast<int>((h >> 10) & 0x1f);
        const double significand = (exponent == 0 ? 0.0 : 1.0) + double(h & 0x3ff) / 1024;
        const double expected = (h & 0x8000 ? -1 : 1) *
                                (exponent == 31 ? std::numeric_limits<double>::infinity()
                                                : std::ldexp(significand, exponent == 0 ? -14 : exponent - 15));
        if (double(value) != expected) ++mismatches;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("float16 conversions agree bit for bit with the hand-written reference") {
    // Every half, NaN payloads included.
    int mismatches = 0;
    for (uint32_t h = 0; h <= 0xffff; ++h)
        if (bits_of(half_to_float(static_cast<uint16_t>(h))) != bits_of(reference_half_to_float(static_cast<uint16_t>(h))))
            ++mismatches;
    CHECK(mismatches == 0);
    // Random floats: any bit pattern (NaNs and subnormals included), and
    // values concentrated where rounding decides: the half range, its
    // subnormals and the overflow edge.
    std::mt19937_64 rng(16);
    std::uniform_int_distribution<uint32_t> any_bits;
    std::uniform_real_distribution<float> exponent(-26.0f, 16.5f);
    for (int k = 0; k < 2'000'000; ++k) {
        uint32_t bits = any_bits(rng);
        if (k % 2) {  // a float whose half is not trivially 0 or infinity
            const float magnitude = std::exp2(exponent(rng));
            bits = bits_of(magnitude) ^ (bits & 0x80001fffu);  // random sign and low (rounding) bits
        }
        float value;
        std::memcpy(&value, &bits, 4);
        if (float_to_half(value) != reference_float_to_half(value)) ++mismatches;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("decode_floats reads version-1 float arrays and validates them") {
    const float values[] = {0.0f, -1.5f, 3.25e-3f, 1e30f, -7e-40f /* float subnormal */};
    const std::string text = encode_floats(values, 5, Dtype::Float32);
    CHECK(text.size() == 28);  // 20 bytes
    const auto decoded = decode_floats(text, 5, Dtype::Float32, "w");
    for (int i = 0; i < 5; ++i) CHECK(bits_of(decoded[static_cast<size_t>(i)]) == bits_of(values[i]));

    const float halves[] = {1.0f, -2.0f, 0.5f, 65504.0f};
    CHECK(decode_floats(encode_floats(halves, 4, Dtype::Float16), 4, Dtype::Float16, "w") ==
          std::vector<float>(halves, halves + 4));
    // Little-endian on disk: 1.0f is 00 00 80 3f.
    CHECK(encode_floats(halves, 1, Dtype::Float32) == "AACAPw==");
    CHECK(encode_floats(halves, 1, Dtype::Float16) == "ADw=");

    CHECK_MOVIENET_ERROR(decode_floats(text, 6, Dtype::Float32, "w"), ErrorCode::ModelFormat, "w: holds about 5 values, expected 6");
    CHECK_MOVIENET_ERROR(decode_floats(text, 4, Dtype::Float32, "w"), ErrorCode::ModelFormat, "expected 4");
    // 1e30 does not fit a half: it becomes infinity, which decoding rejects.
    CHECK_MOVIENET_ERROR(decode_floats(encode_floats(values, 5, Dtype::Float16), 5, Dtype::Float16, "w"),
                         ErrorCode::ModelFormat, "w: value 3 is not finite");
    // A declared count no text could hold is rejected before decoding anything.
    CHECK_MOVIENET_ERROR(decode_floats(text, size_t(1) << 40, Dtype::Float32, "w"), ErrorCode::ModelFormat,
                         "expected 1099511627776");
}

TEST_CASE("dtype names") {
    CHECK(parse_dtype("float32", "f") == Dtype::Float32);
    CHECK(parse_dtype("float16", "f") == Dtype::Float16);
    CHECK(std::string(dtype_name(Dtype::Float16)) == "float16");
    CHECK_MOVIENET_ERROR(parse_dtype("bfloat16", "params.dtype"), ErrorCode::ModelFormat,
                         "params.dtype: unknown dtype \"bfloat16\" (expected float32, float16, int8 or q4)");
}
