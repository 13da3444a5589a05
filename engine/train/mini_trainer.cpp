#include "train/mini_trainer.h"

#include "data/emoji_pack.h"
#include "models/mini_preprocess.h"
#include "text/subword_tokenizer.h"
#include "train/emoji_dataset.h"
#include "train/step_random.h"
#include "train/training_checkpoint.h"
#include "train/training_loop.h"
#include "util/json.h"
#include "util/text_file.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

namespace fscope::train {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

Result<void> writeText(const fs::path& path, const std::string& text)
{
    return writeTextFileAtomically(path.string(), text);
}

Result<std::string> readText(const fs::path& path)
{
    return readTextFile(path.string());
}

std::string someKeywords(std::mt19937_64& rng, const std::vector<std::string>& keywords, const std::string& fallback)
{
    if (keywords.empty())
        return fallback;
    const int64_t count = std::min<int64_t>(int64_t(keywords.size()), uniformInt(rng, 1, 3));
    std::vector<size_t> picked = drawBatch(rng, keywords.size(), size_t(count));
    std::string text;
    for (size_t i : picked)
        text += (text.empty() ? "" : " ") + keywords[i];
    return text;
}

// English name 40 %, Chinese name 30 %, a few English or Chinese keywords 15 % each.
std::string drawText(std::mt19937_64& rng, const EmojiRecord& r)
{
    const double u = uniform(rng, 0, 1);
    if (u < 0.4 || r.textZh.empty())
        return r.text;
    if (u < 0.7)
        return r.textZh;
    if (u < 0.85)
        return someKeywords(rng, r.keywords, r.text);
    return someKeywords(rng, r.keywordsZh, r.textZh);
}

// Moved by up to 2 pixels and scaled by 0.9..1.1, the uncovered border white.
torch::Tensor augmentImages(std::mt19937_64& rng, const torch::Tensor& uint8Images)
{
    const int64_t b = uint8Images.size(0);
    auto x = uint8Images.to(torch::kFloat) / 127.5 - 1.0;
    auto theta = torch::zeros({b, 2, 3});
    auto t = theta.accessor<float, 3>();
    const double shift = 2.0 * 2.0 / double(uint8Images.size(3));
    for (int64_t i = 0; i < b; ++i) {
        const double scale = uniform(rng, 0.9, 1.1);
        t[i][0][0] = float(scale);
        t[i][1][1] = float(scale);
        t[i][0][2] = float(uniform(rng, -shift, shift));
        t[i][1][2] = float(uniform(rng, -shift, shift));
    }
    namespace F = torch::nn::functional;
    const auto grid = F::affine_grid(theta, x.sizes(), false);
    return F::grid_sample(x - 1.0, grid, F::GridSampleFuncOptions().align_corners(false)) + 1.0;
}

// Time stretch 0.85..1.15, mel shift of up to 2 bins, one frequency and one time mask.
torch::Tensor augmentAudio(std::mt19937_64& rng, const torch::Tensor& half, int64_t maxFrames)
{
    auto x = half.to(torch::kFloat); // [F, bins]
    const int64_t frames = x.size(0), bins = x.size(1);
    const double rate = uniform(rng, 0.85, 1.15);
    const int64_t stretched = std::clamp<int64_t>(int64_t(std::lround(double(frames) / rate)), 1, maxFrames);
    if (stretched != frames && frames > 1) {
        namespace F = torch::nn::functional;
        x = F::interpolate(x.t().unsqueeze(0), F::InterpolateFuncOptions()
                                                   .size(std::vector<int64_t>{stretched})
                                                   .mode(torch::kLinear)
                                                   .align_corners(false))
                .squeeze(0)
                .t()
                .contiguous();
    }
    const int64_t shift = uniformInt(rng, -2, 2);
    if (shift > 0)
        x = torch::cat({x.narrow(1, 0, 1).expand({x.size(0), shift}), x.narrow(1, 0, bins - shift)}, 1);
    else if (shift < 0)
        x = torch::cat({x.narrow(1, -shift, bins + shift), x.narrow(1, bins - 1, 1).expand({x.size(0), -shift})}, 1);
    const int64_t fWidth = uniformInt(rng, 0, 8);
    if (fWidth > 0)
        x.narrow(1, uniformInt(rng, 0, bins - fWidth), fWidth).zero_();
    const int64_t tWidth = uniformInt(rng, 0, std::max<int64_t>(0, std::min<int64_t>(10, x.size(0) / 5)));
    if (tWidth > 0)
        x.narrow(0, uniformInt(rng, 0, x.size(0) - tWidth), tWidth).zero_();
    return x;
}

torch::Tensor infoNce(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& scale)
{
    const auto logits = scale * torch::mm(torch::nn::functional::normalize(a, torch::nn::functional::NormalizeFuncOptions().dim(1)),
                                          torch::nn::functional::normalize(b, torch::nn::functional::NormalizeFuncOptions().dim(1)).t());
    const auto labels = torch::arange(a.size(0), torch::kLong);
    return 0.5 * (torch::nn::functional::cross_entropy(logits, labels)
                  + torch::nn::functional::cross_entropy(logits.t(), labels));
}

// Clips range from under a second to six: padding a whole batch to the longest
// would double the audio encoder's work. Clips are encoded in groups of similar
// length instead; an embedding does not depend on its batch, so this is exact.
torch::Tensor encodeAudioByLength(models::MiniModel& model, const std::vector<torch::Tensor>& clips)
{
    constexpr size_t kGroup = 64;
    std::vector<size_t> order(clips.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return clips[a].size(0) < clips[b].size(0); });
    std::vector<torch::Tensor> parts;
    for (size_t begin = 0; begin < order.size(); begin += kGroup) {
        std::vector<torch::Tensor> group;
        for (size_t i = begin; i < std::min(order.size(), begin + kGroup); ++i)
            group.push_back(clips[order[i]]);
        const auto [mel, frameMask] = models::padAudioBatch(group);
        parts.push_back(model->encodeAudio(mel, frameMask));
    }
    std::vector<int64_t> inverse(order.size());
    for (size_t i = 0; i < order.size(); ++i)
        inverse[order[i]] = int64_t(i);
    return torch::cat(parts, 0).index_select(0, torch::tensor(inverse, torch::kLong));
}

