#include "tasks/mini_session.h"

#include "io/audio.h"
#include "io/audio_preprocess.h"
#include "models/mini_preprocess.h"
#include "tasks/cached_embeddings.h"
#include "util/sha256.h"
#include "util/text_file.h"

#include <filesystem>
#include <fstream>

namespace fscope::tasks {

namespace {

namespace fs = std::filesystem;

constexpr int64_t kBatch = 64;

Result<std::string> readFile(const fs::path& path)
{
    return readTextFile(path.string());
}

// Runs `embed` over [begin, end) slices of `count` items and stacks the rows.
template <class Embed>
torch::Tensor inBatches(size_t count, int64_t width, Embed&& embed)
{
    if (count == 0)
        return torch::zeros({0, width});
    std::vector<torch::Tensor> parts;
    for (size_t begin = 0; begin < count; begin += size_t(kBatch))
        parts.push_back(embed(begin, std::min(count, begin + size_t(kBatch))).to(torch::kCPU));
    return torch::cat(parts, 0);
}

} // namespace

bool MiniSession::isMiniFolder(const std::string& folder)
{
    std::error_code ec;
    return fs::is_regular_file(fs::path(folder) / "mini.safetensors", ec)
           && fs::is_regular_file(fs::path(folder) / "config.json", ec);
}

MiniSession::MiniSession(models::MiniModel model, text::SubwordTokenizer tokenizer, const torch::Device& device)
    : m_model(std::move(model)), m_tokenizer(std::move(tokenizer)), m_device(device)
{
}

Result<MiniSession> MiniSession::open(const std::string& folder, const torch::Device& device)
{
    const fs::path dir(folder);
    auto configText = readFile(dir / "config.json");
    if (!configText)
        return configText.error();
    auto configJson = json::parse(*configText);
    if (!configJson)
        return Error{(dir / "config.json").string() + ": " + configJson.error().message};
    auto config = models::MiniConfig::fromJson(*configJson);
    if (!config)
        return Error{(dir / "config.json").string() + ": " + config.error().message};
    auto tokenizerText = readFile(dir / "tokenizer.json");
    if (!tokenizerText)
        return tokenizerText.error();
    auto tokenizer = text::SubwordTokenizer::fromJson(*tokenizerText);
    if (!tokenizer)
        return Error{(dir / "tokenizer.json").string() + ": " + tokenizer.error().message};
    if (tokenizer->vocabularySize() != config->vocabularySize)
        return Error{(dir / "tokenizer.json").string() + ": " + std::to_string(tokenizer->vocabularySize())
                     + " tokens, but the model has " + std::to_string(config->vocabularySize)};
    const std::string weights = (dir / "mini.safetensors").string();
    auto model = models::loadMiniModel(weights, *config);
    if (!model)
        return model.error();
    auto id = sha256File(weights);
    if (!id)
        return id.error();
    (*model)->to(device);
    MiniSession session(std::move(*model), std::move(*tokenizer), device);
    session.m_modelId = *id;
    return session;
}

torch::Tensor MiniSession::embedImages(const std::vector<io::ImageRgb8>& images)
{
    torch::InferenceMode inference;
    const int64_t size = m_model->config().imageSize;
    return inBatches(images.size(), m_model->config().embedDim, [&](size_t begin, size_t end) {
        std::vector<torch::Tensor> pixels;
        for (size_t i = begin; i < end; ++i)
            pixels.push_back(models::miniImagePixels(images[i], size));
        return m_model->encodeImage(torch::stack(pixels).to(m_device));
    });
}

torch::Tensor MiniSession::embedImageFiles(const std::vector<std::string>& paths)
{
    torch::InferenceMode inference;
    return inBatches(paths.size(), m_model->config().embedDim, [&](size_t begin, size_t end) {
        std::vector<io::ImageRgb8> images;
        for (size_t i = begin; i < end; ++i) {
            auto image = io::loadImage(paths[i]);
            if (!image)
                throw EngineError(image.error().message);
            images.push_back(std::move(*image));
        }
        return embedImages(images);
    });
}

torch::Tensor MiniSession::embedTexts(const std::vector<std::string>& texts, std::vector<std::vector<int64_t>>* idsOut)
{
    torch::InferenceMode inference;
    const auto context = size_t(m_model->config().textContext);
    return inBatches(texts.size(), m_model->config().embedDim, [&](size_t begin, size_t end) {
        std::vector<std::vector<int64_t>> ids;
        for (size_t i = begin; i < end; ++i) {
            ids.push_back(m_tokenizer->encode(texts[i], context));
            if (idsOut)
                idsOut->push_back(ids.back());
        }
        auto [tokens, mask] = models::padTokenBatch(ids);
        return m_model->encodeText(tokens.to(m_device), mask.to(m_device));
    });
}

torch::Tensor MiniSession::embedAudio(const std::vector<std::vector<float>>& monoClips, const std::vector<int>& sampleRates)
{
    torch::InferenceMode inference;
    const int64_t maxFrames = m_model->config().audioMaxFrames();
    return inBatches(monoClips.size(), m_model->config().embedDim, [&](size_t begin, size_t end) {
        std::vector<torch::Tensor> features;
        for (size_t i = begin; i < end; ++i) {
            const auto& clip = monoClips[i];
            features.push_back(sampleRates[i] == models::kMiniSampleRate
                                   ? models::miniAudioFeatures(clip, maxFrames)
                                   : models::miniAudioFeatures(io::resample(clip, sampleRates[i], models::kMiniSampleRate),
                                                               maxFrames));
        }
        auto [mel, mask] = models::padAudioBatch(features);
        return m_model->encodeAudio(mel.to(m_device), mask.to(m_device));
    });
}

torch::Tensor MiniSession::embedAudioFiles(const std::vector<std::string>& paths)
{
    torch::InferenceMode inference;
    return inBatches(paths.size(), m_model->config().embedDim, [&](size_t begin, size_t end) {
        std::vector<std::vector<float>> clips;
        std::vector<int> rates;
        for (size_t i = begin; i < end; ++i) {
            auto clip = io::loadAudio(paths[i]);
            if (!clip)
                throw EngineError(clip.error().message);
            clips.push_back(clip->mono());
            rates.push_back(clip->sampleRate);
        }
        return embedAudio(clips, rates);
    });
}

torch::Tensor MiniSession::embedImageFilesCached(const std::vector<std::string>& paths, const std::string& cacheDir,
                                                int* reused)
{
    return cachedFileRows(paths, cacheDir, m_modelId, "image", m_model->config().embedDim,
                          [&](const std::vector<std::string>& todo) { return embedImageFiles(todo); }, reused);
}

torch::Tensor MiniSession::embedTextsCached(const std::vector<std::string>& texts, const std::string& cacheDir,
                                           int* reused)
{
    return cachedTextRows(texts, cacheDir, m_modelId, m_model->config().embedDim,
                          [&](const std::vector<std::string>& todo) { return embedTexts(todo); }, reused);
}

torch::Tensor MiniSession::embedAudioFilesCached(const std::vector<std::string>& paths, const std::string& cacheDir,
                                                int* reused)
{
    return cachedFileRows(paths, cacheDir, m_modelId, "audio", m_model->config().embedDim,
                          [&](const std::vector<std::string>& todo) { return embedAudioFiles(todo); }, reused);
}

torch::Tensor MiniSession::logits(const torch::Tensor& rows, const torch::Tensor& cols)
{
    torch::InferenceMode inference;
    namespace F = torch::nn::functional;
    const auto a = F::normalize(rows.to(torch::kFloat), F::NormalizeFuncOptions().dim(1));
    const auto b = F::normalize(cols.to(torch::kFloat), F::NormalizeFuncOptions().dim(1));
    return m_model->logitScale().to(torch::kCPU) * torch::mm(a, b.t());
}

} // namespace fscope::tasks
