// Each command declares its options as data (name, value name, help, default),
// parsed with CLI11; --help and "unknown option" errors come for free.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace movienet::cli {

struct OptionSpec {
    std::string name;         // without dashes, e.g. "epochs"; one letter also gives -k
    std::string value_name;   // e.g. "N"; empty for a boolean flag
    std::string help;
    std::string default_value;  // shown in --help; empty = none
    bool required = false;
};

struct CommandSpec {
    std::string name;
    std::string usage;        // e.g. "movienet fit-csv --data FILE --out MODEL [options]"
    std::string summary;
    std::vector<OptionSpec> options;
    std::string positional;   // name of positional arguments, empty = none accepted
};

// A wrong command line: main prints it and exits with 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // Throws UsageError on unknown options, missing values or missing required options.
    Args(const CommandSpec& spec, const std::vector<std::string>& argv);

    bool help() const { return help_; }
    bool has(const std::string& name) const;
    std::string get(const std::string& name) const;  // the value or the declared default
    // The value as a number in [min, max]; a UsageError for anything else, trailing junk included.
    long get_int(const std::string& name, long min, long max) const;
    double get_double(const std::string& name, double min, double max) const;
    const std::vector<std::string>& positional() const { return positional_; }
    // "movienet <command> <args...>", for model metadata.
    std::string command_line() const;

private:
    const CommandSpec& spec_;
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
    std::vector<std::string> argv_;
    bool help_ = false;
};

}  // namespace movienet::cli
