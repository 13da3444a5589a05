#pragma once
// What the app asks of a model, behind a header without LibTorch: items in, a
// shared embedding space and explanations out, as plain numbers. The app's
// pages submit these calls as engine jobs.
//
//   auto explorer = fscope::api::Explorer::open("builtin:mini", resourceDir, device);
//   if (!explorer) return explorer.error();                  // names the checkpoint and what is wrong
//   FloatGrid space = (*explorer)->embed({{ItemKind::Text, "red apple"}, {ItemKind::Image, "/a.png"}});
//   FloatGrid cosine = fscope::api::cosineMatrix(space, space);
//   PairExplanationData why = (*explorer)->explain({ItemKind::Text, "red apple"}, "/a.png");
//
// Embeddings are L2-normalised and memoised per item (kind and content) for the
// session, and go through the on-disk cache when cacheDir is set, so reopening
// the same data does not recompute them. Files that cannot be read throw
// EngineError naming them. Models: those the catalogue (api/model_catalog.h)
// says embed: "builtin:mini", a folder a training run wrote, or a CLIP
// checkpoint (.pt file or Hugging Face folder).
// Thread-safety: one thread (the engine's) uses an Explorer at a time.

#include "api/model_catalog.h"
#include "io/image.h"
#include "runtime/device.h"
#include "util/result.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fscope::api {

enum class ItemKind { Image, Text, Audio };

struct ExplorerItem {
    ItemKind kind = ItemKind::Text;
    std::string content; // the file path (image, audio) or the text itself
};

// A row-major matrix of floats.
struct FloatGrid {
    int rows = 0;
    int columns = 0;
    std::vector<float> values;
    float at(int row, int column) const { return values[size_t(row) * size_t(columns) + size_t(column)]; }
};

// Row-wise dot products of two sets of normalised embeddings: [a.rows, b.rows].
FloatGrid cosineMatrix(const FloatGrid& a, const FloatGrid& b);

struct PairExplanationData {
    double cosine = 0;
    double logit = 0;      // exp(logit_scale) * cosine
    int grid = 0;          // patches per side of the image
    int layers = 0;
    int heads = 0;
    // The target image's maps, grid x grid, scaled to [0, 1]. attention[layer][head],
    // with one more "head" at index `heads`: the mean over heads.
    std::vector<std::vector<FloatGrid>> imageAttention;
    FloatGrid imageRollout;
    FloatGrid imageRelevancy;
    io::ImageRgb8 modelInput; // the square picture the maps cover (the model's crop)
    // The query's tokens with their relevancy and rollout in [0, 1]: text pieces
    // (start and end tokens included), or audio tokens of secondsPerToken each
    // (the first is the class token); empty for an image query.
    std::vector<std::string> queryTokens;
    std::vector<float> queryRelevancy;
    std::vector<float> queryRollout;
    double secondsPerToken = 0;
    // For a speech query: the log-mel features the model heard (leading and
    // trailing silence trimmed, normalised per bin), frames x bins, 10 ms per
    // frame; token t >= 1 covers frames (t - 1) * secondsPerToken / 0.01 onwards.
    int queryMelFrames = 0;
    int queryMelBins = 0;
    std::vector<float> queryMel;
    std::vector<int64_t> queryIds; // a text query's token ids (start and end included)

    // The model's own numbers before the scaling to [0, 1] above, for exports
    // that keep them (the command line's explanation.json).
    struct Unscaled {
        std::vector<FloatGrid> imageAttention; // per layer, the mean over heads
        FloatGrid imageRollout;
        FloatGrid imageRelevancy;
        std::vector<float> queryRelevancy;
        std::vector<float> queryRollout;
        // The last layer's attention of the pooled query token over the query's
        // tokens, mean over heads (CLIP text queries; empty otherwise).
        std::vector<float> queryAttention;
    } unscaled;
};

class Explorer {
public:
    static Result<std::unique_ptr<Explorer>> open(const std::string& model, const std::string& resourceDir,
                                                  const runtime::DeviceInfo& device, const std::string& cacheDir = {});
    ~Explorer();
    Explorer(const Explorer&) = delete;
    Explorer& operator=(const Explorer&) = delete;

    const std::string& modelName() const;
    const ModelRecord& model() const; // what the catalogue says of it
    bool hasAudio() const;
    double logitScale() const; // exp of the stored parameter: logits = logitScale * cosine
    int embeddingWidth() const;

    // Normalised embeddings, one row per item. progress(done, total) may return
    // false to stop (the call then throws runtime::JobCancelled).
    FloatGrid embed(const std::vector<ExplorerItem>& items, const std::function<bool(int, int)>& progress = {});
    // Where embeddings are cached on disk from now on ("" for nowhere).
    void setCacheDir(const std::string& cacheDir);
    // Embeddings this session computed with the model, and read from the disk cache.
    struct CacheStats {
        int computed = 0;
        int fromDisk = 0;
    };
    CacheStats cacheStats() const;
    // Zero-shot answers (CLIP-style VQA): each candidate answer becomes a caption
    // through `templ` ("{question}" and "{answer}" are replaced), and the image's
    // softmax over the captions' logits gives one probability per answer.
    std::vector<double> answerProbabilities(const std::string& imagePath, const std::string& question,
                                            const std::vector<std::string>& answers, const std::string& templ);
    // Why `query` matches the image at `imagePath`. CLIP explains text queries only.
    PairExplanationData explain(const ExplorerItem& query, const std::string& imagePath);

private:
    struct Impl;
    explicit Explorer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

std::string itemKindName(ItemKind kind); // "image", "text", "audio"

// "{question}" and "{answer}" in `templ` replaced by the question and the answer.
std::string fillQuestionTemplate(std::string templ, const std::string& question, const std::string& answer);

} // namespace fscope::api
