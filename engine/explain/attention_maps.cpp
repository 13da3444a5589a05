#include "explain/attention_maps.h"

#include "util/result.h"

#include <string>

namespace fscope::explain {

namespace {

void checkLayer(const torch::Tensor& layer, int64_t tokens, size_t index)
{
    if (!layer.defined() || layer.dim() != 3 || layer.size(1) != layer.size(2)
        || (tokens >= 0 && layer.size(1) != tokens))
        throw EngineError("explain: attention layer " + std::to_string(index)
                          + " must be [heads, tokens, tokens] like the others");
}

} // namespace

torch::Tensor attentionRollout(const std::vector<torch::Tensor>& layers)
{
    if (layers.empty())
        throw EngineError("explain: rollout needs at least one attention layer");
    checkLayer(layers.front(), -1, 0);
    const int64_t tokens = layers.front().size(1);
    const auto options = torch::TensorOptions().dtype(torch::kFloat).device(layers.front().device());
    const torch::Tensor identity = torch::eye(tokens, options);
    torch::Tensor rollout = identity;
    for (size_t i = 0; i < layers.size(); ++i) {
        checkLayer(layers[i], tokens, i);
        torch::Tensor mixed = 0.5 * layers[i].detach().to(torch::kFloat).mean(0) + 0.5 * identity;
        mixed = mixed / mixed.sum(-1, true);
        rollout = torch::matmul(mixed, rollout);
    }
    return rollout;
}

torch::Tensor gradientRelevancy(const std::vector<torch::Tensor>& layers, const std::vector<torch::Tensor>& grads)
{
    if (layers.empty() || layers.size() != grads.size())
        throw EngineError("explain: relevancy needs one gradient per attention layer");
    checkLayer(layers.front(), -1, 0);
    const int64_t tokens = layers.front().size(1);
    const auto options = torch::TensorOptions().dtype(torch::kFloat).device(layers.front().device());
    torch::Tensor relevancy = torch::eye(tokens, options);
    for (size_t i = 0; i < layers.size(); ++i) {
        checkLayer(layers[i], tokens, i);
        if (!grads[i].defined() || grads[i].sizes() != layers[i].sizes())
            throw EngineError("explain: the gradient of attention layer " + std::to_string(i)
                              + " is missing or has another shape");
        const torch::Tensor weighted =
            (grads[i].detach().to(torch::kFloat) * layers[i].detach().to(torch::kFloat)).clamp_min(0).mean(0);
        relevancy = relevancy + torch::matmul(weighted, relevancy);
    }
    return relevancy;
}

torch::Tensor attentionRow(const torch::Tensor& layer, int64_t row, int64_t head)
{
    checkLayer(layer, -1, 0);
    if (row < 0 || row >= layer.size(1))
        throw EngineError("explain: query row " + std::to_string(row) + " outside 0.."
                          + std::to_string(layer.size(1) - 1));
    if (head >= layer.size(0))
        throw EngineError("explain: head " + std::to_string(head) + " outside 0.." + std::to_string(layer.size(0) - 1));
    const torch::Tensor rows = layer.detach().to(torch::kFloat).select(1, row); // [H, T]
    return head < 0 ? rows.mean(0) : rows[head];
}

torch::Tensor normalizeMap(const torch::Tensor& map)
{
    const torch::Tensor m = map.detach().to(torch::kFloat);
    const double low = m.min().item<double>();
    const double high = m.max().item<double>();
    if (!(high > low))
        return torch::zeros_like(m);
    return (m - low) / (high - low);
}

std::vector<torch::Tensor> firstSampleOnCpu(const std::vector<torch::Tensor>& layers)
{
    std::vector<torch::Tensor> out;
    out.reserve(layers.size());
    for (const auto& layer : layers)
        out.push_back(layer.detach().select(0, 0).to(torch::kCPU, torch::kFloat));
    return out;
}

} // namespace fscope::explain
