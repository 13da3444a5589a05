#include "tasks/shapes_speech.h"

#include "data/shapes_world.h"
#include "io/audio_preprocess.h"
#include "models/shapes_vqa.h"
#include "models/mini_preprocess.h"
#include "util/sha256.h"
#include "util/text_file.h"

#include <climits>
#include <filesystem>
#include <optional>

namespace fscope::tasks {

namespace fs = std::filesystem;

namespace {

struct LoadedTower {
    models::MiniModel model{nullptr};
    std::string sha256;
};

Result<LoadedTower> loadAudioTower(const std::string& miniFolder)
{
    const fs::path dir(miniFolder);
    const std::string configPath = (dir / "config.json").string();
    auto configText = readTextFile(configPath);
    if (!configText)
        return configText.error();
    auto configJson = json::parse(*configText);
    if (!configJson)
        return Error{configPath + ": " + configJson.error().message};
    auto config = models::MiniConfig::fromJson(*configJson);
    if (!config)
        return Error{configPath + ": " + config.error().message};
    const std::string weights = (dir / "mini.safetensors").string();
    auto model = models::loadMiniModel(weights, *config);
    if (!model)
        return model.error();
    auto sha = sha256File(weights);
    if (!sha)
        return sha.error();
    for (auto& parameter : (*model)->parameters())
        parameter.set_requires_grad(false);
    return LoadedTower{*model, *sha};
}

bool isAudioParameter(const std::string& name)
{
    return name.rfind("audio_", 0) == 0 && name.rfind("audio_proj", 0) != 0;
}

// Linear interpolation of `values` along `dim` at fractional positions.
torch::Tensor resampleAlong(const torch::Tensor& values, int64_t dim, const torch::Tensor& positions)
{
    const int64_t size = values.size(dim);
    const auto source = positions.clamp(0, double(size - 1));
    const auto low = source.floor().to(torch::kLong);
    const auto high = (low + 1).clamp_max(size - 1);
    auto t = source - low.to(torch::kFloat);
    t = dim == 0 ? t.unsqueeze(1) : t.unsqueeze(0);
    return values.index_select(dim, low) * (1 - t) + values.index_select(dim, high) * t;
}

} // namespace

torch::Tensor stretchFeatures(const torch::Tensor& mel, double tempo, double binScale)
{
    const int64_t frames = std::max<int64_t>(1, int64_t(std::lround(double(mel.size(0)) / tempo)));
    auto out = tempo == 1.0 ? mel : resampleAlong(mel, 0, torch::arange(frames, torch::kFloat) * tempo);
    if (binScale != 1.0)
        out = resampleAlong(out, 1, torch::arange(mel.size(1), torch::kFloat) * binScale);
    return out;
}

void ShapesSpeechReader::tuneAudioTower()
{
    m_tuning = true;
    for (auto& item : m_mini->named_parameters())
        if (isAudioParameter(item.key()))
            item.value().set_requires_grad(true);
}

std::vector<std::pair<std::string, torch::Tensor>> ShapesSpeechReader::tunedTower() const
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    if (m_tuning)
        for (const auto& item : m_mini->named_parameters())
            if (isAudioParameter(item.key()))
                tensors.emplace_back(item.key(), item.value());
    return tensors;
}

std::string ShapesSpeechReader::builtinPath(const std::string& resourceDir)
{
    return (fs::path(resourceDir) / "models" / "shapes" / "shapes-speech.safetensors").lexically_normal().string();
}

std::string ShapesSpeechReader::builtinMiniFolder(const std::string& resourceDir)
{
    return (fs::path(resourceDir) / "models" / "mini").lexically_normal().string();
}

Result<std::unique_ptr<ShapesSpeechReader>> ShapesSpeechReader::openAudioTower(const std::string& miniFolder,
                                                                                const models::SpokenQuestionConfig& config)
{
    auto tower = loadAudioTower(miniFolder);
    if (!tower)
        return tower.error();
    if (tower->model->config().width != config.audioWidth)
        return Error{miniFolder + ": the audio tower is " + std::to_string(tower->model->config().width)
                     + " wide, the reader expects " + std::to_string(config.audioWidth)};
    std::unique_ptr<ShapesSpeechReader> speech(new ShapesSpeechReader());
    speech->m_mini = tower->model;
    speech->m_towerSha256 = tower->sha256;
    speech->m_reader = models::SpokenQuestionReader(config);
    return speech;
}

Result<std::unique_ptr<ShapesSpeechReader>> ShapesSpeechReader::open(const std::string& miniFolder,
                                                                      const std::string& readerPath)
{
    auto loaded = models::loadSpokenQuestionReader(readerPath);
    if (!loaded)
        return loaded.error();
    auto speech = openAudioTower(miniFolder, loaded->reader->config());
    if (!speech)
        return speech.error();
    if ((*speech)->m_towerSha256 != loaded->audioTowerSha256)
        return Error{readerPath + ": trained on another version of the model in " + miniFolder
                     + " (train it again: fusionscope-cli train --task shapes-speech)"};
    (*speech)->m_reader = loaded->reader;
    (*speech)->m_readerPath = readerPath;
    // The tower as fine-tuned with the reader.
    torch::NoGradGuard noGrad;
    auto parameters = (*speech)->m_mini->named_parameters();
    for (const auto& [name, tensor] : loaded->towerTensors) {
        auto* target = parameters.find(name);
        if (!target || !isAudioParameter(name) || target->sizes() != tensor.sizes())
            return Error{readerPath + ": tensor 'tower." + name + "' does not fit the audio tower of " + miniFolder};
        target->copy_(tensor);
    }
    return speech;
}

