// Hand-written, not CLI11's formatter: it keeps movienet's help layout ("--name VALUE  help (required) [default: ...]").
#include "help_text.h"

#include <sstream>
#include <vector>

namespace movienet::cli {

namespace {
constexpr size_t option_column = 26;   // where an option's description starts
constexpr size_t summary_column = 18;  // where a command's summary starts in `movienet --help`
constexpr size_t width = 100;          // no help line is wider, unless one word is

// `left`, padded to `column` (or on a line of its own when it is wider).
std::string pad(std::string left, size_t column) {
    if (left.size() < column) left.resize(column, ' ');
    else left += "\n" + std::string(column, ' ');
    return left;
}

// The whitespace-separated words of `text` (its newlines are only line breaks).
std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

// `units` after `start` (which ends at `column`), joined by spaces and broken
// into lines of at most `width` columns, continued at `column`. A unit is never
// broken, so "[default: 64relu,64relu,1]" stays whole.
std::string reflow(std::string start, size_t column, const std::vector<std::string>& units) {
    size_t at = column;
    bool first = true;
    for (const auto& unit : units) {
        if (!first && at + 1 + unit.size() > width) {
            start += "\n" + std::string(column, ' ');
            at = column;
        } else if (!first) {
            start += ' ';
            ++at;
        }
        start += unit;
        at += unit.size();
        first = false;
    }
    return start + "\n";
}
}  // namespace

std::string format_command_entry(const CommandSpec& spec) {
    return reflow(pad("  " + spec.name, summary_column), summary_column, words_of(spec.summary));
}

std::string format_help(const CommandSpec& spec) {
    std::ostringstream out;
    out << "Usage: " << spec.usage << "\n\n" << reflow("", 0, words_of(spec.summary));
    if (!spec.options.empty()) out << "\nOptions:\n";
    for (const auto& option : spec.options) {
        std::vector<std::string> units = words_of(option.help);
        if (option.required) units.push_back("(required)");
        if (!option.default_value.empty() && !option.value_name.empty()) units.push_back("[default: " + option.default_value + "]");
        const std::string name = "  --" + option.name + (option.value_name.empty() ? "" : " " + option.value_name);
        out << reflow(pad(name, option_column), option_column, units);
    }
    out << pad("  -h, --help", option_column) << "show this help\n";
    return out.str();
}

}  // namespace movienet::cli
