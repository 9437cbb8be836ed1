#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>

#include "time_text.h"

namespace movienet::cli {

ProgressBar::ProgressBar() : tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::batch(int epoch, int epochs, long done, long total, const char* label) {
    if (total <= 0) return;
    const Clock::time_point now = Clock::now();
    if (epoch != epoch_ || label_ != label) {  // a new epoch (or phase) starts its clock
        epoch_ = epoch;
        label_ = label;
        epoch_start_ = last_log_ = now;
    }
    const double fraction = static_cast<double>(done) / static_cast<double>(total);
    const double elapsed = std::chrono::duration<double>(now - epoch_start_).count();
    const std::string eta = fraction > 0 ? format_seconds(elapsed / fraction * (1 - fraction)) : "?";
    const int percent = static_cast<int>(100 * done / total);
    if (!tty_) {
        if (std::chrono::duration<double>(now - last_log_).count() < 30 || fraction >= 1) return;
        last_log_ = now;
        std::fprintf(stderr, "  %s %d/%d: %d%% after %s, eta %s for this epoch\n", label, epoch, epochs, percent,
                     format_seconds(elapsed).c_str(), eta.c_str());
        std::fflush(stderr);
        return;
    }
    if (percent == last_percent_) return;
    last_percent_ = percent;
    constexpr int width = 30;
    std::string bar(width, '.');
    for (int i = 0; i < width * percent / 100; ++i) bar[static_cast<size_t>(i)] = '#';
    std::fprintf(stderr, "\r  %s %d/%d [%s] %3d%% eta %s\033[K", label, epoch, epochs, bar.c_str(), percent, eta.c_str());
    std::fflush(stderr);
}

void ProgressBar::line(const std::string& text) {
    if (tty_ && last_percent_ >= 0) std::fprintf(stderr, "\r\033[K");
    last_percent_ = -1;
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
}

}  // namespace movienet::cli
