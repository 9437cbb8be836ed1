// Runs the real `movienet` executable, as a user would, with its output
// captured in files of a temporary directory.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "movienet/io/file_io.h"
#include "temp_dir.h"

namespace movienet::testing {

struct Run {
    int exit_code = -1;
    std::string out, err;
};

inline std::string quote(const std::string& arg) {
    std::string quoted = "'";
    for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// Runs `movienet args...` with stdout and stderr captured in files of `dir`.
inline Run run_cli(const TempDir& dir, const std::vector<std::string>& args) {
    std::string command = quote(MOVIENET_CLI_PATH);
    for (const auto& arg : args) command += " " + quote(arg);
    command += " >" + quote(dir.file("stdout.txt")) + " 2>" + quote(dir.file("stderr.txt")) + " </dev/null";
    const int status = std::system(command.c_str());
    Run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = read_file(dir.file("stdout.txt"));
    run.err = read_file(dir.file("stderr.txt"));
    return run;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline void write_text(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace movienet::testing
