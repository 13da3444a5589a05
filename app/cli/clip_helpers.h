#pragma once
// Shared pieces of the commands that run an imported CLIP.

#include "cli/commands.h"

#include "tasks/clip_session.h"
#include "util/json.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace fscope::cli {

// Opens --model (required) on the chosen device; built-in names and bad paths
// become CommandErrors that say what to give instead.
tasks::ClipSession openClipModel(const ParsedArgs& args, const GlobalOptions& options, const char* command);

// One JSON array per row of a [N, E] tensor.
json::Value rowsToJson(const torch::Tensor& rows);

// L2-normalised rows.
torch::Tensor normalizedRows(const torch::Tensor& rows);

// Writes `text` to `path` through a temporary file renamed over it, so a failed
// run never leaves a half-written file; throws CommandError naming the path.
void writeFileAtomically(const std::string& path, const std::string& text);

} // namespace fscope::cli
