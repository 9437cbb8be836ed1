#include "commands.h"

namespace movienet::cli {

const std::vector<Command>& all_commands() {
    static const std::vector<Command> commands = {
        fit_csv_command(), predict_csv_command(), generate_csv_command(), inspect_command(),
    };
    return commands;
}

}  // namespace movienet::cli
