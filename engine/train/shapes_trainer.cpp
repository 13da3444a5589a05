#include "train/shapes_trainer.h"

#include "data/shapes_world.h"
#include "train/step_random.h"
#include "train/training_checkpoint.h"
#include "train/training_loop.h"
#include "util/text_file.h"

#include <chrono>
#include <cmath>
#include <filesystem>

namespace fscope::train {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

} // namespace

json::Value curveToJson(const std::vector<ShapesCurvePoint>& curve)
{
    json::Value points = json::Value::array();
    for (const auto& p : curve) {
        json::Value v = json::Value::object();
        v["step"] = p.step;
        v["seconds"] = p.seconds;
        v["loss"] = p.loss;
        v["train_accuracy"] = p.trainAccuracy;
        if (p.testAccuracy >= 0) {
            v["test_accuracy"] = p.testAccuracy;
            v["test_relational"] = p.testRelational;
            v["test_non_relational"] = p.testNonRelational;
        }
        points.asArray().push_back(v);
    }
    return points;
}

namespace {

std::vector<ShapesCurvePoint> curveFromJson(const json::Value* points)
{
    std::vector<ShapesCurvePoint> curve;
    if (!points || !points->isArray())
        return curve;
    const auto number = [](const json::Value& v, const char* name, double fallback) {
        const auto* item = v.find(name);
        return item && item->isNumber() ? item->asDouble() : fallback;
    };
    for (const auto& v : points->asArray()) {
        ShapesCurvePoint p;
        p.step = int64_t(number(v, "step", 0));
        p.seconds = number(v, "seconds", 0);
        p.loss = number(v, "loss", 0);
        p.trainAccuracy = number(v, "train_accuracy", 0);
        p.testAccuracy = number(v, "test_accuracy", -1);
        p.testRelational = number(v, "test_relational", -1);
        p.testNonRelational = number(v, "test_non_relational", -1);
        curve.push_back(p);
    }
    return curve;
}

// A scene as a person might draw it: objects moved by up to a pixel (kept
// inside the picture), antialiased, shifted by under a pixel, scaled 0.9-1.1.
io::ImageRgb8 redrawScene(std::mt19937_64& rng, data::ShapesScene& scene)
{
    const int lo = data::kShapesObjectHalf, hi = data::kShapesImageSize - 1 - data::kShapesObjectHalf;
    for (auto& object : scene.objects) {
        object.x = std::clamp(object.x + int(uniformInt(rng, -1, 1)), lo, hi);
        object.y = std::clamp(object.y + int(uniformInt(rng, -1, 1)), lo, hi);
    }
    return data::renderSceneSmooth(scene, uniform(rng, -0.5, 0.5), uniform(rng, -0.5, 0.5), uniform(rng, 0.9, 1.1), 3);
}

int8_t answerIndex(const std::string& answer)
{
    const auto& answers = data::shapesAnswers();
    return int8_t(std::find(answers.begin(), answers.end(), answer) - answers.begin());
}

// Per grid cell and colour: does the object overlap the cell, and is it a
// square. [grid^2, 12]: columns 0-5 presence, 6-11 squareness (meaningful where present).
torch::Tensor patchTargets(const data::ShapesScene& scene, int grid)
{
    auto targets = torch::zeros({int64_t(grid) * grid, 2 * data::kShapesColours});
    auto t = targets.accessor<float, 2>();
    for (const auto& object : scene.objects)
        for (int64_t cell : shapesCellsOf(object, grid)) {
            t[cell][object.colour] = 1;
            t[cell][data::kShapesColours + object.colour] = object.square ? 1 : 0;
        }
    return targets;
}

// Mean squared error of the learned places where an object is, in cells.
torch::Tensor placeLoss(const torch::Tensor& offsets, const torch::Tensor& targets, int grid)
{
    const double spacing = 2.0 / double(grid - 1);
    const auto covered = targets.select(-1, 2);
    const auto error = (offsets - targets.narrow(-1, 0, 2)).div(spacing).pow(2).sum(-1);
    return (error * covered).sum() / covered.sum().clamp_min(1);
}

// -log of the attention share on the target cells: attention [N, H, T, K],
// cells [N, K] 0/1, `used` [N] which questions count.
torch::Tensor attentionLoss(const torch::Tensor& attention, const torch::Tensor& questionMask, const torch::Tensor& cells,
                            const torch::Tensor& used)
{
    const auto share = (questionAttention(attention, questionMask) * cells).sum(-1).clamp_min(1e-4);
    return -(share.log() * used).sum() / used.sum().clamp_min(1);
}

// Binary cross-entropy of the patch probe: presence everywhere, squareness
// where the object is.
torch::Tensor patchLoss(const torch::Tensor& logits, const torch::Tensor& targets)
{
    namespace F = torch::nn::functional;
    const auto c = data::kShapesColours;
    const auto presence = targets.narrow(-1, 0, c);
    const auto presenceLoss = F::binary_cross_entropy_with_logits(logits.narrow(-1, 0, c), presence);
    const auto shapeLoss = (F::binary_cross_entropy_with_logits(logits.narrow(-1, c, c), targets.narrow(-1, c, c),
                                                                F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone))
                            * presence)
                               .sum()
                           / presence.sum().clamp_min(1);
    return presenceLoss + shapeLoss;
}

