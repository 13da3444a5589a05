#pragma once
// One face for the models the embedding commands (embed, retrieve) accept: an
// imported CLIP (images and texts) or the built-in mini (images, texts, audio).

#include "cli/commands.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace fscope::cli {

class EmbeddingModel {
public:
    virtual ~EmbeddingModel() = default;
    virtual std::string source() const = 0;
    virtual bool hasAudio() const = 0;
    virtual int64_t width() const = 0;
    virtual double logitScaleParameter() const = 0;
    // [N, E] before normalisation; unreadable files throw EngineError.
    virtual torch::Tensor images(const std::vector<std::string>& paths) = 0;
    virtual torch::Tensor texts(const std::vector<std::string>& texts, std::vector<std::vector<int64_t>>* ids = nullptr) = 0;
    virtual torch::Tensor audio(const std::vector<std::string>& paths) = 0;
    // Through the embedding cache in cacheDir ("" for none).
    virtual torch::Tensor imagesCached(const std::vector<std::string>& paths, const std::string& cacheDir, int* reused) = 0;
    virtual torch::Tensor textsCached(const std::vector<std::string>& texts, const std::string& cacheDir, int* reused) = 0;
    virtual torch::Tensor audioCached(const std::vector<std::string>& paths, const std::string& cacheDir, int* reused) = 0;
};

// The model --model names; a CommandError says what is wrong with it.
std::unique_ptr<EmbeddingModel> openEmbeddingModel(const ParsedArgs& args, const GlobalOptions& options,
                                                   const char* command);

} // namespace fscope::cli
