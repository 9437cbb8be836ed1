#include "time_text.h"

#include <cstdio>
#include <ctime>

namespace movienet::cli {

std::string format_seconds(double seconds) {
    char buffer[32];
    if (seconds < 60)
        std::snprintf(buffer, sizeof buffer, "%.1fs", seconds);
    else
        std::snprintf(buffer, sizeof buffer, "%dm%02ds", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
    return buffer;
}

std::string utc_timestamp() {
    const std::time_t now = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buffer;
}

}  // namespace movienet::cli
