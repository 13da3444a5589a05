// fusionscope-cli: the headless command line. Pinned interface (DESIGN.md):
// subcommands print JSON with --json and exit non-zero with a one-line message
// on stderr on any bad input.

#include "cli/commands.h"

#include "runtime/device.h"
#include "runtime/resources.h"
#include "util/result.h"

#include <algorithm>
#include <iostream>
#include <stdexcept>

namespace {

using fscope::cli::GlobalOptions;
using fscope::cli::ParsedArgs;

struct Command {
    const char* name;
    const char* summary;
    std::vector<std::string> options; // options with a value, besides --device and --threads
    std::vector<std::string> flags;   // flags besides --json
    int (*run)(const ParsedArgs&, const GlobalOptions&);
};

const std::vector<Command>& commands()
{
    using namespace fscope::cli;
    static const std::vector<Command> table = {
        {"info", "versions, compute device and built-in models", {}, {}, runInfo},
        {"embed", "embeddings of images and texts (--model M --image F --text S)",
         {"--model", "--image", "--text", "--audio"}, {}, runEmbed},
        {"retrieve", "rank a collection against queries (--collection DIR|MANIFEST --query-text S ...)",
         {"--model", "--collection", "--target", "--query-text", "--query-image", "--query-audio", "--k", "--cache"},
         {"--no-cache"}, runRetrieve},
        {"classify", "zero-shot image classification (--image F --label L [--template T])",
         {"--model", "--image", "--label", "--template", "--k"}, {}, runClassify},
        {"vqa", "answer questions about images (--input Q.jsonl --output A.jsonl [--answer A])",
         {"--model", "--input", "--output", "--answer", "--template", "--speech-reader", "--mini"}, {}, runVqa},
        {"explain", "attention, rollout and relevancy maps for an image-text or image-speech pair",
         {"--model", "--image", "--text", "--audio", "--out-dir", "--layer"}, {}, runExplain},
        {"make-pack", "build a data pack (make-pack emoji|shapes --out DIR [--no-audio]; emoji-sample --from DIR)",
         {"--out", "--limit", "--jobs", "--image-size", "--from", "--count", "--voice", "--train", "--test", "--seed"}, {"--no-audio", "--smooth", "--main-voices"}, runMakePack},
        {"train", "train a built-in model (train --task emoji|shapes|shapes-speech --pack DIR --out DIR [--strategy S] [--steps N])",
         {"--mini", "--task", "--pack", "--out", "--steps", "--batch", "--seed", "--exclude-split", "--checkpoint-every",
          "--strategy", "--max-minutes", "--eval-every", "--limit", "--questions-per-image", "--image-layers",
          "--question-layers", "--grid", "--lr", "--augment", "--patch-loss", "--plain-steps",
          "--attention-loss", "--place-loss", "--init"},
         {"--no-resume", "--exact-places", "--distance-bias", "--refine-places", "--tune-audio-tower"}, runTrain},
        {"eval-retrieval", "retrieval recall on an emoji pack or a manifest's pairs (--pack DIR [--split test] | --collection M)",
         {"--model", "--pack", "--split", "--collection"}, {}, runEvalRetrieval},
        {"lab", "train and compare fusion strategies on the shapes task (--strategies early,late,xattn,gated)",
         {"--task", "--strategies", "--epochs", "--limit", "--pack", "--work", "--seed"}, {}, runLab},
        {"eval-vqa", "VQA accuracy per question type, BLEU-4 and ROUGE-L (--model M --pack DIR | --input Q.jsonl)",
         {"--model", "--pack", "--split", "--limit", "--input", "--answer", "--template", "--voice", "--speech-reader",
          "--mini"},
         {"--spoken", "--free-reading", "--listen-once"}, runEvalVqa},
        {"bench", "time a model or the search index (bench clip --arch ViT-B/32 --random-weights; bench retrieval)",
         {"--model", "--arch", "--repeats", "--n", "--dim", "--k", "--queries", "--rerank", "--seed"},
         {"--random-weights"}, runBench},
    };
    return table;
}

// Every option that takes a value, for all commands (the parser needs them up front).
std::vector<std::string> valueOptions()
{
    std::vector<std::string> all = {"--device", "--threads"};
    for (const auto& command : commands())
        for (const auto& option : command.options)
            if (std::find(all.begin(), all.end(), option) == all.end())
                all.push_back(option);
    return all;
}

std::string usage()
{
    std::string text = "usage: fusionscope-cli [--version] [--device auto|cpu|cuda] [--threads N] [--json] "
                       "<command> [options]\ncommands:\n";
    for (const auto& command : commands()) {
        std::string name = command.name;
        name.resize(15, ' ');
        text += "  " + name + command.summary + "\n";
    }
    text += "models: --model NAME (the built-in models: fusionscope-cli info), a CLIP .pt file, or a Hugging Face CLIP "
            "folder\n";
    return text;
}

int fail(const std::string& message)
{
    std::cerr << "fusionscope-cli: " << message << "\n";
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    using namespace fscope;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        const auto parsed = cli::parseArgs(args, valueOptions());
        if (parsed.hasFlag("--version")) {
            std::cout << "fusionscope-cli " << FUSIONSCOPE_VERSION << "\n";
            return 0;
        }
        if (parsed.hasFlag("--help") || parsed.command.empty()) {
            (parsed.command.empty() && !parsed.hasFlag("--help") ? std::cerr : std::cout) << usage();
            return parsed.hasFlag("--help") ? 0 : 2;
        }
        const auto command = std::find_if(commands().begin(), commands().end(),
                                          [&](const Command& c) { return parsed.command == c.name; });
        if (command == commands().end())
            return fail("unknown command '" + parsed.command + "' (see --help)");

        cli::GlobalOptions options;
        options.executablePath = runtime::currentExecutablePath(argc > 0 ? argv[0] : "");
        options.json = parsed.hasFlag("--json");
        const auto device = runtime::parseDevicePreference(parsed.value("--device", "auto"));
        if (!device)
            return fail(device.error().message);
        options.device = *device;
        options.threads = cli::intOption(parsed, "--threads", 0, 0, 1024);
        runtime::applyThreadSettings({options.threads});

        for (const auto& [option, values] : parsed.options)
            if (option != "--device" && option != "--threads"
                && std::find(command->options.begin(), command->options.end(), option) == command->options.end())
                return fail("unknown option " + option + " for " + command->name);
        for (const auto& flag : parsed.flags)
            if (flag != "--json"
                && std::find(command->flags.begin(), command->flags.end(), flag) == command->flags.end())
                return fail("unknown option " + flag + " for " + command->name);
        return command->run(parsed, options);
    } catch (const cli::CommandError& e) {
        return fail(e.message);
    } catch (const std::invalid_argument& e) {
        return fail(e.what());
    } catch (...) {
        return fail(describeCurrentException());
    }
}
