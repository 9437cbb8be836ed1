#include "args.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <iterator>
#include <sstream>

#include "numbers.h"

namespace movienet::cli {

namespace {

// What CLI11 records for an option that came without a value, as in
// "--model --history h.csv": the option may take 0 or 1 values, so that
// "--history" stays an option instead of becoming --model's value.
const std::string no_value = "\x1f(no value)";

std::string option_names(const OptionSpec& option) {
    return (option.name.size() == 1 ? "-" + option.name + "," : std::string()) + "--" + option.name;
}

bool looks_like_option(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1])) && arg[1] != '.';
}

const OptionSpec* find_option(const CommandSpec& spec, const std::string& name) {
    for (const auto& option : spec.options)
        if (option.name == name) return &option;
    return nullptr;
}

}  // namespace

Args::Args(const CommandSpec& spec, const std::vector<std::string>& argv) : spec_(spec), argv_(argv) {
    CLI::App app{spec.summary, "movienet " + spec.name};
    app.set_help_flag("-h,--help", "show this help");
    app.allow_extras();  // unknown options and stray arguments are reported below, in movienet's words
    std::vector<std::pair<const OptionSpec*, CLI::Option*>> declared;
    for (const auto& option : spec.options) {
        CLI::Option* parsed = nullptr;
        if (option.value_name.empty()) {
            parsed = app.add_flag(option_names(option), option.help);
        } else {
            parsed = app.add_option(option_names(option), option.help)
                         ->type_name(option.value_name)
                         ->expected(0, 1)
                         ->default_str(no_value);
        }
        parsed->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // a repeated option: the last one counts
        declared.emplace_back(&option, parsed);
    }

    // "--" ends the options. It is split off here because CLI11 2.1 swallows a
    // "--" that follows an option's value and goes on reading options.
    const auto options_end = std::find(argv.begin(), argv.end(), std::string("--"));
    std::vector<std::string> reversed(std::make_reverse_iterator(options_end), argv.rend());  // CLI11 takes them last first
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        help_ = true;
        return;
    } catch (const CLI::ParseError& e) {
        throw UsageError(e.what());
    }
    std::vector<std::string> stray = app.remaining();
    for (const auto& arg : stray)
        if (looks_like_option(arg))
            throw UsageError("unknown option " + arg + " for '" + spec.name + "' (see movienet " + spec.name + " --help)");
    if (options_end != argv.end()) stray.insert(stray.end(), options_end + 1, argv.end());
    if (!stray.empty() && spec.positional.empty())
        throw UsageError("unexpected argument '" + stray.front() + "' for '" + spec.name + "'");
    positional_.insert(positional_.end(), stray.begin(), stray.end());
    for (const auto& [option, parsed] : declared) {
        if (parsed->count() == 0) continue;
        const auto& results = parsed->results();
        if (option->value_name.empty()) {
            for (const auto& result : results)
                if (result != "true") throw UsageError("option --" + option->name + " takes no value");
            values_[option->name] = "1";
        } else {
            if (std::find(results.begin(), results.end(), no_value) != results.end())
                throw UsageError("option --" + option->name + " needs a value (" + option->value_name + ")");
            values_[option->name] = results.back();
        }
    }
    for (const auto& option : spec.options)
        if (option.required && !values_.count(option.name))
            throw UsageError("missing required option --" + option.name + " " + option.value_name);
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
    long value = 0;
    if (!parse_integer(text, value) || value < min || value > max)
        throw UsageError("--" + name + " '" + text + "': expected an integer in [" + std::to_string(min) + ", " +
                         std::to_string(max) + "]");
    return value;
}

double Args::get_double(const std::string& name, double min, double max) const {
    const std::string text = get(name);
    double value = 0;
    if (!parse_number(text, value) || value < min || value > max) {
        std::ostringstream range;
        range << "[" << min << ", " << max << "]";
        throw UsageError("--" + name + " '" + text + "': expected a number in " + range.str());
    }
    return value;
}

}  // namespace movienet::cli
