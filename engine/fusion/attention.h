#pragma once
// Building blocks shared by the fusion strategies: masked softmax and mean,
// multi-head attention that keeps its probabilities, a feed-forward block.
// Masks are bool tensors where true marks a real token. A query whose keys are
// all masked gets an all-zero attention row (and a zero update), never NaN.
// Engine-internal; used on the engine thread only.

#include <torch/torch.h>

namespace fscope::fusion {

// scores [..., Tk] with keyMask broadcastable to it (true = keep).
torch::Tensor maskedSoftmax(const torch::Tensor& scores, const torch::Tensor& keyMask);
// tokens [B, T, D], mask [B, T] or undefined; fully masked rows give 0.
torch::Tensor maskedMean(const torch::Tensor& tokens, const torch::Tensor& mask);
// [B, T] mask from a token mask and a [B] presence vector, either may be undefined.
torch::Tensor combineMasks(const torch::Tensor& tokenMask, const torch::Tensor& present, int64_t batch, int64_t tokens,
                           const torch::Device& device);

struct AttentionResult {
    torch::Tensor output;  // [B, Tq, width]
    torch::Tensor probs;   // [B, H, Tq, Tk]
};

class MultiHeadAttentionImpl : public torch::nn::Module {
public:
    MultiHeadAttentionImpl(int64_t width, int64_t heads);
    // keyMask [B, Tk] (true = attend) or undefined; causal adds a causal mask (self-attention);
    // scoreBias [B, H, Tq, Tk], when defined, is added to the scores before the softmax.
    AttentionResult forward(const torch::Tensor& query, const torch::Tensor& keyValue, const torch::Tensor& keyMask,
                            bool causal = false, const torch::Tensor& scoreBias = {});

    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};

private:
    int64_t m_heads;
    int64_t m_headDim;
};
TORCH_MODULE(MultiHeadAttention);

class FeedForwardImpl : public torch::nn::Module {
public:
    // GELU by default; ReLU where training speed matters more (on 2 cores this
    // LibTorch's GELU and its backward cost about as much as the products).
    enum class Activation { Gelu, Relu };
    FeedForwardImpl(int64_t width, int64_t multiplier, Activation activation = Activation::Gelu);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear fc1{nullptr}, fc2{nullptr};

private:
    Activation m_activation;
};
TORCH_MODULE(FeedForward);

} // namespace fscope::fusion
