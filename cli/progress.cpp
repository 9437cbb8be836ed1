#include "progress.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <ctime>

namespace movienet::cli {

namespace {
volatile std::sig_atomic_t interrupt_count = 0;

void on_interrupt(int) {
    if (++interrupt_count >= 2) {
        std::signal(SIGINT, SIG_DFL);
        std::raise(SIGINT);
    }
}
}  // namespace

Progress::Progress() : tty_(isatty(STDERR_FILENO) != 0) {}

void Progress::batch(int epoch, int epochs, long done, long total) {
    if (!tty_ || total <= 0) return;
    const int percent = static_cast<int>(100 * done / total);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    constexpr int width = 30;
    std::string bar(width, '.');
    for (int i = 0; i < width * percent / 100; ++i) bar[static_cast<size_t>(i)] = '#';
    std::fprintf(stderr, "\r  epoch %d/%d [%s] %3d%%", epoch, epochs, bar.c_str(), percent);
    std::fflush(stderr);
}

void Progress::line(const std::string& text) {
    if (tty_ && last_percent_ >= 0) std::fprintf(stderr, "\r\033[K");
    last_percent_ = -1;
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
}

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

void install_interrupt_handler() { std::signal(SIGINT, on_interrupt); }
bool interrupted() { return interrupt_count > 0; }

}  // namespace movienet::cli
