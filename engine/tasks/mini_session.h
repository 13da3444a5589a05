#pragma once
// The built-in model "mini" ready to use on files: weights, configuration and
// tokenizer from one folder, with the image, text and audio preprocessing.
//
//   auto mini = fscope::tasks::MiniSession::open("resources/models/mini", torch::kCPU);
//   if (!mini) return mini.error();          // names the file that is missing or wrong
//   torch::Tensor images = mini->embedImageFiles({"a.png"});        // [1, E], not normalised
//   torch::Tensor texts = mini->embedTexts({"red apple", "红苹果"});   // [2, E]
//   torch::Tensor speech = mini->embedAudioFiles({"apple.ogg"});    // [1, E]
//
// The folder holds mini.safetensors, config.json and tokenizer.json (what
// `fusionscope-cli train --task emoji` writes). Files that cannot be read
// throw EngineError naming them.
// Thread-safety: the session owns a model; use it from one thread (the engine's).

#include "io/image.h"
#include "models/mini_model.h"
#include "text/subword_tokenizer.h"
#include "util/result.h"

#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

namespace fscope::tasks {

class MiniSession {
public:
    static Result<MiniSession> open(const std::string& folder, const torch::Device& device);
    // True when `folder` holds a mini model (its weights and config.json).
    static bool isMiniFolder(const std::string& folder);

    torch::Tensor embedImages(const std::vector<io::ImageRgb8>& images);
    torch::Tensor embedImageFiles(const std::vector<std::string>& paths);
    torch::Tensor embedTexts(const std::vector<std::string>& texts,
                             std::vector<std::vector<int64_t>>* idsOut = nullptr);
    // Mono samples at any rate (resampled to 16 kHz).
    torch::Tensor embedAudio(const std::vector<std::vector<float>>& monoClips, const std::vector<int>& sampleRates);
    torch::Tensor embedAudioFiles(const std::vector<std::string>& paths);
    // The same through the embedding cache (tasks/cached_embeddings.h); "" for none.
    torch::Tensor embedImageFilesCached(const std::vector<std::string>& paths, const std::string& cacheDir,
                                        int* reused = nullptr);
    torch::Tensor embedTextsCached(const std::vector<std::string>& texts, const std::string& cacheDir,
                                   int* reused = nullptr);
    torch::Tensor embedAudioFilesCached(const std::vector<std::string>& paths, const std::string& cacheDir,
                                        int* reused = nullptr);
    // exp(logit_scale) * cosine, [rows, cols].
    torch::Tensor logits(const torch::Tensor& rows, const torch::Tensor& cols);

    models::MiniModel& model() { return m_model; }
    const text::SubwordTokenizer& tokenizer() const { return *m_tokenizer; }
    // SHA-256 of the weights file (64 hex digits): the key of the embedding cache.
    const std::string& modelId() const { return m_modelId; }

private:
    MiniSession(models::MiniModel model, text::SubwordTokenizer tokenizer, const torch::Device& device);

    models::MiniModel m_model;
    std::optional<text::SubwordTokenizer> m_tokenizer;
    torch::Device m_device = torch::kCPU;
    std::string m_modelId;
};

} // namespace fscope::tasks
