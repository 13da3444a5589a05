#include "cli/mini_helpers.h"

#include "runtime/torch_device.h"

#include <filesystem>

namespace fscope::cli {

std::optional<std::string> miniFolderFor(const api::ModelRecord& model)
{
    if (model.family != api::ModelFamily::Mini)
        return std::nullopt;
    return model.builtin ? std::filesystem::path(model.weightsPath).parent_path().string() : model.weightsPath;
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
