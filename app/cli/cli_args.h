#pragma once
// Command-line parsing for fusionscope-cli: global options, then a subcommand
// with its own options (options may repeat: --image a.png --image b.png).

#include <map>
#include <string>
#include <vector>

namespace fscope::cli {

struct ParsedArgs {
    std::string command;                                     // "info", "embed", ...
    std::map<std::string, std::vector<std::string>> options; // "--image" -> values
    std::vector<std::string> flags;                          // "--json"
    std::vector<std::string> positional;

    bool hasFlag(const std::string& flag) const;
    // The single value of an option, or `fallback`; throws when given twice.
    std::string value(const std::string& option, const std::string& fallback = {}) const;
    const std::vector<std::string>& values(const std::string& option) const;
};

// `valueOptions` lists the options that take a value; any other --word is a flag.
// Throws std::invalid_argument for an option missing its value.
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<std::string>& valueOptions);

} // namespace fscope::cli
