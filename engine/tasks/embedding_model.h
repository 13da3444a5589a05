#pragma once
// One face for the models that put items into a shared space: an imported CLIP
// (images and texts) or the built-in mini (images, texts and audio). The
// command line's embed and retrieve, and the app's Explorer, work through it.
//
//   std::unique_ptr<EmbeddingModel> model = wrapMiniSession(std::move(session), "builtin:mini");
//   torch::Tensor rows = model->imagesCached({"a.png"}, cacheDir, &reused); // [1, E], not normalised
//
// Thread-safety: wraps a session; use it from one thread (the engine's).

#include "tasks/clip_session.h"
#include "tasks/mini_session.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace fscope::tasks {

class EmbeddingModel {
public:
    virtual ~EmbeddingModel() = default;
    virtual std::string source() const = 0;
    virtual bool hasAudio() const = 0;
    virtual int64_t width() const = 0;
    virtual double logitScaleParameter() const = 0;
    // [N, E] before normalisation; unreadable files throw EngineError naming them.
    virtual torch::Tensor images(const std::vector<std::string>& paths) = 0;
    virtual torch::Tensor texts(const std::vector<std::string>& texts, std::vector<std::vector<int64_t>>* ids = nullptr) = 0;
    virtual torch::Tensor audio(const std::vector<std::string>& paths) = 0;
    // Through the embedding cache in cacheDir ("" for none).
    virtual torch::Tensor imagesCached(const std::vector<std::string>& paths, const std::string& cacheDir, int* reused) = 0;
    virtual torch::Tensor textsCached(const std::vector<std::string>& texts, const std::string& cacheDir, int* reused) = 0;
    virtual torch::Tensor audioCached(const std::vector<std::string>& paths, const std::string& cacheDir, int* reused) = 0;
    // The session underneath, for what only one kind of model offers (explanations).
    virtual ClipSession* clipSession() { return nullptr; }
    virtual MiniSession* miniSession() { return nullptr; }
};

std::unique_ptr<EmbeddingModel> wrapClipSession(ClipSession session);
std::unique_ptr<EmbeddingModel> wrapMiniSession(MiniSession session, std::string source);

} // namespace fscope::tasks