double scheduledRate(const MiniTrainingOptions& o, int64_t step)
{
    return warmupCosineRate(o.learningRate, step, o.warmupSteps, o.steps);
}

// Reads a checkpoint's weights into `model` (same config).
Result<void> loadWeightsInto(const std::string& path, models::MiniModel& model)
{
    auto loaded = models::loadMiniModel(path, model->config());
    if (!loaded)
        return loaded.error();
    torch::NoGradGuard noGrad;
    auto source = (*loaded)->named_parameters();
    for (auto& item : model->named_parameters())
        item.value().copy_(source[item.key()]);
    return {};
}

} // namespace

Result<MiniTrainingReport> trainMini(const MiniTrainingOptions& options,
                                     const std::function<bool(const MiniTrainingProgress&)>& progress)
{
    const auto started = Clock::now();
    MiniTrainingReport report;
    const fs::path out(options.outDir);
    std::error_code ec;
    fs::create_directories(out / "checkpoint", ec);
    if (ec)
        return Error{options.outDir + ": cannot create folder (" + ec.message() + ")"};

    auto all = readEmojiManifest((fs::path(options.packDir) / "manifest.jsonl").string());
    if (!all)
        return all.error();
    std::vector<EmojiRecord> records;
    for (auto& r : *all)
        if (std::find(options.excludeSplits.begin(), options.excludeSplits.end(), r.split) == options.excludeSplits.end())
            records.push_back(std::move(r));
    if (records.size() < 2)
        return Error{"train: fewer than two emoji left to train on"};
    report.emoji = records.size();

    // The tokenizer learns from the training records only: a held-out split stays unseen.
    text::SubwordTokenizer tokenizer;
    const fs::path tokenizerPath = out / "tokenizer.json";
    if (auto saved = readText(tokenizerPath); saved && options.resume) {
        auto parsed = text::SubwordTokenizer::fromJson(*saved);
        if (!parsed)
            return Error{tokenizerPath.string() + ": " + parsed.error().message};
        tokenizer = std::move(*parsed);
    } else {
        tokenizer = text::SubwordTokenizer::train(emojiCorpus(records), {options.vocabularySize, 2});
        if (auto written = writeText(tokenizerPath, tokenizer.toJson()); !written)
            return written.error();
    }
    models::MiniConfig config = options.config;
    config.vocabularySize = tokenizer.vocabularySize();
    if (auto written = writeText(out / "config.json", json::serialize(config.toJson(), 2) + "\n"); !written)
        return written.error();

    MiniTrainingProgress p;
    p.stage = "loading";
    p.steps = options.steps;
    if (progress && !progress(p))
        return Error{"cancelled"};
    auto images = loadEmojiImages(records, options.packDir, config.imageSize);
    if (!images)
        return images.error();
    const auto isTrainingVoice = [](const std::string& id) {
        const auto* voice = data::findEmojiVoice(id);
        return voice && !voice->heldOut;
    };
    auto clips = loadEmojiAudio(records, options.packDir, isTrainingVoice, config.audioMaxFrames(),
                                options.loaderThreads, [&](size_t done, size_t total) {
                                    p.step = int64_t(done);
                                    p.steps = int64_t(total);
                                    return !progress || progress(p);
                                });
    if (!clips)
        return clips.error();
    report.clips = clips->size();
    std::vector<std::vector<size_t>> clipsOf(records.size());
    for (size_t i = 0; i < clips->size(); ++i)
        clipsOf[(*clips)[i].record].push_back(i);
    const bool withAudio = !clips->empty();

    torch::manual_seed(options.seed);
    models::MiniModel model(config);
    model->train();
    for (const auto& parameter : model->parameters())
        report.parameters += parameter.numel();
    torch::optim::AdamW optimizer(model->parameters(),
                                  torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
    TrainingLoopOptions loopOptions;
    loopOptions.checkpointDir = out / "checkpoint";
    loopOptions.steps = options.steps;
    loopOptions.checkpointEvery = options.checkpointEvery;
    loopOptions.resume = options.resume;
    loopOptions.smoothing = 0.9;
    TrainingLoop loop(
        loopOptions, optimizer, [&](const std::string& path) { return models::saveMiniModel(path, model, false); },
        [&](const std::string& path) { return loadWeightsInto(path, model); }, started);
    if (auto resumed = loop.resume(); !resumed)
        return resumed.error();
    report.resumedFrom = loop.resumedFrom();

    p.stage = "training";
    p.steps = options.steps;
    int skippedInARow = 0;
    constexpr int kMaxSkippedSteps = 5;
    while (loop.running()) {
        const int64_t step = loop.step();
        auto rng = stepRandom(options.seed, step);
        torch::manual_seed(options.seed * 1000003u + uint64_t(step));
        const auto batch = drawBatch(rng, records.size(), size_t(options.batch));
        const auto index = torch::tensor(std::vector<int64_t>(batch.begin(), batch.end()), torch::kLong);
        const auto pixels = augmentImages(rng, images->index_select(0, index));
        std::vector<std::vector<int64_t>> ids;
        std::vector<torch::Tensor> audio;
        for (size_t r : batch) {
            ids.push_back(tokenizer.encode(drawText(rng, records[r]), size_t(config.textContext)));
            if (withAudio) {
                const auto& options_ = clipsOf[r];
                const size_t pick = options_.empty() ? clipsOf[batch.front()].front()
                                                     : options_[size_t(uniformInt(rng, 0, int64_t(options_.size()) - 1))];
                audio.push_back(augmentAudio(rng, (*clips)[pick].features, config.audioMaxFrames()));
            }
        }
        const auto [tokenIds, tokenMask] = models::padTokenBatch(ids);
        const double rate = scheduledRate(options, loop.scheduleStep());
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(rate);

        optimizer.zero_grad();
        const auto imageEmbeds = model->encodeImage(pixels);
        const auto textEmbeds = model->encodeText(tokenIds, tokenMask);
        const auto scale = model->logitScale();
        auto lossTextImage = infoNce(textEmbeds, imageEmbeds, scale);
        auto loss = lossTextImage;
        torch::Tensor lossAudioImage, lossAudioText;
        if (withAudio) {
            const auto audioEmbeds = encodeAudioByLength(model, audio);
            lossAudioImage = infoNce(audioEmbeds, imageEmbeds, scale);
            lossAudioText = infoNce(audioEmbeds, textEmbeds, scale);
            loss = loss + lossAudioImage + lossAudioText;
        }
        loss.backward();
        const double gradNorm = torch::nn::utils::clip_grad_norm_(model->parameters(), 1.0);
        // A non-finite loss or gradient would poison every weight through the
        // optimiser's moments: such a step is skipped, and a run of them ends training.
        if (std::isfinite(gradNorm) && std::isfinite(loss.item<double>())) {
            optimizer.step();
            skippedInARow = 0;
        } else if (++skippedInARow >= kMaxSkippedSteps) {
            return Error{"the loss is not finite at step " + std::to_string(step + 1)
                         + " (lower the learning rate, or check the pack's audio)"};
        }
        loop.stepTaken();

        p.step = step + 1;
        p.loss = loss.item<double>();
        p.lossTextImage = lossTextImage.item<double>();
        p.lossAudioImage = withAudio ? lossAudioImage.item<double>() : 0;
        p.lossAudioText = withAudio ? lossAudioText.item<double>() : 0;
        p.learningRate = rate;
        p.secondsPerStep = loop.secondsPerStep();
        p.etaSeconds = loop.etaSeconds();
        report.finalLoss = p.loss;
        const bool keepGoing = !progress || progress(p);
        if (auto ended = loop.endStep(keepGoing, [&] {
                json::Value state = json::Value::object();
                state["seed"] = options.seed;
                return state;
            });
            !ended)
            return ended.error();
    }
    const int64_t step = loop.step();
    if (loop.cancelled())
        return Error{"cancelled"};

    model->eval();
    report.steps = step;
    report.weightsPath = (out / "mini.safetensors").string();
    if (auto saved = models::saveMiniModel(report.weightsPath, model, true); !saved)
        return saved.error();
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return report;
}

} // namespace fscope::train
