#include "train/shapes_lab.h"

#include "data/shapes_pack.h"
#include "train/shapes_dataset.h"

#include <cmath>
#include <filesystem>

namespace fscope::train {

namespace fs = std::filesystem;

json::Value ShapesLabResult::toJson() const
{
    json::Value v = json::Value::object();
    v["strategy"] = fusion::strategyName(strategy);
    v["parameters"] = parameters;
    v["steps"] = steps;
    v["training_seconds"] = trainingSeconds;
    v["test"] = test.toJson();
    v["accuracy_image_dropped"] = imageDroppedAccuracy;
    v["accuracy_question_dropped"] = questionDroppedAccuracy;
    const auto list = [](const std::vector<double>& values) {
        json::Value a = json::Value::array();
        for (double x : values)
            a.asArray().push_back(x);
        return a;
    };
    if (!modalityWeights.empty()) {
        json::Value w = json::Value::object();
        w["image"] = modalityWeights[0];
        w["question"] = modalityWeights[1];
        v["late_weights"] = w;
    }
    if (!attentionGates.empty()) {
        v["attention_gates"] = list(attentionGates);
        v["feed_forward_gates"] = list(feedForwardGates);
    }
    v["curve"] = curveToJson(curve);
    return v;
}

Result<std::vector<ShapesLabResult>> runShapesLab(const ShapesLabOptions& options,
                                                  const std::function<bool(const ShapesLabProgress&)>& progress)
{
    if (options.strategies.empty())
        return Error{"lab: choose at least one strategy"};
    for (auto strategy : options.strategies)
        if (!fusion::fusesIntoAnswer(strategy))
            return Error{"lab: the shapes task compares early, late, xattn and gated, not " + fusion::strategyName(strategy)};
    std::string packDir = options.packDir;
    if (packDir.empty()) {
        // A pack of just the scenes asked for, without speech: seconds to make.
        packDir = (fs::path(options.workDir) / "pack").string();
        if (!fs::exists(fs::path(packDir) / "test.jsonl")) {
            data::ShapesPackOptions pack;
            pack.outDir = packDir;
            pack.trainImages = int(options.limitImages > 0 ? options.limitImages : 2000);
            pack.testImages = 200;
            pack.seed = options.seed;
            pack.withAudio = false;
            if (auto built = data::buildShapesPack(pack); !built)
                return built.error();
        }
    }
    auto test = loadShapesSplit(packDir, "test");
    if (!test)
        return test.error();
    const int64_t questionsPerEpoch = 20 * (options.limitImages > 0 ? options.limitImages : 9800);

    std::vector<ShapesLabResult> results;
    for (size_t i = 0; i < options.strategies.size(); ++i) {
        ShapesTrainingOptions t;
        t.packDir = packDir;
        t.outDir = (fs::path(options.workDir) / ("run-" + fusion::strategyName(options.strategies[i]))).string();
        t.config.strategy = options.strategies[i];
        t.imagesPerStep = options.imagesPerStep;
        t.questionsPerImage = options.questionsPerImage;
        t.steps = std::max<int64_t>(1, int64_t(std::ceil(options.epochs * double(questionsPerEpoch)
                                                         / double(options.imagesPerStep * options.questionsPerImage))));
        t.warmupSteps = std::min<int64_t>(300, std::max<int64_t>(1, t.steps / 10));
        t.plainQuestionSteps = t.steps * 3 / 20;   // the full runs' share (3,000 of 20,000)
        t.evalEvery = std::max<int64_t>(1, t.steps / 20);
        t.checkpointEvery = t.steps;
        t.limitTrainImages = options.limitImages;
        t.seed = options.seed;
        t.resume = false;
        ShapesLabProgress p;
        p.strategyIndex = i;
        p.strategies = options.strategies.size();
        auto report = trainShapesVqa(t, [&](const ShapesTrainingProgress& training) {
            p.training = training;
            return !progress || progress(p);
        });
        if (!report)
            return report.error();

        auto model = models::loadShapesVqaModel(report->weightsPath);
        if (!model)
            return model.error();
        ShapesLabResult r;
        r.strategy = options.strategies[i];
        r.parameters = report->parameters;
        r.steps = report->steps;
        r.trainingSeconds = report->seconds;
        r.curve = report->curve;
        r.test = report->test;
        ShapesEvalOptions eval;
        eval.measureAttention = false;
        eval.dropped = fusion::Modality::Image;
        r.imageDroppedAccuracy = evaluateShapesVqa(*model, *test, eval).overall();
        eval.dropped = fusion::Modality::Text;
        r.questionDroppedAccuracy = evaluateShapesVqa(*model, *test, eval).overall();
        // What the strategy learned, as its last forward pass recorded it.
        eval.dropped.reset();
        eval.limitImages = 1;
        evaluateShapesVqa(*model, *test, eval);
        const auto seen = (*model)->fusionModule()->inspect();
        if (seen.modalityWeights.defined() && r.strategy == fusion::Strategy::Late)
            r.modalityWeights = {seen.modalityWeights[int(fusion::Modality::Image)].item<double>(),
                                 seen.modalityWeights[int(fusion::Modality::Text)].item<double>()};
        r.attentionGates = seen.attentionGates;
        r.feedForwardGates = seen.feedForwardGates;
        results.push_back(std::move(r));
    }
    return results;
}

} // namespace fscope::train
