#pragma once
// Why the built-in model mini matches a query (a text, a clip of speech or an
// image) with an image: attention per layer and head, attention rollout and
// gradient relevancy (attention_maps.h) over the image's patches and over the
// query's tokens. The counterpart of clip_explain.h for the tri-modal model.
//
//   MiniQuery query;
//   query.kind = MiniQuery::Kind::Text;
//   query.ids = session.tokenizer().encode("red apple");              // [BOS] ... [EOS]
//   auto why = fscope::explain::explainMiniPair(session.model(), query, pixels); // pixels [1, 3, S, S]
//   why.imageRelevancy                    // [grid, grid]: which patches make the match
//   why.queryRelevancy                    // [n]: which tokens (text pieces, 80 ms of speech) make it
//
// Read-out rows follow the model's pooling: the class token for images, the
// [BOS] token for text, and the mean over all tokens for audio (mini pools
// audio by the mean, so every token is a read-out). The relevancy explains the
// pair's logit, exp(logit_scale) * cosine.
// Thread-safety: runs the model; call from the thread that owns it.

#include "models/mini_model.h"

#include <torch/torch.h>

#include <vector>

namespace fscope::explain {

struct MiniQuery {
    enum class Kind { Text, Audio, Image };
    Kind kind = Kind::Text;
    std::vector<int64_t> ids; // Text: [BOS] ... [EOS], no padding
    torch::Tensor mel;        // Audio: [1, F, bins] log-mel features
    torch::Tensor pixels;     // Image: [1, 3, S, S]
};

struct MiniPairExplanation {
    double logit = 0;
    double cosine = 0;
    int64_t grid = 0;                          // patches per image side
    std::vector<torch::Tensor> imageAttention; // per layer [heads, T, T], T = grid^2 + 1; CPU, float
    std::vector<torch::Tensor> queryAttention; // per layer [heads, n, n]
    torch::Tensor imageRollout;                // [grid, grid]
    torch::Tensor imageRelevancy;              // [grid, grid]
    torch::Tensor queryRollout;                // [n] over the query's tokens ([grid, grid] for an image query)
    torch::Tensor queryRelevancy;              // the same shape as queryRollout
};

MiniPairExplanation explainMiniPair(models::MiniModel& model, const MiniQuery& query, const torch::Tensor& pixels);

// The class token's attention over the patches of the target image in `layer`,
// for `head` or the mean over heads (head < 0): [grid, grid].
torch::Tensor miniImageAttentionMap(const MiniPairExplanation& explanation, int64_t layer, int64_t head);

} // namespace fscope::explain
