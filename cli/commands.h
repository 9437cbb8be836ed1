// The movienet subcommands. Each has a spec (options + help) and a runner that
// returns the process exit code; results go to stdout, progress to stderr.
#pragma once

#include <string>
#include <vector>

#include "args.h"

namespace movienet::cli {

struct Command {
    CommandSpec spec;
    int (*run)(const Args& args);
};

const std::vector<Command>& all_commands();

// Defined one per file, cmd_<name>.cpp.
Command fit_csv_command();
Command predict_csv_command();
Command generate_csv_command();
Command inspect_command();
Command convert_command();
Command import_command();
Command train_command();
Command eval_command();
Command predict_command();
Command recommend_command();
Command explain_command();

}  // namespace movienet::cli
