#include "cli/mini_helpers.h"

#include "models/builtin.h"
#include "runtime/torch_device.h"

#include <filesystem>

namespace fscope::cli {

std::optional<std::string> miniFolderFor(const std::string& model, const GlobalOptions& options)
{
    if (model == "builtin:mini") {
        for (const auto& builtin : models::builtinModels(resourceDir(options)))
            if (builtin.name == model) {
                if (!builtin.installed)
                    throw CommandError{model + " is not installed (expected its weights at " + builtin.weightsPath + ")"};
                return std::filesystem::path(builtin.weightsPath).parent_path().string();
            }
    }
    if (tasks::MiniSession::isMiniFolder(model))
        return model;
    return std::nullopt;
}

tasks::MiniSession openMiniModel(const std::string& folder, const GlobalOptions& options)
{
    const auto device = requireDevice(options);
    auto session = tasks::MiniSession::open(folder, runtime::torchDevice(device));
    if (!session)
        throw CommandError{session.error().message};
    return std::move(*session);
}

} // namespace fscope::cli