torch::Tensor ShapesSpeechReader::features(const std::vector<float>& mono, int sampleRate) const
{
    const int64_t maxFrames = m_mini->config().audioMaxFrames();
    return sampleRate == models::kMiniSampleRate
               ? models::miniAudioFeatures(mono, maxFrames)
               : models::miniAudioFeatures(io::resample(mono, sampleRate, models::kMiniSampleRate), maxFrames);
}

std::pair<torch::Tensor, torch::Tensor> ShapesSpeechReader::audioTokens(const std::vector<torch::Tensor>& features)
{
    std::optional<torch::NoGradGuard> noGrad;
    if (!m_tuning || !m_reader->is_training())
        noGrad.emplace();
    // The tower learned from short names (an emoji's, mostly under 2 s); on a
    // whole question its later tokens were unreliable, and the words at the end
    // (the colour) were misheard in voices it never heard. So it hears windows
    // of 1.6 s, 0.8 s apart, and each window gives the tokens of its middle
    // 0.8 s (the first and last also their outer parts): one token per 80 ms,
    // each with at least 0.4 s of context on both sides where the clip has it.
    constexpr int64_t kWindow = 160, kHop = 80, kSub = models::MiniConfig::kAudioSubsampling;
    struct Piece {
        size_t clip;
        int64_t firstToken, keepFrom, keepTo; // tokens of the window, in clip tokens
    };
    std::vector<torch::Tensor> windows;
    std::vector<Piece> pieces;
    for (size_t c = 0; c < features.size(); ++c) {
        const int64_t frames = features[c].size(0);
        const int64_t count = frames <= kWindow ? 1 : (frames - kWindow + kHop - 1) / kHop + 1;
        for (int64_t w = 0; w < count; ++w) {
            const int64_t start = w * kHop;
            windows.push_back(features[c].narrow(0, start, std::min(kWindow, frames - start)));
            const int64_t first = start / kSub;
            pieces.push_back({c, first, w == 0 ? 0 : first + (kWindow - kHop) / (2 * kSub),
                              w + 1 == count ? INT64_MAX : first + (kWindow + kHop) / (2 * kSub)});
        }
    }
    auto [mel, mask] = models::padAudioBatch(windows);
    const auto [tokens, tokenMask] = m_mini->audioTokens(mel, mask);
    std::vector<std::vector<torch::Tensor>> kept(features.size());
    for (size_t i = 0; i < pieces.size(); ++i) {
        const auto& piece = pieces[i];
        const int64_t real = tokenMask[int64_t(i)].sum().item<int64_t>() - 1; // without [CLS]
        const int64_t from = std::max<int64_t>(0, piece.keepFrom - piece.firstToken);
        const int64_t to = std::min(real, piece.keepTo == INT64_MAX ? real : piece.keepTo - piece.firstToken);
        if (to > from)
            kept[piece.clip].push_back(tokens[int64_t(i)].narrow(0, 1 + from, to - from));
    }
    int64_t longest = 1;
    std::vector<torch::Tensor> sequences;
    for (auto& parts : kept) {
        sequences.push_back(parts.empty() ? tokens.new_zeros({0, tokens.size(2)}) : torch::cat(parts));
        longest = std::max(longest, sequences.back().size(0));
    }
    longest = std::min(longest, m_reader->config().audioTokens);
    auto out = tokens.new_zeros({int64_t(features.size()), longest, tokens.size(2)});
    auto outMask = torch::zeros({int64_t(features.size()), longest}, torch::kBool);
    for (size_t c = 0; c < sequences.size(); ++c) {
        const int64_t n = std::min(longest, sequences[c].size(0));
        if (n == 0)
            continue;
        out[int64_t(c)].narrow(0, 0, n).copy_(sequences[c].narrow(0, 0, n));
        outMask[int64_t(c)].narrow(0, 0, n).fill_(true);
    }
    return {out, outMask};
}

models::HeardWords ShapesSpeechReader::hear(const std::vector<std::vector<float>>& monoClips,
                                            const std::vector<int>& sampleRates)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> all;
    for (size_t i = 0; i < monoClips.size(); ++i)
        all.push_back(features(monoClips[i], sampleRates[i]));
    if (!m_severalWays) {
        const auto [tokens, mask] = audioTokens(all);
        return read(m_reader->forward(tokens, mask));
    }
    // Within the training's own variation (tempo 0.85-1.15, bins 0.88-1.12).
    static const std::pair<double, double> ways[] = {{1.0, 1.0},  {0.9, 1.0},  {1.1, 1.0},  {1.0, 0.94}, {1.0, 1.06},
                                                      {0.9, 0.94}, {1.1, 1.06}, {0.9, 1.06}, {1.1, 0.94}};
    torch::Tensor sum;
    for (const auto& [tempo, bins] : ways) {
        std::vector<torch::Tensor> varied;
        for (const auto& f : all)
            varied.push_back(stretchFeatures(f, tempo, bins));
        const auto [tokens, mask] = audioTokens(varied);
        const auto logp = torch::log_softmax(m_reader->forward(tokens, mask), -1);
        sum = sum.defined() ? sum + logp : logp;
    }
    return read(sum / double(std::size(ways)));
}

models::HeardWords ShapesSpeechReader::read(const torch::Tensor& logits) const
{
    if (m_freeReading)
        return models::heardWords(logits);
    if (!m_questions.defined()) {
        std::vector<torch::Tensor> ids;
        for (int type = 0; type < data::kShapesQuestionTypes; ++type)
            for (int colour = 0; colour < data::kShapesColours; ++colour)
                ids.push_back(models::encodeShapesQuestion(data::shapesQuestionText(data::ShapesQuestionType(type), colour),
                                                           m_reader->config().slots)
                                  .first);
        m_questions = torch::cat(ids);
    }
    return models::heardAmong(logits, m_questions);
}

} // namespace fscope::tasks
