// Progress output on stderr: one line per epoch, plus a live bar when stderr is a terminal.
#pragma once

#include <string>

namespace movienet::cli {

class Progress {
public:
    Progress();
    // Redraws "epoch 3/10 [#####.....] 52%" in place on a TTY; a no-op otherwise.
    void batch(int epoch, int epochs, long done, long total);
    // Clears the bar and prints a permanent line.
    void line(const std::string& text);

private:
    bool tty_;
    int last_percent_ = -1;
};

std::string format_seconds(double seconds);
// Now, as 2026-11-27T18:40:57Z (for model metadata).
std::string utc_timestamp();

// Ctrl-C handling: the first SIGINT sets a flag that training loops poll so they
// can stop after writing a checkpoint; a second one terminates immediately.
void install_interrupt_handler();
bool interrupted();

}  // namespace movienet::cli
