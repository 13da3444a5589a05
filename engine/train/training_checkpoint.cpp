#include "train/training_checkpoint.h"

#include "util/text_file.h"

namespace fscope::train {

namespace fs = std::filesystem;

Result<void> writeTrainingCheckpoint(const fs::path& dir, int64_t step,
                                     const std::function<Result<void>(const std::string& weightsPath)>& saveWeights,
                                     torch::optim::Optimizer& optimizer, json::Value state)
{
    const std::string name = "step-" + std::to_string(step);
    const fs::path folder = dir / name;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        return Error{folder.string() + ": cannot create folder (" + ec.message() + ")"};
    if (auto saved = saveWeights((folder / "model.safetensors").string()); !saved)
        return saved;
    try {
        torch::save(optimizer, (folder / "optimizer.pt").string());
    } catch (const std::exception& e) {
        return Error{(folder / "optimizer.pt").string() + ": " + e.what()};
    }
    state["step"] = step;
    state["folder"] = name;
    if (auto written = writeTextFileAtomically((dir / "state.json").string(), json::serialize(state, 2) + "\n"); !written)
        return written;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory() && entry.path().filename() != name)
            fs::remove_all(entry.path(), ec);
    return {};
}

Result<std::optional<SavedCheckpoint>> readTrainingCheckpoint(const fs::path& dir)
{
    const fs::path statePath = dir / "state.json";
    auto text = readTextFile(statePath.string());
    if (!text)
        return std::optional<SavedCheckpoint>{};
    auto state = json::parse(*text);
    const auto* folder = state ? state->find("folder") : nullptr;
    const auto* step = state ? state->find("step") : nullptr;
    if (!folder || !folder->isString() || !step || !step->isNumber())
        return Error{statePath.string() + ": not a checkpoint state (expected \"folder\" and \"step\")"};
    SavedCheckpoint saved;
    saved.step = step->asInt();
    saved.weightsPath = (dir / folder->asString() / "model.safetensors").string();
    saved.optimizerPath = (dir / folder->asString() / "optimizer.pt").string();
    saved.state = std::move(*state);
    return std::optional<SavedCheckpoint>(std::move(saved));
}

Result<void> loadOptimizerState(torch::optim::Optimizer& optimizer, const std::string& path)
{
    try {
        torch::load(optimizer, path);
    } catch (const std::exception& e) {
        return Error{path + ": " + e.what()};
    }
    return {};
}

} // namespace fscope::train
