#pragma once
// Trains one shapes VQA model (models/shapes_vqa.h) on the shapes pack with a
// chosen fusion strategy, and scores it on the test split.
//
//   fscope::train::ShapesTrainingOptions options;
//   options.packDir = "packs/shapes";
//   options.outDir = "runs/shapes-xattn";
//   options.config.strategy = fscope::fusion::Strategy::CrossAttention;
//   auto report = fscope::train::trainShapesVqa(options, [](const auto& p) { print(p); return true; });
//   // runs/shapes-xattn/{shapes-xattn.safetensors, report.json, checkpoint/}
//
// A step draws `imagesPerStep` scenes and `questionsPerImage` of each scene's
// questions: the image encoder runs once per scene, which is most of a step's
// cost. Half of the scenes are redrawn another way (antialiased, objects moved
// by a pixel, scaled by up to 10 %), their answers recomputed from the moved
// scene, so the model answers scenes drawn differently from the pack's. What a
// step draws is a function of (seed, step) alone: a resumed run continues as
// the uninterrupted one would have. A checkpoint (weights, optimiser, step,
// curve) is written every `checkpointEvery` steps and when the run stops.
// Thread-safety: one training per output folder; blocks the calling thread.

#include "models/shapes_vqa.h"
#include "train/shapes_eval.h"
#include "util/result.h"

#include <functional>
#include <string>
#include <vector>

namespace fscope::train {

struct ShapesTrainingOptions {
    std::string packDir;
    std::string outDir;
    models::ShapesVqaConfig config;
    int64_t steps = 12000;
    int64_t imagesPerStep = 32;
    int64_t questionsPerImage = 4;
    double learningRate = 1e-3;
    double weightDecay = 1e-4;
    int64_t warmupSteps = 300;
    double augmentShare = 0.5;     // scenes redrawn per step
    int64_t plainQuestionSteps = 0; // the first steps draw non-relational questions only
    double patchLossWeight = 1.0;  // the patch probe's loss (ShapesVqaModelImpl::probePatches); 0 = answers only
    // Where the attention strategies look: -log of the attention (mean over heads
    // and words) on the named object's cells, in the first layer for every
    // question (relations are measured from there) and in the last for the
    // questions about that object alone. 0 = not taught.
    double attentionLossWeight = 0;
    double placeLossWeight = 1.0;  // the learned patch places (config.refinePlaces) against the objects' centres
    std::string initWeights;       // start from this model's weights (its parameters by name; new ones keep their start)
    uint64_t seed = 1;
    int64_t checkpointEvery = 500;
    int64_t evalEvery = 1000;      // test-split accuracy for the curve
    int64_t evalImages = 200;      // of the test split, for the curve (the final score uses all)
    int64_t limitTrainImages = 0;  // 0 = all
    double maxSeconds = 0;         // all runs of the folder together; the learning rate decays by this time or
                                   // `steps`, whichever comes first, and the run stops (and saves) there; 0 = no limit
    bool resume = true;
};

struct ShapesCurvePoint {
    int64_t step = 0;
    double seconds = 0;
    double loss = 0;           // the answers' cross-entropy, mean over the steps since the previous point
    double trainAccuracy = 0;  // same
    double testAccuracy = -1, testRelational = -1, testNonRelational = -1;
};

// [{"step", "seconds", "loss", "train_accuracy", "test_accuracy", ...}, ...]
json::Value curveToJson(const std::vector<ShapesCurvePoint>& curve);

struct ShapesTrainingProgress {
    std::string stage; // "loading", "training", "evaluating"
    int64_t step = 0, steps = 0;
    double loss = 0, patchLoss = 0, trainAccuracy = 0, learningRate = 0, secondsPerStep = 0, etaSeconds = 0;
    const ShapesCurvePoint* newPoint = nullptr; // set when a curve point was just added
};

struct ShapesTrainingReport {
    int64_t steps = 0;
    int64_t resumedFrom = 0;
    double seconds = 0;            // this run's wall time (a resumed run adds to the earlier runs')
    double totalSeconds = 0;       // all runs of this output folder together
    int64_t parameters = 0;
    std::vector<ShapesCurvePoint> curve;
    ShapesVqaScores test;
    std::string weightsPath;
    json::Value toJson() const;
};

// `progress` is called after every step; false stops the run after writing a
// checkpoint, and the result is then the error "cancelled".
Result<ShapesTrainingReport> trainShapesVqa(const ShapesTrainingOptions& options,
                                            const std::function<bool(const ShapesTrainingProgress&)>& progress = {});

} // namespace fscope::train
