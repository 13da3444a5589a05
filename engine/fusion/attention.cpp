#include "fusion/attention.h"

#include "kernels/batched_matmul.h"
#include "util/result.h"

#include <cmath>

namespace fscope::fusion {

torch::Tensor maskedSoftmax(const torch::Tensor& scores, const torch::Tensor& keyMask)
{
    if (!keyMask.defined())
        return torch::softmax(scores, -1);
    const auto keep = keyMask.expand_as(scores);
    // Rows with no key at all would be softmax(-inf...) = NaN, and NaN poisons the
    // backward pass even when masked afterwards: give such rows finite scores,
    // then zero them with the mask.
    const auto rowHasKey = keep.any(-1, /*keepdim=*/true);
    auto filled = scores.masked_fill(keep.logical_not(), -std::numeric_limits<float>::infinity());
    filled = torch::where(rowHasKey, filled, torch::zeros_like(scores));
    return torch::softmax(filled, -1) * keep.to(scores.scalar_type());
}

torch::Tensor maskedMean(const torch::Tensor& tokens, const torch::Tensor& mask)
{
    if (!mask.defined())
        return tokens.mean(1);
    const auto weights = mask.to(tokens.scalar_type()).unsqueeze(-1);  // [B, T, 1]
    const auto count = weights.sum(1).clamp_min(1.0);                  // [B, 1]
    return (tokens * weights).sum(1) / count;
}

torch::Tensor combineMasks(const torch::Tensor& tokenMask, const torch::Tensor& present, int64_t batch, int64_t tokens,
                           const torch::Device& device)
{
    auto mask = tokenMask.defined() ? tokenMask.to(torch::kBool)
                                    : torch::ones({batch, tokens}, torch::TensorOptions(torch::kBool).device(device));
    if (present.defined())
        mask = mask.logical_and(present.to(torch::kBool).view({batch, 1}));
    return mask;
}

MultiHeadAttentionImpl::MultiHeadAttentionImpl(int64_t width, int64_t heads)
    : m_heads(heads), m_headDim(width / heads)
{
    if (heads <= 0 || width % heads != 0)
        throw EngineError("attention width " + std::to_string(width) + " is not divisible by " +
                          std::to_string(heads) + " heads");
    q_proj = register_module("q_proj", torch::nn::Linear(width, width));
    k_proj = register_module("k_proj", torch::nn::Linear(width, width));
    v_proj = register_module("v_proj", torch::nn::Linear(width, width));
    out_proj = register_module("out_proj", torch::nn::Linear(width, width));
}

AttentionResult MultiHeadAttentionImpl::forward(const torch::Tensor& query, const torch::Tensor& keyValue,
                                                const torch::Tensor& keyMask, bool causal, const torch::Tensor& scoreBias)
{
    const auto batch = query.size(0);
    const auto tq = query.size(1);
    const auto tk = keyValue.size(1);
    auto split = [&](const torch::Tensor& x, int64_t t) {
        return x.view({batch, t, m_heads, m_headDim}).transpose(1, 2);  // [B, H, T, hd]
    };
    const auto q = split(kernels::fastLinear(query, q_proj->weight, q_proj->bias), tq);
    const auto k = split(kernels::fastLinear(keyValue, k_proj->weight, k_proj->bias), tk);
    const auto v = split(kernels::fastLinear(keyValue, v_proj->weight, v_proj->bias), tk);
    // [B * H, T, hd] products: kernels::batchedMatmul is much faster than ATen's on CPU.
    const auto flat = [&](const torch::Tensor& x, int64_t t, int64_t d) { return x.reshape({batch * m_heads, t, d}); };
    auto scores = kernels::batchedMatmul(flat(q, tq, m_headDim), flat(k.transpose(-2, -1), m_headDim, tk))
                      .view({batch, m_heads, tq, tk})
                  / std::sqrt(static_cast<double>(m_headDim));
    if (scoreBias.defined())
        scores = scores + scoreBias;

    torch::Tensor keep;
    if (keyMask.defined())
        keep = keyMask.to(torch::kBool).view({batch, 1, 1, tk});
    if (causal) {
        const auto causalKeep = torch::ones({tq, tk}, torch::TensorOptions(torch::kBool).device(query.device())).tril();
        keep = keep.defined() ? keep.logical_and(causalKeep) : causalKeep.view({1, 1, tq, tk});
    }
    const auto probs = maskedSoftmax(scores, keep);
    const auto mixed = kernels::batchedMatmul(flat(probs, tq, tk), flat(v, tk, m_headDim))
                           .view({batch, m_heads, tq, m_headDim})
                           .transpose(1, 2)
                           .reshape({batch, tq, m_heads * m_headDim});
    return {kernels::fastLinear(mixed, out_proj->weight, out_proj->bias), probs};
}

FeedForwardImpl::FeedForwardImpl(int64_t width, int64_t multiplier, Activation activation) : m_activation(activation)
{
    fc1 = register_module("fc1", torch::nn::Linear(width, width * multiplier));
    fc2 = register_module("fc2", torch::nn::Linear(width * multiplier, width));
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x)
{
    const auto hidden = kernels::fastLinear(x, fc1->weight, fc1->bias);
    const auto activated = m_activation == Activation::Relu ? torch::relu(hidden) : torch::gelu(hidden);
    return kernels::fastLinear(activated, fc2->weight, fc2->bias);
}

} // namespace fscope::fusion
