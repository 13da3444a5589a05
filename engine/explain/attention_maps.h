#pragma once
// Model-agnostic explanations of self-attention stacks. Each takes one tensor
// per layer, [H, T, T] (one sample; rows are queries, columns keys, rows sum to 1).
//
//   std::vector<torch::Tensor> probs = ...;             // one [H, T, T] per layer
//   torch::Tensor rollout = fscope::explain::attentionRollout(probs);   // [T, T]
//   torch::Tensor relevancy = fscope::explain::gradientRelevancy(probs, grads); // [T, T]
//   torch::Tensor clsOverPatches = rollout[0].slice(0, 1);              // ViT: class row
//
// Attention rollout (Abnar & Zuidema 2020): each layer's head-mean attention plus
// the identity for the residual path, A' = 0.5 mean_h(A) + 0.5 I, rows
// renormalised, multiplied from the first layer up: R = A'_L ... A'_1.
//
// Gradient relevancy (Chefer, Gur & Wolf 2021, "Generic Attention-model
// Explainability for Interpreting Bi-Modal and Encoder-Decoder Transformers"),
// self-attention rule: R = I, then for each layer from the first,
// R += mean_h(clamp(dS/dA * A, min 0)) @ R, where S is the score being
// explained (for CLIP, the image-text logit). Row i of R says how much each
// input token is relevant to token i's output; rows of the read-out token
// (class token, end-of-text token) explain the whole input.
//
// Thread-safety: pure functions on tensors; any thread.

#include <torch/torch.h>

#include <vector>

namespace fscope::explain {

torch::Tensor attentionRollout(const std::vector<torch::Tensor>& layers);
torch::Tensor gradientRelevancy(const std::vector<torch::Tensor>& layers, const std::vector<torch::Tensor>& grads);

// One layer's attention of query row `row` over all keys: head `head`, or the
// mean over heads when head < 0. Returns [T].
torch::Tensor attentionRow(const torch::Tensor& layer, int64_t row, int64_t head);

// The first sample of each [B, H, T, T] layer, detached, as float on the CPU: [H, T, T].
std::vector<torch::Tensor> firstSampleOnCpu(const std::vector<torch::Tensor>& layers);

// Scales a map to [0, 1] (min to 0, max to 1); a constant map becomes zeros.
torch::Tensor normalizeMap(const torch::Tensor& map);

} // namespace fscope::explain