// Copies `from`'s parameters and buffers into `to` where name and shape match;
// the others keep their values. Returns how many tensors of `to` were left.
size_t copyMatchingTensors(torch::nn::Module& from, torch::nn::Module& to)
{
    torch::NoGradGuard noGrad;
    size_t left = 0;
    const auto copy = [&](const auto& source, auto target) {
        for (auto& item : target)
            if (const auto* found = source.find(item.key()); found && found->sizes() == item.value().sizes())
                item.value().copy_(*found);
            else
                ++left;
    };
    copy(from.named_parameters(), to.named_parameters());
    copy(from.named_buffers(), to.named_buffers());
    return left;
}

// The questions of each training scene: all of them, and those about one object alone.
struct SceneQuestions {
    std::vector<std::vector<size_t>> all;
    std::vector<std::vector<size_t>> plain;
};

SceneQuestions indexSceneQuestions(const ShapesSplit& split)
{
    SceneQuestions index;
    index.all.resize(size_t(split.images.size(0)));
    index.plain.resize(index.all.size());
    for (size_t q = 0; q < split.questions.size(); ++q) {
        const auto& record = split.questions[q];
        index.all[size_t(record.image)].push_back(q);
        if (!data::isRelational(data::ShapesQuestionType(record.type)))
            index.plain[size_t(record.image)].push_back(q);
    }
    return index;
}

// One step's scenes and questions, with what the auxiliary losses are taught.
struct ShapesBatch {
    torch::Tensor pixels;                 // [scenes, 3, 75, 75] in [-1, 1]
    std::vector<int64_t> rowOf;           // per question, its scene's row
    std::vector<int64_t> tableRow;        // per question, its row of shapesQuestionTable
    std::vector<int64_t> answers;         // per question, the right answer's index
    std::vector<torch::Tensor> cellTargets, placeTargets; // per scene
    std::vector<torch::Tensor> namedCells; // per question: the named object's cells (attention loss)
    std::vector<float> plainQuestion;      // per question: 1 when it is about one object alone
};

// Draws step `step`'s batch: the scenes (some redrawn, antialiased and moved,
// with their answers asked again) and questions of each, from the step's own
// random stream, so a resumed run draws what the first one would have.
ShapesBatch drawShapesBatch(const ShapesTrainingOptions& options, const ShapesSplit& split,
                            const SceneQuestions& index, int64_t trainImages, int64_t step)
{
    ShapesBatch batch;
    auto rng = stepRandom(options.seed, step);
    const auto scenes = drawBatch(rng, size_t(trainImages), size_t(options.imagesPerStep));
    auto pixels = split.images.index_select(0, torch::tensor(std::vector<int64_t>(scenes.begin(), scenes.end()), torch::kLong))
                      .to(torch::kFloat);
    const int grid = int(options.config.grid);
    for (size_t row = 0; row < scenes.size(); ++row) {
        const size_t image = scenes[row];
        // A curriculum: first only the questions about one object, so the
        // model learns to find an object by its colour before relations.
        const bool plainOnly = step < options.plainQuestionSteps;
        const auto& questions = plainOnly ? index.plain[image] : index.all[image];
        const auto picked = drawBatch(rng, questions.size(), size_t(options.questionsPerImage));
        const bool redraw = uniform(rng, 0, 1) < options.augmentShare;
        data::ShapesScene scene = split.scenes[image];
        if (redraw) {
            const auto drawn = redrawScene(rng, scene);
            pixels[int64_t(row)].copy_(torch::from_blob(const_cast<uint8_t*>(drawn.pixels.data()), {75, 75, 3},
                                                        torch::kUInt8)
                                           .permute({2, 0, 1})
                                           .to(torch::kFloat));
        }
        batch.cellTargets.push_back(patchTargets(scene, grid));
        if (options.config.refinePlaces)
            batch.placeTargets.push_back(shapesPlaceTargets(scene, grid));
        for (size_t k : picked) {
            const auto& record = split.questions[questions[k]];
            if (options.attentionLossWeight > 0) {
                auto cells = torch::zeros({int64_t(grid) * grid});
                for (const auto& object : scene.objects)
                    if (object.colour == record.colour)
                        for (int64_t cell : shapesCellsOf(object, grid))
                            cells[cell] = 1;
                batch.namedCells.push_back(cells);
                batch.plainQuestion.push_back(data::isRelational(data::ShapesQuestionType(record.type)) ? 0.f : 1.f);
            }
            batch.rowOf.push_back(int64_t(row));
            batch.tableRow.push_back(int64_t(record.type) * data::kShapesColours + record.colour);
            batch.answers.push_back(
                redraw ? answerIndex(data::askQuestion(scene, data::ShapesQuestionType(record.type), record.colour).answer)
                       : record.answer);
        }
    }
    batch.pixels = pixels / 127.5 - 1.0;
    return batch;
}

