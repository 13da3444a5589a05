#pragma once
// The Fusion Lab's engine: trains several fusion strategies on the same shapes
// data with the same budget and compares them: accuracy per question type, the
// training curve, size, speed, what each strategy learned about the modalities
// (late-fusion weights, gate values per layer) and how much each modality
// matters (accuracy with the image or the question masked out).
//
//   ShapesLabOptions options;
//   options.packDir = "packs/shapes";                // empty: a small pack is made in workDir
//   options.workDir = "/tmp/lab";
//   options.strategies = {Strategy::Early, Strategy::CrossAttention};
//   auto results = runShapesLab(options, onProgress); // one ShapesLabResult per strategy
//
// Thread-safety: blocks the calling thread; one lab per work folder.

#include "fusion/fusion.h"
#include "train/shapes_trainer.h"

#include <functional>
#include <string>
#include <vector>

namespace fscope::train {

struct ShapesLabOptions {
    std::string packDir;                 // a shapes pack; empty: one is made under workDir
    std::string workDir;
    std::vector<fusion::Strategy> strategies;
    double epochs = 1.0;                 // passes over the training questions
    int64_t limitImages = 2000;          // training scenes used (0 = all of the pack's)
    int64_t imagesPerStep = 32;
    int64_t questionsPerImage = 4;
    uint64_t seed = 1;
};

struct ShapesLabResult {
    fusion::Strategy strategy = fusion::Strategy::Early;
    int64_t parameters = 0;
    int64_t steps = 0;
    double trainingSeconds = 0;
    std::vector<ShapesCurvePoint> curve;
    ShapesVqaScores test;
    double imageDroppedAccuracy = 0;      // the image masked out
    double questionDroppedAccuracy = 0;   // the question masked out
    std::vector<double> modalityWeights;  // late: image, question
    std::vector<double> attentionGates;   // gated: tanh(alpha) per layer
    std::vector<double> feedForwardGates;
    json::Value toJson() const;
};

struct ShapesLabProgress {
    size_t strategyIndex = 0, strategies = 0;
    ShapesTrainingProgress training;
};

// progress returning false cancels (the error is then "cancelled").
Result<std::vector<ShapesLabResult>> runShapesLab(const ShapesLabOptions& options,
                                                  const std::function<bool(const ShapesLabProgress&)>& progress = {});

} // namespace fscope::train
