// Numbers in error messages, as printf's "%g" writes them ("0.5", "7",
// "1e+06"), but without printf: its floating-point formatting is ~10 KB of
// movienet.wasm that nothing else there needs.
#pragma once

#include <string>

namespace movienet {

// Six significant digits, trailing zeros dropped; "nan", "inf", "-inf".
std::string format_number(double value);

}  // namespace movienet
