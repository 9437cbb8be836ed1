// Decimal to double with correct rounding, for the JSON reader: strtod does
// the same but brings libc's long-double arithmetic, ~15 KB of movienet.wasm.
#pragma once

#include <cstdint>

namespace movienet::detail {

// The double nearest to digits x 10^exponent (ties to even). `truncated`
// says that nonzero digits were cut off after `digits`, so the true value
// lies just above it. Overflow gives infinity, underflow zero.
double nearest_double(std::uint64_t digits, int exponent, bool truncated);

}  // namespace movienet::detail
