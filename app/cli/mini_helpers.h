#pragma once
// Opening a mini model for the commands: the built-in one from the resource
// folder, or a folder a training run wrote (api/model_catalog.h tells which).

#include "cli/commands.h"
#include "tasks/mini_session.h"

#include <optional>
#include <string>

namespace fscope::cli {

// The folder of a mini model (the built-in's, or one a training run wrote), or
// nothing for a model of another family.
std::optional<std::string> miniFolderFor(const api::ModelRecord& model);

tasks::MiniSession openMiniModel(const std::string& folder, const GlobalOptions& options);

} // namespace fscope::cli
