#include "fusion/gated_cross_attention.h"


namespace fscope::fusion {

namespace {
torch::nn::LayerNorm layerNorm(int64_t width)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}));
}
} // namespace

GatedCrossAttentionLayerImpl::GatedCrossAttentionLayerImpl(int64_t width, int64_t heads, int64_t feedForwardMultiplier)
{
    ln_attn = register_module("ln_attn", layerNorm(width));
    attn = register_module("attn", MultiHeadAttention(width, heads));
    ln_ffw = register_module("ln_ffw", layerNorm(width));
    ffw = register_module("ffw", FeedForward(width, feedForwardMultiplier));
    attn_gate = register_parameter("attn_gate", torch::zeros({}));
    ffw_gate = register_parameter("ffw_gate", torch::zeros({}));
}

AttentionResult GatedCrossAttentionLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                                      const torch::Tensor& contextMask, const torch::Tensor& scoreBias)
{
    auto attended = attn(ln_attn(x), context, contextMask, false, scoreBias);
    auto y = x + torch::tanh(attn_gate) * attended.output;
    y = y + torch::tanh(ffw_gate) * ffw(ln_ffw(y));
    return {y, attended.probs};
}

SelfAttentionBlockImpl::SelfAttentionBlockImpl(int64_t width, int64_t heads, int64_t feedForwardMultiplier)
{
    ln_1 = register_module("ln_1", layerNorm(width));
    attn = register_module("attn", MultiHeadAttention(width, heads));
    ln_2 = register_module("ln_2", layerNorm(width));
    mlp = register_module("mlp", FeedForward(width, feedForwardMultiplier));
}

torch::Tensor SelfAttentionBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& mask)
{
    const auto normed = ln_1(x);
    auto y = x + attn(normed, normed, mask).output;
    return y + mlp(ln_2(y));
}

GatedCrossAttentionFusionImpl::GatedCrossAttentionFusionImpl(const FusionConfig& config)
    : AttentionFusionBase(config, "gated cross-attention")
{
    for (int64_t i = 0; i < config.layers; ++i) {
        const auto index = std::to_string(i);
        m_gated.push_back(register_module(
            "gated_" + index, GatedCrossAttentionLayer(config.width, config.heads, config.feedForwardMultiplier)));
        m_self.push_back(register_module(
            "self_" + index, SelfAttentionBlock(config.width, config.heads, config.feedForwardMultiplier)));
        if (config.freezeSelfAttention)
            for (auto& parameter : m_self.back()->parameters())
                parameter.set_requires_grad(false);
    }
}

AttentionFusionBase::LayerResult GatedCrossAttentionFusionImpl::runLayer(size_t index, const torch::Tensor& x,
                                                                         const torch::Tensor& context,
                                                                         const torch::Tensor& contextMask,
                                                                         const torch::Tensor& queryMask,
                                                                         const torch::Tensor& scoreBias)
{
    auto gated = m_gated[index](x, context, contextMask, scoreBias);
    return {m_self[index](gated.output, queryMask), gated.probs};
}

FusionInspection GatedCrossAttentionFusionImpl::inspect() const
{
    auto seen = AttentionFusionBase::inspect();
    for (const auto& layer : m_gated) {
        seen.attentionGates.push_back(torch::tanh(layer->attn_gate.detach()).item<double>());
        seen.feedForwardGates.push_back(torch::tanh(layer->ffw_gate.detach()).item<double>());
    }
    return seen;
}

} // namespace fscope::fusion
