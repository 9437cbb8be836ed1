// Training progress on stderr: one line per epoch, plus a live bar with the
// epoch's ETA when stderr is a terminal, or a line every 30 s when it is not
// (a log), so a long epoch is never silent.
#pragma once

#include <chrono>
#include <string>

namespace movienet::cli {

class ProgressBar {
public:
    ProgressBar();
    // Redraws "epoch 3/10 [#####.....] 52% eta 12s" in place on a TTY.
    void batch(int epoch, int epochs, long done, long total, const char* label = "epoch");
    // Clears the bar and prints a permanent line.
    void line(const std::string& text);

private:
    using Clock = std::chrono::steady_clock;
    bool tty_;
    int last_percent_ = -1;
    int epoch_ = -1;
    std::string label_;
    Clock::time_point epoch_start_, last_log_;
};

}  // namespace movienet::cli
