// The text of `movienet CMD --help`, from the command's declared options.
#pragma once

#include <string>

#include "args.h"

namespace movienet::cli {

std::string format_help(const CommandSpec& spec);

// One command's entry in `movienet --help`: its name, then its summary
// reflowed into lines of at most 100 columns, continued under the summary.
std::string format_command_entry(const CommandSpec& spec);

}  // namespace movienet::cli
