#include "interrupt.h"

#include <csignal>

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

void install_interrupt_handler() { std::signal(SIGINT, on_interrupt); }
bool interrupted() { return interrupt_count > 0; }

}  // namespace movienet::cli
