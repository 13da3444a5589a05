#pragma once
// Why a CLIP model matches an image with a text: attention maps per layer and
// head, attention rollout and gradient relevancy (attention_maps.h) over the
// image patches and the text tokens of one pair.
//
//   auto pixels = ...;                          // [1, 3, R, R], io::clipPreprocess
//   std::vector<int64_t> ids = tokenizer.encodeWithSpecial("a photo of a cat");
//   auto why = fscope::explain::explainClipPair(model, pixels, ids);
//   torch::Tensor heat = fscope::explain::upsampleMap(why.imageRelevancy, 224); // [224, 224] in [0, 1]
//   why.textRelevancy[k]                        // relevance of token k (start and end included)
//
// Image maps are the class token's row over the patches (grid x grid, row-major
// as the patches lie in the image); text maps are the end token's row over the
// tokens. The relevancy explains the pair's logit, exp(logit_scale) * cosine.
// Runs one forward and one backward pass with gradients on the model's device,
// so memory grows with layers x heads x tokens^2 (ViT-L/14@336: about 1 GB).
// Thread-safety: runs the model; call from the thread that owns it.

#include "models/clip_model.h"

#include <cstdint>
#include <vector>

namespace fscope::explain {

struct ClipPairExplanation {
    double logit = 0;   // exp(logit_scale) * cosine
    double cosine = 0;
    int64_t grid = 0;   // patches per image side
    int64_t endTokenIndex = 0;
    std::vector<torch::Tensor> imageAttention; // per layer [heads, T, T], T = grid^2 + 1; CPU, float
    std::vector<torch::Tensor> textAttention;  // per layer [heads, n, n], n = ids.size()
    torch::Tensor imageRollout;   // [grid, grid]
    torch::Tensor imageRelevancy; // [grid, grid]
    torch::Tensor textRollout;    // [n]
    torch::Tensor textRelevancy;  // [n]
};

// pixels [1, 3, R, R] normalised; ids: start token, tokens, end token, no padding.
ClipPairExplanation explainClipPair(models::ClipModel& model, const torch::Tensor& pixels,
                                    const std::vector<int64_t>& ids);

// The class token's attention over the patches in `layer`, for `head` or the
// mean over heads (head < 0): [grid, grid].
torch::Tensor imageAttentionMap(const ClipPairExplanation& explanation, int64_t layer, int64_t head);
// The end token's attention over the tokens in `layer`: [n].
torch::Tensor textAttentionMap(const ClipPairExplanation& explanation, int64_t layer, int64_t head);

// A [g, g] map bilinearly resized to [size, size] and scaled to [0, 1], for
// overlays on the model's square input (the center crop of the image).
torch::Tensor upsampleMap(const torch::Tensor& map, int64_t size);

} // namespace fscope::explain
