// A small declarative command-line parser: each command declares its options
// (with help text), so --help and "unknown option" errors come for free.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace movienet::cli {

struct OptionSpec {
    std::string name;         // without dashes, e.g. "epochs"
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

class Args {
public:
    // Throws UsageError on unknown options, missing values or missing required options.
    Args(const CommandSpec& spec, const std::vector<std::string>& argv);

    bool help() const { return help_; }
    bool has(const std::string& name) const;
    std::string get(const std::string& name) const;  // the value or the declared default
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

struct UsageError {
    std::string message;
};

std::string format_help(const CommandSpec& spec);

}  // namespace movienet::cli
