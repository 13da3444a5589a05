#pragma once
// The Fusion Lab for the app, behind a header without LibTorch: trains the
// chosen fusion strategies on the same shapes data and compares them (see
// train/shapes_lab.h), reporting each training's curve as it grows.
//
//   FusionLabOptions options;
//   options.strategies = {"early", "xattn"};
//   options.workDir = "/tmp/lab";
//   auto results = runFusionLab(options, [](const FusionLabProgress& p) { show(p); return !cancelled; });
//
// Thread-safety: blocks the calling thread (the engine's); progress is called
// on it.

#include "util/json.h"
#include "util/result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fscope::api {

// The strategies the lab trains and compares, in order: "early", "late", "xattn", "gated".
std::vector<std::string> fusionLabStrategies();

struct FusionLabOptions {
    std::vector<std::string> strategies; // "early", "late", "xattn", "gated"
    double epochs = 1.0;                 // passes over the training questions
    int64_t limitImages = 2000;          // training scenes
    std::string packDir;                 // a shapes pack; empty: a small one is made in workDir
    std::string workDir;
    uint64_t seed = 1;
};

struct FusionLabCurvePoint {
    int64_t step = 0;
    double seconds = 0;
    double loss = 0;
    double trainAccuracy = 0;
    double testAccuracy = -1; // -1: not measured at this point
};

struct FusionLabProgress {
    size_t strategyIndex = 0, strategies = 0;
    std::string strategy;
    std::string stage;             // "loading", "training", "evaluating"
    int64_t step = 0, steps = 0;
    double fraction = 0;           // of the whole lab
    std::optional<FusionLabCurvePoint> point; // a new point of this strategy's curve
};

struct FusionLabResult {
    std::string strategy;
    int64_t parameters = 0;
    int64_t steps = 0;
    double trainingSeconds = 0;
    double millisecondsPerQuestion = 0;
    double overall = 0, relational = 0, nonRelational = 0;
    std::vector<std::pair<std::string, double>> perType; // question type -> accuracy, in the pack's order
    double attentionShare = -1;                          // -1: no attention
    double imageDroppedAccuracy = 0;                     // the image masked out
    double questionDroppedAccuracy = 0;                  // the question masked out
    std::vector<double> lateWeights;                     // late: image, question
    std::vector<double> attentionGates;                  // gated: tanh(alpha) per layer
    std::vector<double> feedForwardGates;
    std::vector<FusionLabCurvePoint> curve;
    json::Value report; // all of the above as `fusionscope-cli lab --json` prints one strategy
};

// The strategies of a `fusionscope-cli lab --json` document (as saved by the
// app's Fusion Lab); errors say which field is wrong.
Result<std::vector<FusionLabResult>> fusionLabResultsFromJson(const json::Value& document);
// The document for `results` (the lab's settings under "epochs" and "train_images").
json::Value fusionLabDocument(const std::vector<FusionLabResult>& results, double epochs, int64_t trainImages);

// progress returning false cancels: the result is then the error "cancelled".
Result<std::vector<FusionLabResult>> runFusionLab(const FusionLabOptions& options,
                                                  const std::function<bool(const FusionLabProgress&)>& progress = {});

} // namespace fscope::api
