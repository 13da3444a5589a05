#pragma once
// A training run's checkpoint folder, shared by the trainers:
//   <dir>/state.json                    {"step", "folder", ...the trainer's own fields}
//   <dir>/step-N/model.safetensors      weights (written by the trainer's callback)
//   <dir>/step-N/optimizer.pt           the optimiser's state
// Only the newest step folder is kept; state.json is written atomically after
// the folder, so an interrupted save leaves the previous checkpoint usable.
// Thread-safety: one run per folder.

#include "util/json.h"
#include "util/result.h"

#include <torch/torch.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace fscope::train {

// `state` gets "step" and "folder" added.
Result<void> writeTrainingCheckpoint(const std::filesystem::path& dir, int64_t step,
                                     const std::function<Result<void>(const std::string& weightsPath)>& saveWeights,
                                     torch::optim::Optimizer& optimizer, json::Value state);

struct SavedCheckpoint {
    int64_t step = 0;
    std::string weightsPath;
    std::string optimizerPath;
    json::Value state;
};

// The newest checkpoint, or nullopt when the folder holds none.
Result<std::optional<SavedCheckpoint>> readTrainingCheckpoint(const std::filesystem::path& dir);

// Loads optimizer.pt into `optimizer`; the error names the file.
Result<void> loadOptimizerState(torch::optim::Optimizer& optimizer, const std::string& path);

} // namespace fscope::train
