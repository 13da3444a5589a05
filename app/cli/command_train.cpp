// train --task emoji --pack DIR --out DIR [--steps N] [--batch N] [--seed N]
//       [--exclude-split test] [--no-resume]
// train --task shapes --strategy early|late|xattn|gated --pack DIR --out DIR
//       [--steps N] [--batch IMAGES] [--questions-per-image N] [--max-minutes M]
//       [--eval-every N] [--limit IMAGES] [--seed N] [--no-resume]
// train --task shapes-speech --pack DIR --out DIR [--mini FOLDER] [--steps N]
//       [--batch N] [--max-minutes M] [--eval-every N] [--seed N] [--tune-audio-tower]
// eval-retrieval --model M --pack DIR [--split train|val|test]
#include "cli/commands.h"
#include "cli/mini_helpers.h"

#include "api/evaluation.h"
#include "train/emoji_eval.h"
#include "train/mini_trainer.h"
#include "train/shapes_trainer.h"
#include "train/spoken_question_trainer.h"
#include "util/json.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>

namespace fscope::cli {

namespace {

std::string minutesAndSeconds(double seconds)
{
    const int total = int(seconds + 0.5);
    char text[32];
    std::snprintf(text, sizeof text, "%d:%02d", total / 60, total % 60);
    return text;
}

int runTrainShapes(const ParsedArgs& args, const GlobalOptions& options)
{
    train::ShapesTrainingOptions o;
    o.packDir = args.value("--pack");
    o.outDir = args.value("--out");
    if (o.packDir.empty() || o.outDir.empty())
        throw CommandError{"train: --pack DIR (a shapes pack, see make-pack) and --out DIR are required"};
    const std::string strategyName = args.value("--strategy", "xattn");
    const auto strategy = fusion::parseStrategy(strategyName);
    if (!strategy || !fusion::fusesIntoAnswer(*strategy))
        throw CommandError{"train: --strategy takes early, late, xattn or gated for the shapes task (got '"
                           + strategyName + "')"};
    o.config.strategy = *strategy;
    o.config.imageLayers = intOption(args, "--image-layers", int(o.config.imageLayers), 0, 8);
    o.config.questionLayers = intOption(args, "--question-layers", int(o.config.questionLayers), 0, 8);
    o.config.grid = intOption(args, "--grid", int(o.config.grid), 5, 19);
    if (o.config.grid != 5 && o.config.grid != 10 && o.config.grid != 19)
        throw CommandError{"train: --grid takes 5, 10 or 19 (patches per side)"};
    o.config.exactPlaces = args.hasFlag("--exact-places");
    o.config.distanceBias = args.hasFlag("--distance-bias");
    o.learningRate = doubleOption(args, "--lr", o.learningRate, 1e-6, 1.0);
    o.augmentShare = doubleOption(args, "--augment", o.augmentShare, 0.0, 1.0);
    o.plainQuestionSteps = intOption(args, "--plain-steps", int(o.plainQuestionSteps), 0, 10000000);
    o.patchLossWeight = doubleOption(args, "--patch-loss", o.patchLossWeight, 0.0, 100.0);
    o.attentionLossWeight = doubleOption(args, "--attention-loss", o.attentionLossWeight, 0.0, 100.0);
    o.placeLossWeight = doubleOption(args, "--place-loss", o.placeLossWeight, 0.0, 100.0);
    o.config.refinePlaces = args.hasFlag("--refine-places");
    o.initWeights = args.value("--init");
    o.steps = intOption(args, "--steps", int(o.steps), 1, 10000000);
    o.imagesPerStep = intOption(args, "--batch", int(o.imagesPerStep), 1, 4096);
    o.questionsPerImage = intOption(args, "--questions-per-image", int(o.questionsPerImage), 1, 20);
    o.seed = uint64_t(intOption(args, "--seed", int(o.seed), 0, 1 << 30));
    o.warmupSteps = std::min<int64_t>(o.warmupSteps, std::max<int64_t>(10, o.steps / 10));
    o.checkpointEvery = intOption(args, "--checkpoint-every", int(o.checkpointEvery), 1, 1000000);
    o.evalEvery = intOption(args, "--eval-every", int(o.evalEvery), 1, 1000000);
    o.limitTrainImages = intOption(args, "--limit", 0, 0, 1000000);
    o.maxSeconds = 60.0 * intOption(args, "--max-minutes", 0, 0, 100000);
    o.resume = !args.hasFlag("--no-resume");
    requireDevice(options);
    // Automatic threads (one LibTorch and one OpenBLAS thread per core): measured
    // with bench_shapes_vqa, a step at batch 64 takes 36-74 ms this way and
    // 240-380 ms with LibTorch's own defaults.
    if (options.threads == 0)
        runtime::applyThreadSettings({});

    const auto progress = [&](const train::ShapesTrainingProgress& p) {
        // Loading prints nothing: a pack or checkpoint that fails to load then
        // gives the one-line error alone.
        if (p.stage == "evaluating")
            std::fprintf(stderr, "evaluating on the test split\n");
        if (p.stage != "training")
            return true;
        if (p.newPoint)
            std::fprintf(stderr, "step %lld/%lld  loss %.4f  train %.4f  test %.4f (relational %.4f, non-relational %.4f)  "
                                 "%.0f ms/step  eta %s\n",
                         (long long)p.step, (long long)p.steps, p.newPoint->loss, p.newPoint->trainAccuracy,
                         p.newPoint->testAccuracy, p.newPoint->testRelational, p.newPoint->testNonRelational,
                         1000 * p.secondsPerStep, minutesAndSeconds(p.etaSeconds).c_str());
        else if (p.step % 100 == 0 || p.step <= 3)
            std::fprintf(stderr, "step %lld/%lld  loss %.4f  patch loss %.4f  lr %.2e  %.0f ms/step  eta %s\n",
                         (long long)p.step, (long long)p.steps, p.loss, p.patchLoss, p.learningRate, 1000 * p.secondsPerStep,
                         minutesAndSeconds(p.etaSeconds).c_str());
        return true;
    };
    auto report = train::trainShapesVqa(o, progress);
    if (!report)
        throw CommandError{"train: " + report.error().message};
    if (options.json) {
        std::cout << json::serialize(report->toJson(), 2) << "\n";
        return 0;
    }
    std::cout << "trained " << strategyName << " for " << report->steps << " steps in "
              << minutesAndSeconds(report->totalSeconds) << "; test accuracy " << report->test.overall()
              << " (relational " << report->test.relational() << ", non-relational " << report->test.nonRelational()
              << "); weights: " << report->weightsPath << "\n";
    return 0;
}

// The reader of spoken questions, checkpointed and resumed like the other tasks.
int runTrainShapesSpeech(const ParsedArgs& args, const GlobalOptions& options)
{
    train::SpokenQuestionTrainingOptions o;
    o.packDir = args.value("--pack");
    o.outDir = args.value("--out");
    if (o.packDir.empty() || o.outDir.empty())
        throw CommandError{"train: --pack DIR (a shapes pack with audio, see make-pack) and --out DIR are required"};
    o.miniFolder = args.value("--mini", tasks::ShapesSpeechReader::builtinMiniFolder(resourceDir(options)));
    o.steps = intOption(args, "--steps", int(o.steps), 1, 10000000);
    o.batch = intOption(args, "--batch", int(o.batch), 1, 4096);
    o.seed = uint64_t(intOption(args, "--seed", int(o.seed), 0, 1 << 30));
    o.learningRate = doubleOption(args, "--lr", o.learningRate, 1e-6, 1.0);
    o.warmupSteps = std::min<int64_t>(o.warmupSteps, std::max<int64_t>(10, o.steps / 10));
    o.evalEvery = intOption(args, "--eval-every", int(o.evalEvery), 1, 1000000);
    o.maxSeconds = 60.0 * intOption(args, "--max-minutes", 0, 0, 100000);
    o.tuneAudioTower = args.hasFlag("--tune-audio-tower");
    o.checkpointEvery = intOption(args, "--checkpoint-every", int(o.checkpointEvery), 1, 1000000);
    o.resume = !args.hasFlag("--no-resume");
    requireDevice(options);
    if (options.threads == 0)
        runtime::applyThreadSettings({});
    const auto progress = [&](const train::SpokenQuestionProgress& p) {
        if (p.stage == "loading") {
            std::fprintf(stderr, "%lld versions of the training clips made\n", (long long)p.step);
            return true;
        }
        if (p.newPoint)
            std::fprintf(stderr, "step %lld/%lld  loss %.4f  held-out voices: %.4f of the questions heard right  %.0f ms/step\n",
                         (long long)p.step, (long long)p.steps, p.newPoint->loss, p.newPoint->heldOutQuestionAccuracy,
                         1000 * p.secondsPerStep);
        else if (p.step % 50 == 0 || p.step <= 3)
            std::fprintf(stderr, "step %lld/%lld  loss %.4f  %.0f ms/step\n", (long long)p.step, (long long)p.steps,
                         p.loss, 1000 * p.secondsPerStep);
        return true;
    };
    auto report = train::trainSpokenQuestionReader(o, progress);
    if (!report)
        throw CommandError{"train: " + report.error().message};
    if (options.json) {
        std::cout << json::serialize(report->toJson(), 2) << "\n";
        return 0;
    }
    std::cout << "trained the spoken-question reader for " << report->steps << " steps in "
              << minutesAndSeconds(report->seconds) << "; weights: " << report->weightsPath << "\n";
    for (const auto& [voice, score] : report->heldOut)
        std::printf("  held out %-22s questions heard right %.4f, words %.4f\n", voice.c_str(), score.questionAccuracy,
                    score.wordAccuracy);
    return 0;
}

} // namespace

int runTrain(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string task = args.value("--task");
    if (task == "shapes")
        return runTrainShapes(args, options);
    if (task == "shapes-speech")
        return runTrainShapesSpeech(args, options);
    if (task != "emoji")
        throw CommandError{"train: --task takes emoji, shapes or shapes-speech (got '" + task + "')"};
    train::MiniTrainingOptions o;
    o.packDir = args.value("--pack");
    o.outDir = args.value("--out");
    if (o.packDir.empty() || o.outDir.empty())
        throw CommandError{"train: --pack DIR (an emoji pack, see make-pack) and --out DIR are required"};
    o.steps = intOption(args, "--steps", int(o.steps), 1, 10000000);
    o.batch = intOption(args, "--batch", int(o.batch), 2, 65536);
    o.seed = uint64_t(intOption(args, "--seed", int(o.seed), 0, 1 << 30));
    o.warmupSteps = std::min<int64_t>(o.warmupSteps, std::max<int64_t>(10, o.steps / 10));
    o.checkpointEvery = intOption(args, "--checkpoint-every", int(o.checkpointEvery), 1, 1000000);
    o.resume = !args.hasFlag("--no-resume");
    for (const auto& split : args.values("--exclude-split")) {
        if (split != "train" && split != "val" && split != "test")
            throw CommandError{"train: --exclude-split takes train, val or test (got '" + split + "')"};
        o.excludeSplits.push_back(split);
    }
    requireDevice(options);
    // Training has the machine to itself: one OpenMP thread per core. The products
    // go through oneDNN here (kernels/batched_matmul.h), which uses that pool;
    // measured on 2 cores, a 64-sample step of the three encoders took 1.42 s
    // with one thread and 1.01 s with two.
    if (options.threads == 0)
        runtime::applyThreadSettings({int(std::max(1u, std::thread::hardware_concurrency()))});

    int64_t lastReported = -1;
    const auto progress = [&](const train::MiniTrainingProgress& p) {
        if (p.stage == "loading") {
            if (p.step == 0 || p.step == p.steps || p.step / 2000 != lastReported) {
                std::fprintf(stderr, "loading audio features: %lld / %lld\n", (long long)p.step, (long long)p.steps);
                lastReported = p.step / 2000;
            }
            return true;
        }
        if (p.step % 10 == 0 || p.step == p.steps || p.step <= 3)
            std::fprintf(stderr,
                         "step %lld/%lld  loss %.3f (text-image %.3f, audio-image %.3f, audio-text %.3f)  lr %.2e  "
                         "%.2f s/step  eta %s\n",
                         (long long)p.step, (long long)p.steps, p.loss, p.lossTextImage, p.lossAudioImage,
                         p.lossAudioText, p.learningRate, p.secondsPerStep, minutesAndSeconds(p.etaSeconds).c_str());
        return true;
    };
    auto report = train::trainMini(o, progress);
    if (!report)
        throw CommandError{"train: " + report.error().message};
    if (options.json) {
        json::Value out = json::Value::object();
        out["weights"] = report->weightsPath;
        out["steps"] = report->steps;
        out["resumed_from"] = report->resumedFrom;
        out["seconds"] = report->seconds;
        out["final_loss"] = report->finalLoss;
        out["emoji"] = report->emoji;
        out["clips"] = report->clips;
        out["parameters"] = report->parameters;
        std::cout << json::serialize(out, 2) << "\n";
    } else {
        std::cout << "trained " << report->steps << " steps in " << minutesAndSeconds(report->seconds) << " on "
                  << report->emoji << " emoji and " << report->clips << " clips; weights: " << report->weightsPath
                  << "\n";
    }
    return 0;
}

namespace {

// eval-retrieval --collection: every direction the manifest's pairs allow,
// through the same door as the Evaluation page (api/evaluation.h).
int evaluateCollection(const std::string& model, const std::string& collection, const GlobalOptions& options)
{
    std::vector<std::string> problems;
    auto items = api::readPairedItems(collection, &problems);
    if (!items)
        throw CommandError{"eval-retrieval: " + items.error().message};
    for (const auto& problem : problems)
        std::fprintf(stderr, "%s\n", problem.c_str());
    auto explorer = api::Explorer::open(model, resourceDir(options), requireDevice(options));
    if (!explorer)
        throw CommandError{"eval-retrieval: " + explorer.error().message};
    if (!(*explorer)->hasAudio()) // a model without an audio tower evaluates the other pairs
        items->erase(std::remove_if(items->begin(), items->end(),
                                    [](const api::PairedItem& p) { return p.item.kind == api::ItemKind::Audio; }),
                     items->end());
    std::vector<api::RetrievalDirection> directions;
    try {
        directions = api::evaluateRetrieval(**explorer, *items);
    } catch (const EngineError& e) {
        throw CommandError{"eval-retrieval: " + std::string(e.what())};
    }
    if (directions.empty())
        throw CommandError{"eval-retrieval: " + collection
                           + " has no pairs to evaluate (a manifest whose lines pair an image, a caption or speech)"};
    json::Value out = json::Value::object();
    out["model"] = model;
    out["collection"] = collection;
    out["items"] = items->size();
    json::Value list = json::Value::array();
    for (const auto& d : directions) {
        json::Value entry = json::Value::object();
        entry["direction"] = d.name();
        entry["queries"] = d.queryIds.size();
        entry["gallery"] = d.galleryIds.size();
        for (const int k : {1, 5, 10})
            entry["recall_at_" + std::to_string(k)] = d.recallAtK.at(k);
        entry["median_rank"] = d.medianRank;
        entry["mean_rank"] = d.meanRank;
        list.push(std::move(entry));
    }
    out["directions"] = std::move(list);
    if (options.json) {
        std::cout << json::serialize(out, 2) << "\n";
        return 0;
    }
    std::printf("%zu items of %s\n", items->size(), collection.c_str());
    for (const auto& d : directions)
        std::printf("%-26s R@1 %.3f  R@5 %.3f  R@10 %.3f  median rank %.1f  (%zu queries, gallery %zu)\n",
                    d.name().c_str(), d.recallAtK.at(1), d.recallAtK.at(5), d.recallAtK.at(10), d.medianRank,
                    d.queryIds.size(), d.galleryIds.size());
    return 0;
}

} // namespace

int runEvalRetrieval(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string model = args.value("--model", modelCatalog(options).defaultModel().id);
    const std::string pack = args.value("--pack");
    const std::string collection = args.value("--collection");
    if (pack.empty() == collection.empty())
        throw CommandError{"eval-retrieval needs either --pack DIR (an emoji pack, see make-pack) or --collection "
                           "MANIFEST (pairs of images, captions and speech)"};
    if (!collection.empty())
        return evaluateCollection(model, collection, options);
    const std::string split = args.value("--split");
    if (!split.empty() && split != "train" && split != "val" && split != "test")
        throw CommandError{"eval-retrieval: --split takes train, val or test (got '" + split + "')"};
    auto record = modelCatalog(options).describe(model);
    if (!record)
        throw CommandError{"eval-retrieval: " + record.error().message};
    const auto folder = miniFolderFor(*record);
    if (!folder)
        throw CommandError{"eval-retrieval --pack: '" + model + "' is " + record->description
                           + "; an emoji pack is evaluated with a mini model (the built-in one or a folder written by "
                             "train); --collection takes any model that embeds"};
    auto session = openMiniModel(*folder, options);
    auto eval = train::evaluateEmojiRetrieval(session, pack, split,
                                              [](const std::string& s) { std::fprintf(stderr, "embedding %s\n", s.c_str()); });
    if (!eval)
        throw CommandError{"eval-retrieval: " + eval.error().message};
    auto out = eval->toJson();
    out["model"] = model;
    if (options.json) {
        std::cout << json::serialize(out, 2) << "\n";
    } else {
        std::printf("%zu emoji (%s)\n", eval->emoji, split.empty() ? "all splits" : split.c_str());
        for (const auto& [name, f] : eval->tasks)
            std::printf("%-26s R@1 %.3f  R@5 %.3f  R@10 %.3f  (%zu queries, gallery %zu)\n", name.c_str(),
                        f.recall.at(1), f.recall.at(5), f.recall.at(10), f.queries, f.gallery);
        std::printf("%-26s R@1 %.3f  R@5 %.3f  R@10 %.3f\n", "random", eval->randomRecall.at(1),
                    eval->randomRecall.at(5), eval->randomRecall.at(10));
    }
    return 0;
}

} // namespace fscope::cli
