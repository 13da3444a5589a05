#pragma once
// An imported CLIP ready to use on files: the model on its device, its
// tokenizer and its image preprocessing, with the tasks built on them
// (embeddings, retrieval scores, zero-shot labels and answers).
//
//   auto clip = fscope::tasks::ClipSession::open("/models/ViT-B-32.pt", torch::kCPU);
//   if (!clip) return clip.error();   // names the file and what is missing or wrong
//   torch::Tensor images = clip->embedImageFiles({"a.jpg", "b.png"});   // [2, E], throws EngineError
//   torch::Tensor texts = clip->embedTexts({"a cat", "a dog"});         // [2, E]
//   torch::Tensor logits = clip->logits(images, texts);                 // [2, 2]
//
// Tokenizer files are looked up beside the weights: in a Hugging Face folder,
// vocab.json + merges.txt; beside an OpenAI .pt file, vocab.json + merges.txt or
// OpenAI's bpe_simple_vocab_16e6.txt.gz. Preprocessing follows the reference
// (io/image_preprocess.h, long side rounded as in the reference outputs); a Hugging Face folder's preprocessor_config.json
// supplies image_mean and image_std when present.
// Thread-safety: the session owns a model; use it from one thread (the engine's).

#include "io/image.h"
#include "io/image_preprocess.h"
#include "models/clip_model.h"
#include "text/clip_tokenizer.h"
#include "util/result.h"

#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

namespace fscope::tasks {

class ClipSession {
public:
    static Result<ClipSession> open(const std::string& path, const torch::Device& device);

    // [N, E] projected features before normalisation; images in batches of 16.
    torch::Tensor embedImages(const std::vector<io::ImageRgb8>& images);
    // Loads and embeds; a file that cannot be read throws EngineError naming it.
    torch::Tensor embedImageFiles(const std::vector<std::string>& paths);
    // [N, E]; *idsOut (optional) receives each text's ids without padding.
    torch::Tensor embedTexts(const std::vector<std::string>& texts,
                             std::vector<std::vector<int64_t>>* idsOut = nullptr);
    // The same through the embedding cache in cacheDir (data/embedding_cache.h; ""
    // for none): items whose content hash is cached are not embedded again; new ones
    // are added and the cache saved. *reused (optional) counts the cached ones.
    torch::Tensor embedImageFilesCached(const std::vector<std::string>& paths, const std::string& cacheDir,
                                        int* reused = nullptr);
    torch::Tensor embedTextsCached(const std::vector<std::string>& texts, const std::string& cacheDir,
                                   int* reused = nullptr);
    // exp(logit_scale) * cosine, [rows, cols].
    torch::Tensor logits(const torch::Tensor& rows, const torch::Tensor& cols);
    // [1, 3, R, R] on the model's device.
    torch::Tensor pixels(const io::ImageRgb8& image) const;

    double logitScaleParameter() const; // the stored (log) value
    int resolution() const { return static_cast<int>(m_model->config().imageResolution); }
    models::ClipModel& model() { return m_model; }
    const text::ClipTokenizer& tokenizer() const { return *m_tokenizer; }
    const std::string& source() const { return m_source; }
    // Identifies the weights for caches: SHA-256 over the weights file's size and its
    // first and last MiB (cheap on multi-gigabyte files, and any re-download or edit
    // of a checkpoint changes it in practice).
    const std::string& modelId() const { return m_modelId; }

private:
    ClipSession(models::ClipModel model, text::ClipTokenizer tokenizer);

    models::ClipModel m_model;
    std::optional<text::ClipTokenizer> m_tokenizer;
    io::Normalization m_normalization;
    torch::Device m_device = torch::kCPU;
    std::string m_source;
    std::string m_modelId;
};

// The tokenizer that belongs to a checkpoint (see above), or an error saying
// which files were looked for and where.
Result<text::ClipTokenizer> findClipTokenizer(const std::string& checkpointPath);

// Zero-shot prompts: "{}" in a template is replaced by the label; a template
// without "{}" gets the label appended after a space.
std::string fillTemplate(const std::string& templ, const std::string& label);

} // namespace fscope::tasks
