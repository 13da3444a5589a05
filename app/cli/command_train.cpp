// train --task emoji --pack DIR --out DIR [--steps N] [--batch N] [--seed N]
//       [--exclude-split test] [--no-resume]
// eval-retrieval --model M --pack DIR [--split train|val|test]
#include "cli/commands.h"
#include "cli/mini_helpers.h"

#include "tasks/emoji_eval.h"
#include "train/mini_trainer.h"
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

} // namespace

int runTrain(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string task = args.value("--task");
    if (task != "emoji")
        throw CommandError{"train: --task emoji is the task this version trains (got '" + task + "')"};
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
    // go through oneDNN here (models/batched_matmul.h), which uses that pool;
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

int runEvalRetrieval(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string model = args.value("--model", "builtin:mini");
    const std::string pack = args.value("--pack");
    if (pack.empty())
        throw CommandError{"eval-retrieval: --pack DIR (an emoji pack, see make-pack) is required"};
    const std::string split = args.value("--split");
    if (!split.empty() && split != "train" && split != "val" && split != "test")
        throw CommandError{"eval-retrieval: --split takes train, val or test (got '" + split + "')"};
    const auto folder = miniFolderFor(model, options);
    if (!folder)
        throw CommandError{"eval-retrieval: '" + model + "' is not a built-in model folder (builtin:mini or a "
                           "folder written by train)"};
    auto session = openMiniModel(*folder, options);
    auto eval = tasks::evaluateEmojiRetrieval(session, pack, split,
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
