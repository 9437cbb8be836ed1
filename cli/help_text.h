// The text of `movienet CMD --help`, from the command's declared options.
#pragma once

#include <string>

#include "args.h"

namespace movienet::cli {

std::string format_help(const CommandSpec& spec);

}  // namespace movienet::cli
