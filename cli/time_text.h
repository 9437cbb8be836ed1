// Times as text: durations in progress lines, timestamps in model metadata.
#pragma once

#include <string>

namespace movienet::cli {

// 4.2s below a minute, 3m07s above.
std::string format_seconds(double seconds);
// Now, as 2026-11-27T18:40:57Z.
std::string utc_timestamp();

}  // namespace movienet::cli
