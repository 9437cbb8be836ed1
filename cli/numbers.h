// Hand-written on std::from_chars, since ranges and messages are the caller's: strict
// text-to-number for option values, where "5x", " 5" or "0.2junk" are errors.
#pragma once

#include <string_view>

namespace movienet::cli {

// A base-10 integer, optionally negative; false on anything else or overflow.
bool parse_integer(std::string_view text, long& value);
// A finite decimal number such as 0.05, 1e-3 or -2; false on anything else.
bool parse_number(std::string_view text, double& value);

}  // namespace movienet::cli
