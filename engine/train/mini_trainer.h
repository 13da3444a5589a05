#pragma once
// Trains the built-in model "mini" on the emoji pack: symmetric InfoNCE over
// text-image, audio-image and audio-text pairs (DESIGN.md, unified space).
//
//   fscope::train::MiniTrainingOptions options;
//   options.packDir = "packs/emoji";
//   options.outDir = "runs/mini";
//   auto report = fscope::train::trainMini(options, [](const auto& p) { print(p); return true; });
//   // runs/mini/{mini.safetensors, config.json, tokenizer.json, checkpoint/}
//
// Every step draws `batch` different emoji; each brings its picture (slightly
// moved and scaled), one of its texts (English or Chinese name, or a few
// keywords) and one clip of a training voice (stretched in time, shifted in
// pitch, with masked bands). Held-out voices are never loaded. The batch
// contents and the augmentation are a function of (seed, step) alone, so a run
// resumed from a checkpoint continues exactly as it would have.
// Checkpoints (weights, optimiser state, step) are written every
// `checkpointEvery` steps and when the run stops; `resume` continues from one.
// Thread-safety: one training per output folder; blocks the calling thread.

#include "models/mini_model.h"
#include "util/result.h"

#include <functional>
#include <string>
#include <vector>

namespace fscope::train {

struct MiniTrainingOptions {
    std::string packDir;
    std::string outDir;
    std::vector<std::string> excludeSplits; // {"test"}: the generalisation run
    models::MiniConfig config;
    int vocabularySize = 4000;
    int64_t steps = 1000;
    int64_t batch = 256;
    double learningRate = 1e-3;
    double weightDecay = 0.05;
    int64_t warmupSteps = 100;
    uint64_t seed = 1;
    int64_t checkpointEvery = 50;
    bool resume = true;
    int loaderThreads = 2;
};

struct MiniTrainingProgress {
    std::string stage; // "loading", "training"
    int64_t step = 0, steps = 0;
    double loss = 0, lossTextImage = 0, lossAudioImage = 0, lossAudioText = 0;
    double learningRate = 0, secondsPerStep = 0, etaSeconds = 0;
};

struct MiniTrainingReport {
    int64_t steps = 0;
    int64_t resumedFrom = 0;
    double seconds = 0;
    double finalLoss = 0;
    size_t emoji = 0, clips = 0;
    int64_t parameters = 0;
    std::string weightsPath;
};

// `progress` is called after every step (and while loading); false stops the
// run after writing a checkpoint, and the result is then an error "cancelled".
Result<MiniTrainingReport> trainMini(const MiniTrainingOptions& options,
                                     const std::function<bool(const MiniTrainingProgress&)>& progress = {});

} // namespace fscope::train
