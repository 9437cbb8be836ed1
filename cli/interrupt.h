// Ctrl-C handling: the first SIGINT sets a flag that training loops poll so they
// can stop after writing a checkpoint; a second one terminates immediately.
#pragma once

namespace movienet::cli {

void install_interrupt_handler();
bool interrupted();

}  // namespace movienet::cli
