#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace movienet::cli {

ProgressBar::ProgressBar() : tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::batch(int epoch, int epochs, long done, long total, const char* label) {
    if (!tty_ || total <= 0) return;
    const int percent = static_cast<int>(100 * done / total);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    constexpr int width = 30;
    std::string bar(width, '.');
    for (int i = 0; i < width * percent / 100; ++i) bar[static_cast<size_t>(i)] = '#';
    std::fprintf(stderr, "\r  %s %d/%d [%s] %3d%%", label, epoch, epochs, bar.c_str(), percent);
    std::fflush(stderr);
}

void ProgressBar::line(const std::string& text) {
    if (tty_ && last_percent_ >= 0) std::fprintf(stderr, "\r\033[K");
    last_percent_ = -1;
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
}

}  // namespace movienet::cli
