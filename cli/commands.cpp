#include "commands.h"

namespace movienet::cli {

const std::vector<Command>& all_commands() {
    static const std::vector<Command> commands = {
        train_command(),   eval_command(),    predict_command(),     recommend_command(),    explain_command(),
        inspect_command(), convert_command(), import_command(), fit_csv_command(),     predict_csv_command(),  generate_csv_command(),
    };
    return commands;
}

}  // namespace movienet::cli
