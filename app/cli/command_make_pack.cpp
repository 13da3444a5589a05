// make-pack emoji --out DIR [--no-audio] [--limit N] [--jobs N] [--image-size N]
// make-pack emoji-sample --from PACK_DIR --out DIR [--count N] [--voice ID]
// make-pack shapes --out DIR [--no-audio] [--main-voices] [--smooth] [--train N] [--test N] [--seed N] [--jobs N]
#include "cli/commands.h"

#include "data/emoji_pack.h"
#include "data/emoji_sample.h"
#include "data/shapes_pack.h"
#include "util/json.h"
#include "cli/emoji_renderer.h"

#include <QGuiApplication>

#include <cstdio>
#include <iostream>

namespace fscope::cli {

namespace {

// Fonts need a QGuiApplication; without a display the offscreen platform draws
// just the same.
void ensureGuiApplication()
{
    if (QGuiApplication::instance())
        return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "fusionscope-cli";
    static char* argv[] = {name, nullptr};
    // Kept until the process ends: Qt's font caches outlive any scope here.
    static auto* app = new QGuiApplication(argc, argv);
    (void)app;
}

Result<io::ImageRgb8> renderWithQt(const std::string& emoji, int size)
{
    const auto rendering = renderEmoji(QString::fromStdString(emoji), size);
    if (rendering.image.isNull())
        return Error{rendering.error.toStdString()};
    io::ImageRgb8 image;
    image.width = rendering.image.width();
    image.height = rendering.image.height();
    image.pixels.resize(size_t(image.width) * size_t(image.height) * 3);
    for (int y = 0; y < image.height; ++y)
        std::copy_n(rendering.image.constScanLine(y), size_t(image.width) * 3,
                    image.pixels.data() + size_t(y) * size_t(image.width) * 3);
    return image;
}

} // namespace

int runMakeSample(const ParsedArgs& args, const GlobalOptions& options)
{
    data::EmojiSampleOptions sample;
    sample.packDir = args.value("--from");
    sample.outDir = args.value("--out");
    if (sample.packDir.empty() || sample.outDir.empty())
        throw CommandError{"make-pack: emoji-sample takes --from PACK_DIR --out DIR"};
    sample.count = intOption(args, "--count", sample.count, 1, 100000);
    sample.voice = args.value("--voice", sample.voice);
    const auto written = data::extractEmojiSample(sample);
    if (!written)
        throw CommandError{"make-pack: " + written.error().message};
    if (options.json) {
        json::Value out = json::Value::object();
        out["out"] = sample.outDir;
        out["emoji"] = *written;
        out["voice"] = sample.voice;
        std::cout << json::serialize(out, 2) << "\n";
    } else {
        std::cout << "emoji sample: " << *written << " emoji in " << sample.outDir << "\n";
    }
    return 0;
}

int runMakeShapes(const ParsedArgs& args, const GlobalOptions& options)
{
    data::ShapesPackOptions pack;
    pack.outDir = args.value("--out");
    if (pack.outDir.empty())
        throw CommandError{"make-pack: --out DIR is required"};
    pack.withAudio = !args.hasFlag("--no-audio");
    pack.trainImages = intOption(args, "--train", pack.trainImages, 0, 1000000);
    pack.testImages = intOption(args, "--test", pack.testImages, 0, 1000000);
    pack.seed = uint64_t(intOption(args, "--seed", int(pack.seed), 0, 1 << 30));
    pack.jobs = intOption(args, "--jobs", 0, 0, 256);
    pack.smooth = args.hasFlag("--smooth");
    pack.variantVoices = !args.hasFlag("--main-voices");
    std::string lastStage;
    int lastPercent = -1;
    auto summary = data::buildShapesPack(pack, [&](const std::string& stage, int done, int total) {
        const int percent = total > 0 ? int(100LL * done / total) : 100;
        if (stage != lastStage || percent != lastPercent) {
            std::fprintf(stderr, "\r%s: %d / %d (%d%%)%s", stage.c_str(), done, total, percent, done == total ? "\n" : "");
            lastStage = stage;
            lastPercent = percent;
        }
        return true;
    });
    if (!summary)
        throw CommandError{"make-pack: " + summary.error().message};
    if (options.json) {
        json::Value out = json::Value::object();
        out["out"] = pack.outDir;
        out["train_images"] = summary->trainImages;
        out["test_images"] = summary->testImages;
        out["train_questions"] = summary->trainQuestions;
        out["test_questions"] = summary->testQuestions;
        out["audio_files"] = summary->audioFiles;
        std::cout << json::serialize(out, 2) << "\n";
    } else {
        std::cout << "shapes pack: " << summary->trainImages << " train and " << summary->testImages
                  << " test images, " << summary->trainQuestions + summary->testQuestions << " questions, "
                  << summary->audioFiles << " audio files, in " << pack.outDir << "\n";
    }
    return 0;
}

int runMakePack(const ParsedArgs& args, const GlobalOptions& options)
{
    if (args.positional.size() == 1 && args.positional.front() == "emoji-sample")
        return runMakeSample(args, options);
    if (args.positional.size() == 1 && args.positional.front() == "shapes")
        return runMakeShapes(args, options);
    if (args.positional.size() != 1 || args.positional.front() != "emoji")
        throw CommandError{"make-pack: say which pack: make-pack emoji|shapes --out DIR, or make-pack emoji-sample --from PACK_DIR --out DIR"};
    data::EmojiPackOptions pack;
    pack.outDir = args.value("--out");
    if (pack.outDir.empty())
        throw CommandError{"make-pack: --out DIR is required"};
    pack.withAudio = !args.hasFlag("--no-audio");
    pack.limit = intOption(args, "--limit", 0, 0, 1000000);
    pack.jobs = intOption(args, "--jobs", 0, 0, 256);
    pack.imageSize = intOption(args, "--image-size", pack.imageSize, 16, 512);

    ensureGuiApplication();
    std::string lastStage;
    int lastPercent = -1;
    const auto progress = [&](const std::string& stage, int done, int total) {
        const int percent = total > 0 ? int(100LL * done / total) : 100;
        if (stage != lastStage || percent != lastPercent) {
            std::fprintf(stderr, "\r%s: %d / %d (%d%%)%s", stage.c_str(), done, total, percent,
                         done == total ? "\n" : "");
            lastStage = stage;
            lastPercent = percent;
        }
        return true;
    };
    auto summary = data::buildEmojiPack(pack, renderWithQt, progress);
    if (!summary)
        throw CommandError{summary.error().message};

    if (options.json) {
        json::Value out = json::Value::object();
        out["out"] = pack.outDir;
        out["manifest"] = pack.outDir + "/manifest.jsonl";
        out["emoji"] = summary->emoji;
        out["train"] = summary->train;
        out["val"] = summary->val;
        out["test"] = summary->test;
        out["audio_files"] = summary->audioFiles;
        out["skipped_unnamed"] = summary->skippedUnnamed;
        out["skipped_unrendered"] = summary->skippedUnrendered;
        std::cout << json::serialize(out, 2) << "\n";
    } else {
        std::cout << "emoji pack: " << summary->emoji << " emoji (train " << summary->train << ", val "
                  << summary->val << ", test " << summary->test << "), " << summary->audioFiles
                  << " audio files, in " << pack.outDir << "\n";
        if (summary->skippedUnrendered > 0)
            std::cout << summary->skippedUnrendered << " emoji skipped: the font cannot draw them\n";
    }
    return 0;
}

} // namespace fscope::cli
