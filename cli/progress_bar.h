// Training progress on stderr: one line per epoch, plus a live bar when stderr is a terminal.
#pragma once

#include <string>

namespace movienet::cli {

class ProgressBar {
public:
    ProgressBar();
    // Redraws "epoch 3/10 [#####.....] 52%" in place on a TTY; a no-op otherwise.
    void batch(int epoch, int epochs, long done, long total, const char* label = "epoch");
    // Clears the bar and prints a permanent line.
    void line(const std::string& text);

private:
    bool tty_;
    int last_percent_ = -1;
};

}  // namespace movienet::cli
