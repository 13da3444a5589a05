#pragma once
// Opening the built-in model "mini" for the commands: builtin:mini from the
// resource folder, or a folder a training run wrote.

#include "cli/commands.h"
#include "tasks/mini_session.h"

#include <optional>
#include <string>

namespace fscope::cli {

// The folder of a mini model named by --model, or nothing when the name is a
// CLIP checkpoint. Throws CommandError when builtin:mini is not installed.
std::optional<std::string> miniFolderFor(const std::string& model, const GlobalOptions& options);

tasks::MiniSession openMiniModel(const std::string& folder, const GlobalOptions& options);

} // namespace fscope::cli
