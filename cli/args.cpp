#include "args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace movienet::cli {

namespace {
const OptionSpec* find_option(const CommandSpec& spec, const std::string& name) {
    for (const auto& option : spec.options)
        if (option.name == name) return &option;
    return nullptr;
}
}  // namespace

Args::Args(const CommandSpec& spec, const std::vector<std::string>& argv) : spec_(spec), argv_(argv) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            help_ = true;
            return;
        }
        if (arg.size() > 1 && arg[0] == '-' && !(arg.size() > 1 && (std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.'))) {
            std::string name = arg.substr(arg[1] == '-' ? 2 : 1), value;
            const size_t equals = name.find('=');
            const bool inline_value = equals != std::string::npos;
            if (inline_value) {
                value = name.substr(equals + 1);
                name = name.substr(0, equals);
            }
            const OptionSpec* option = find_option(spec, name);
            if (!option) throw UsageError{"unknown option " + arg + " for '" + spec.name + "' (see movienet " + spec.name + " --help)"};
            if (option->value_name.empty()) {
                if (inline_value) throw UsageError{"option --" + name + " takes no value"};
                value = "1";
            } else if (!inline_value) {
                if (i + 1 >= argv.size()) throw UsageError{"option --" + name + " needs a value (" + option->value_name + ")"};
                value = argv[++i];
            }
            values_[name] = value;
        } else {
            if (spec.positional.empty()) throw UsageError{"unexpected argument '" + arg + "' for '" + spec.name + "'"};
            positional_.push_back(arg);
        }
    }
    for (const auto& option : spec.options)
        if (option.required && !values_.count(option.name))
            throw UsageError{"missing required option --" + option.name + " " + option.value_name};
}

std::string Args::command_line() const {
    std::string line = "movienet " + spec_.name;
    for (const auto& arg : argv_) line += " " + arg;
    return line;
}

bool Args::has(const std::string& name) const { return values_.count(name) > 0; }

std::string Args::get(const std::string& name) const {
    const auto it = values_.find(name);
    if (it != values_.end()) return it->second;
    const OptionSpec* option = find_option(spec_, name);
    return option ? option->default_value : std::string();
}

long Args::get_int(const std::string& name, long min, long max) const {
    const std::string text = get(name);
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || value < min || value > max)
        throw UsageError{"--" + name + " '" + text + "': expected an integer in [" + std::to_string(min) + ", " +
                         std::to_string(max) + "]"};
    return value;
}

double Args::get_double(const std::string& name, double min, double max) const {
    const std::string text = get(name);
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(value) || value < min || value > max) {
        std::ostringstream range;
        range << "[" << min << ", " << max << "]";
        throw UsageError{"--" + name + " '" + text + "': expected a number in " + range.str()};
    }
    return value;
}

std::string format_help(const CommandSpec& spec) {
    std::ostringstream out;
    out << "Usage: " << spec.usage << "\n\n" << spec.summary << "\n";
    if (!spec.options.empty()) out << "\nOptions:\n";
    for (const auto& option : spec.options) {
        std::string left = "  --" + option.name + (option.value_name.empty() ? "" : " " + option.value_name);
        if (left.size() < 26) left.resize(26, ' ');
        else left += "\n" + std::string(26, ' ');
        out << left << option.help;
        if (option.required) out << " (required)";
        if (!option.default_value.empty() && !option.value_name.empty()) out << " [default: " << option.default_value << "]";
        out << "\n";
    }
    std::string help = "  -h, --help";
    help.resize(26, ' ');
    out << help << "show this help\n";
    return out.str();
}

}  // namespace movienet::cli
