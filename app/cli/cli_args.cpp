#include "cli/cli_args.h"

#include <algorithm>
#include <stdexcept>

namespace fscope::cli {

bool ParsedArgs::hasFlag(const std::string& flag) const
{
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::string ParsedArgs::value(const std::string& option, const std::string& fallback) const
{
    const auto it = options.find(option);
    if (it == options.end() || it->second.empty())
        return fallback;
    if (it->second.size() > 1)
        throw std::invalid_argument(option + " may be given only once");
    return it->second.front();
}

const std::vector<std::string>& ParsedArgs::values(const std::string& option) const
{
    static const std::vector<std::string> none;
    const auto it = options.find(option);
    return it == options.end() ? none : it->second;
}

ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<std::string>& valueOptions)
{
    ParsedArgs parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
            std::string inlineValue;
            bool hasInline = false;
            if (const auto eq = arg.find('='); eq != std::string::npos) {
                inlineValue = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
                hasInline = true;
            }
            const bool takesValue = std::find(valueOptions.begin(), valueOptions.end(), arg) != valueOptions.end();
            if (!takesValue) {
                if (hasInline)
                    throw std::invalid_argument(arg + " takes no value");
                parsed.flags.push_back(arg);
                continue;
            }
            if (!hasInline) {
                if (i + 1 >= args.size())
                    throw std::invalid_argument(arg + " needs a value");
                inlineValue = args[++i];
            }
            parsed.options[arg].push_back(inlineValue);
        } else if (parsed.command.empty()) {
            parsed.command = arg;
        } else {
            parsed.positional.push_back(arg);
        }
    }
    return parsed;
}

} // namespace fscope::cli
