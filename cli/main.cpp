// movienet: train, evaluate and apply rating-prediction networks.
// Hand-written dispatch: one lookup of argv[1] needs no library; each command's options go through CLI11 (args.h).
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.h"
#include "help_text.h"
#include "movienet/base/error.h"

namespace {

void print_usage() {
    std::printf("movienet %s - private movie-rating prediction: train natively, predict anywhere\n\n", MOVIENET_VERSION);
    std::printf("Usage: movienet <command> [options]\n\nCommands:\n");
    for (const auto& command : movienet::cli::all_commands()) {
        std::fputs(movienet::cli::format_command_entry(command.spec).c_str(), stdout);
    }
    std::printf("\nRun 'movienet <command> --help' for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
    using namespace movienet::cli;
    if (argc < 2) {
        print_usage();
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        print_usage();
        return 0;
    }
    if (name == "--version" || name == "-V") {
        std::printf("movienet %s\n", MOVIENET_VERSION);
        return 0;
    }
    for (const auto& command : all_commands()) {
        if (command.spec.name != name) continue;
        try {
            const Args args(command.spec, std::vector<std::string>(argv + 2, argv + argc));
            if (args.help()) {
                std::printf("%s", format_help(command.spec).c_str());
                return 0;
            }
            return command.run(args);
        } catch (const UsageError& e) {
            std::fprintf(stderr, "movienet %s: %s\n", name.c_str(), e.what());
            return 2;
        } catch (const movienet::Error& e) {
            std::fprintf(stderr, "movienet %s: error: %s [%s]\n", name.c_str(), e.what(), movienet::error_code_name(e.code()));
            return 1;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "movienet %s: internal error: %s\n", name.c_str(), e.what());
            return 1;
        }
    }
    std::fprintf(stderr, "movienet: unknown command '%s' (run 'movienet --help' for the list)\n", name.c_str());
    return 2;
}
