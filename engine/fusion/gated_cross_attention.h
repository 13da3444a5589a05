#pragma once
// Gated cross-attention (Flamingo, Alayrac et al. 2022): trainable
// cross-attention layers inserted before each frozen self-attention layer of a
// language-model-like stack. Each inserted layer is
//     x = x + tanh(alpha_attn) * Attention(LayerNorm(x), context)
//     x = x + tanh(alpha_ffw)  * FeedForward(LayerNorm(x))
// with both alphas starting at 0, so at initialisation the stack computes
// exactly what it computed without the context; training opens the gates.
// inspect() reports tanh(alpha) per layer and the attention probabilities.

#include "fusion/attention.h"
#include "fusion/attention_fusion.h"

namespace fscope::fusion {

class GatedCrossAttentionLayerImpl : public torch::nn::Module {
public:
    GatedCrossAttentionLayerImpl(int64_t width, int64_t heads, int64_t feedForwardMultiplier);
    AttentionResult forward(const torch::Tensor& x, const torch::Tensor& context, const torch::Tensor& contextMask,
                            const torch::Tensor& scoreBias = {});

    MultiHeadAttention attn{nullptr};
    torch::nn::LayerNorm ln_attn{nullptr}, ln_ffw{nullptr};
    FeedForward ffw{nullptr};
    torch::Tensor attn_gate, ffw_gate;  // the alphas, scalars
};
TORCH_MODULE(GatedCrossAttentionLayer);

// A pre-LayerNorm self-attention block (the "frozen LM" layer).
class SelfAttentionBlockImpl : public torch::nn::Module {
public:
    SelfAttentionBlockImpl(int64_t width, int64_t heads, int64_t feedForwardMultiplier);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);

    MultiHeadAttention attn{nullptr};
    torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
    FeedForward mlp{nullptr};
};
TORCH_MODULE(SelfAttentionBlock);

class GatedCrossAttentionFusionImpl : public AttentionFusionBase {
public:
    explicit GatedCrossAttentionFusionImpl(const FusionConfig& config);
    Strategy strategy() const override { return Strategy::GatedCrossAttention; }
    FusionInspection inspect() const override;

    std::vector<GatedCrossAttentionLayer>& gatedLayers() { return m_gated; }
    std::vector<SelfAttentionBlock>& selfAttentionLayers() { return m_self; }

private:
    size_t layerCount() const override { return m_gated.size(); }
    LayerResult runLayer(size_t index, const torch::Tensor& x, const torch::Tensor& context,
                         const torch::Tensor& contextMask, const torch::Tensor& queryMask,
                         const torch::Tensor& scoreBias) override;

    std::vector<GatedCrossAttentionLayer> m_gated;
    std::vector<SelfAttentionBlock> m_self;
};

} // namespace fscope::fusion
