#include "cli/commands.h"

#include "runtime/resources.h"

#include <stdexcept>

namespace fscope::cli {

std::string resourceDir(const GlobalOptions& options)
{
    return runtime::findResourceDir(options.executablePath, {FUSIONSCOPE_SOURCE_RESOURCES});
}

api::ModelCatalog modelCatalog(const GlobalOptions& options)
{
    return api::ModelCatalog(resourceDir(options));
}

api::ModelRecord describeModel(const ParsedArgs& args, const GlobalOptions& options, const char* command)
{
    const std::string model = args.value("--model");
    if (model.empty())
        throw CommandError{std::string(command)
                           + " needs --model: a built-in name (see info), a CLIP .pt file or a Hugging Face CLIP folder"};
    auto record = modelCatalog(options).describe(model);
    if (!record)
        throw CommandError{record.error().message};
    return std::move(*record);
}

runtime::DeviceInfo requireDevice(const GlobalOptions& options)
{
    auto device = runtime::resolveDevice(options.device);
    if (!device)
        throw CommandError{device.error().message};
    return *device;
}

double doubleOption(const ParsedArgs& args, const std::string& option, double fallback, double low, double high)
{
    const std::string text = args.value(option);
    if (text.empty())
        return fallback;
    double value = 0;
    try {
        size_t used = 0;
        value = std::stod(text, &used);
        if (used != text.size())
            throw std::invalid_argument(option);
    } catch (const std::exception&) {
        throw CommandError{option + " takes a number, got '" + text + "'"};
    }
    if (!(value >= low && value <= high))
        throw CommandError{option + " takes a number from " + std::to_string(low) + " to " + std::to_string(high)
                           + ", got '" + text + "'"};
    return value;
}

int intOption(const ParsedArgs& args, const std::string& option, int fallback, int low, int high)
{
    const std::string text = args.value(option);
    if (text.empty())
        return fallback;
    int value = 0;
    try {
        size_t used = 0;
        value = std::stoi(text, &used);
        if (used != text.size())
            throw std::invalid_argument(option);
    } catch (const std::exception&) {
        throw CommandError{option + " takes a whole number, got '" + text + "'"};
    }
    if (value < low || value > high)
        throw CommandError{option + " takes a number from " + std::to_string(low) + " to " + std::to_string(high)
                           + ", got " + text};
    return value;
}

} // namespace fscope::cli