// Reads a checkpoint's weights into `model`, which must have the same config.
Result<void> loadWeightsInto(const std::string& path, const fs::path& stateFile, models::ShapesVqaModel& model)
{
    auto loaded = models::loadShapesVqaModel(path);
    if (!loaded)
        return loaded.error();
    if ((*loaded)->config().toJson() != model->config().toJson())
        return Error{stateFile.string() + ": the checkpoint's model differs from the one asked for (use --no-resume)"};
    if (copyMatchingTensors(**loaded, *model) != 0) // the same config: every tensor is there
        return Error{path + ": the checkpoint lacks some of the model's tensors"};
    return {};
}

} // namespace

json::Value ShapesTrainingReport::toJson() const
{
    json::Value v = json::Value::object();
    v["weights"] = weightsPath;
    v["steps"] = steps;
    v["resumed_from"] = resumedFrom;
    v["seconds"] = seconds;
    v["total_seconds"] = totalSeconds;
    v["parameters"] = parameters;
    v["test"] = test.toJson();
    v["curve"] = curveToJson(curve);
    return v;
}

Result<ShapesTrainingReport> trainShapesVqa(const ShapesTrainingOptions& options,
                                            const std::function<bool(const ShapesTrainingProgress&)>& progress)
{
    const auto started = Clock::now();
    const fs::path out(options.outDir);
    std::error_code ec;
    fs::create_directories(out / "checkpoint", ec);
    if (ec)
        return Error{options.outDir + ": cannot create folder (" + ec.message() + ")"};

    ShapesTrainingProgress p;
    p.stage = "loading";
    p.steps = options.steps;
    if (progress && !progress(p))
        return Error{"cancelled"};
    auto trainSplit = loadShapesSplit(options.packDir, "train");
    if (!trainSplit)
        return trainSplit.error();
    auto testSplit = loadShapesSplit(options.packDir, "test");
    if (!testSplit)
        return testSplit.error();
    const int64_t trainImages = options.limitTrainImages > 0
                                    ? std::min<int64_t>(options.limitTrainImages, trainSplit->images.size(0))
                                    : trainSplit->images.size(0);
    const SceneQuestions questions = indexSceneQuestions(*trainSplit);
    if (trainSplit->scenes.size() != questions.all.size())
        return Error{options.packDir + ": the train split's scenes do not match its pictures"};

    torch::manual_seed(options.seed);
    models::ShapesVqaModel model(options.config);
    model->train();
    ShapesTrainingReport report;
    for (const auto& parameter : model->parameters())
        report.parameters += parameter.numel();
    if (!options.initWeights.empty()) {
        auto start = models::loadShapesVqaModel(options.initWeights);
        if (!start)
            return start.error();
        if ((*start)->config().strategy != options.config.strategy || (*start)->config().grid != options.config.grid)
            return Error{options.initWeights + ": its strategy or grid differs from the one asked for"};
        copyMatchingTensors(**start, *model); // new parts (refined places) keep their start
    }
    torch::optim::AdamW optimizer(model->parameters(),
                                  torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
    TrainingLoopOptions loopOptions;
    loopOptions.checkpointDir = out / "checkpoint";
    loopOptions.steps = options.steps;
    loopOptions.checkpointEvery = options.checkpointEvery;
    loopOptions.curveEvery = options.evalEvery;
    loopOptions.maxSeconds = options.maxSeconds;
    loopOptions.resume = options.resume;
    TrainingLoop loop(
        loopOptions, optimizer, [&](const std::string& path) { return models::saveShapesVqaModel(path, model); },
        [&](const std::string& path) { return loadWeightsInto(path, loopOptions.checkpointDir / "state.json", model); },
        started);
    auto resumed = loop.resume();
    if (!resumed)
        return resumed.error();
    if (*resumed)
        report.curve = curveFromJson((*resumed)->find("curve"));
    report.resumedFrom = loop.resumedFrom();
    const auto [tableIds, tableMask] = shapesQuestionTable(options.config.maxQuestionTokens);

    p.stage = "training";
    double lossSum = 0, accuracySum = 0;
    int64_t sinceLastPoint = 0;
    while (loop.running()) {
        const int64_t step = loop.step();
        const ShapesBatch batch = drawShapesBatch(options, *trainSplit, questions, trainImages, step);
        const auto& pixels = batch.pixels;
        const auto& rowOf = batch.rowOf;
        const auto which = torch::tensor(batch.tableRow, torch::kLong);
        const auto target = torch::tensor(batch.answers, torch::kLong);
        const double rate = warmupCosineRate(options.learningRate, loop.scheduleStep(), options.warmupSteps, options.steps);
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(rate);

        optimizer.zero_grad();
        const auto imageTokens = model->encodeImage(pixels);
        const auto questionMask = tableMask.index_select(0, which);
        const auto fused = model->fuseTraced(imageTokens.index_select(0, torch::tensor(rowOf, torch::kLong)),
                                             tableIds.index_select(0, which), questionMask);
        const auto& logits = fused.logits;
        const auto answerLoss = torch::nn::functional::cross_entropy(logits, target);
        auto loss = answerLoss;
        if (options.attentionLossWeight > 0 && !fused.attention.empty()) {
            const auto cells = torch::stack(batch.namedCells);
            const auto plain = torch::tensor(batch.plainQuestion);
            loss = loss + options.attentionLossWeight
                              * (attentionLoss(fused.attention.front(), questionMask, cells, torch::ones_like(plain))
                                 + attentionLoss(fused.attention.back(), questionMask, cells, plain));
        }
        if (options.config.refinePlaces && options.placeLossWeight > 0)
            loss = loss + options.placeLossWeight * placeLoss(model->placeOffsets(imageTokens), torch::stack(batch.placeTargets),
                                                              int(options.config.grid));
        torch::Tensor probeLoss;
        if (options.patchLossWeight > 0) {
            probeLoss = patchLoss(model->probePatches(imageTokens), torch::stack(batch.cellTargets));
            loss = loss + options.patchLossWeight * probeLoss;
        }
        loss.backward();
        torch::nn::utils::clip_grad_norm_(model->parameters(), 5.0);
        const double lossValue = loss.item<double>();
        if (!std::isfinite(lossValue))
            return Error{"the loss is not finite at step " + std::to_string(step + 1) + " (lower the learning rate)"};
        optimizer.step();
        loop.stepTaken();

        const double accuracy = logits.argmax(1).eq(target).to(torch::kDouble).mean().item<double>();
        p.step = step + 1;
        p.steps = options.steps;
        p.loss = answerLoss.item<double>();
        lossSum += p.loss;
        accuracySum += accuracy;
        ++sinceLastPoint;
        p.patchLoss = probeLoss.defined() ? probeLoss.item<double>() : 0;
        p.trainAccuracy = accuracy;
        p.learningRate = rate;
        p.secondsPerStep = loop.secondsPerStep();
        p.etaSeconds = loop.etaSeconds();
        p.newPoint = nullptr;
        if (loop.pointDue()) {
            ShapesCurvePoint point;
            point.step = step + 1;
            point.seconds = loop.seconds();
            point.loss = lossSum / double(sinceLastPoint);
            point.trainAccuracy = accuracySum / double(sinceLastPoint);
            ShapesEvalOptions eval;
            eval.limitImages = options.evalImages;
            eval.measureAttention = false;
            const auto scores = evaluateShapesVqa(model, *testSplit, eval);
            point.testAccuracy = scores.overall();
            point.testRelational = scores.relational();
            point.testNonRelational = scores.nonRelational();
            report.curve.push_back(point);
            p.newPoint = &report.curve.back();
            lossSum = accuracySum = 0;
            sinceLastPoint = 0;
        }
        const bool keepGoing = !progress || progress(p);
        if (auto ended = loop.endStep(keepGoing, [&] {
                json::Value state = json::Value::object();
                state["curve"] = curveToJson(report.curve);
                return state;
            });
            !ended)
            return ended.error();
    }
    if (loop.cancelled())
        return Error{"cancelled"};
    const int64_t step = loop.step();

    p.stage = "evaluating";
    if (progress)
        progress(p);
    report.steps = step;
    report.test = evaluateShapesVqa(model, *testSplit);
    model->eval();
    report.weightsPath = (out / ("shapes-" + fusion::strategyName(options.config.strategy) + ".safetensors")).string();
    if (auto saved = models::saveShapesVqaModel(report.weightsPath, model); !saved)
        return saved.error();
    report.seconds = loop.secondsThisRun();
    report.totalSeconds = loop.seconds();
    if (auto written = writeTextFileAtomically((out / "report.json").string(), json::serialize(report.toJson(), 2) + "\n");
        !written)
        return written.error();
    return report;
}

} // namespace fscope::train
