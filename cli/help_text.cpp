// Hand-written, not CLI11's formatter: it keeps movienet's help layout ("--name VALUE  help (required) [default: ...]").
#include "help_text.h"

#include <sstream>

namespace movienet::cli {

namespace {
constexpr size_t help_column = 26;  // where descriptions start

std::string pad(std::string left) {
    if (left.size() < help_column) left.resize(help_column, ' ');
    else left += "\n" + std::string(help_column, ' ');
    return left;
}
}  // namespace

std::string format_help(const CommandSpec& spec) {
    std::ostringstream out;
    out << "Usage: " << spec.usage << "\n\n" << spec.summary << "\n";
    if (!spec.options.empty()) out << "\nOptions:\n";
    for (const auto& option : spec.options) {
        out << pad("  --" + option.name + (option.value_name.empty() ? "" : " " + option.value_name)) << option.help;
        if (option.required) out << " (required)";
        if (!option.default_value.empty() && !option.value_name.empty()) out << " [default: " << option.default_value << "]";
        out << "\n";
    }
    out << pad("  -h, --help") << "show this help\n";
    return out.str();
}

}  // namespace movienet::cli
