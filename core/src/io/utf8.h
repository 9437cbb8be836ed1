// UTF-8 well-formedness, one definition for the text loaders (text.h) and
// the safetensors titles.
#pragma once

#include <cstddef>
#include <string_view>

namespace movienet::detail {

// Length (1 to 4) of the well-formed UTF-8 sequence that starts at text[pos],
// or 0 if the bytes there break UTF-8: a stray continuation byte, an overlong
// form, a surrogate, a code point above U+10FFFF or a truncated sequence.
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos);

}  // namespace movienet::detail
