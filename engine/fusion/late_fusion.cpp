#include "fusion/late_fusion.h"

#include "fusion/attention.h"
#include "fusion/modality_helpers.h"

namespace fscope::fusion {

LateFusionImpl::LateFusionImpl(const FusionConfig& config)
    : FusionModuleImpl(config.outputDim), m_used(usedModalities(config, 1))
{
    for (auto modality : m_used) {
        const auto name = "encoder_" + modalityName(modality);
        m_encoders.push_back(register_module(
            name, torch::nn::Sequential(torch::nn::Linear(config.inputDims[int(modality)], config.width),
                                        torch::nn::GELU(), torch::nn::Linear(config.width, config.outputDim))));
    }
    // Equal weights at the start: no modality is preferred before training.
    m_weightLogits = register_parameter("weight_logits", torch::zeros({static_cast<int64_t>(m_used.size())}));
}

FusionOutput LateFusionImpl::forward(const FusionInput& input)
{
    const auto batch = input.batchSize();
    const auto device = input.device();
    const auto count = static_cast<int64_t>(m_used.size());
    std::vector<torch::Tensor> encoded;
    std::vector<torch::Tensor> presence;
    for (size_t i = 0; i < m_used.size(); ++i) {
        const auto* features = input.get(m_used[i]);
        encoded.push_back(features ? m_encoders[i]->forward(pooledFeatures(*features))
                                   : torch::zeros({batch, outputDim()}, m_weightLogits.options()));
        presence.push_back(presenceOf(input, m_used[i], batch, device));
    }
    const auto stacked = torch::stack(encoded, 1);   // [B, M, out]
    const auto present = torch::stack(presence, 1);  // [B, M]
    const auto logits = m_weightLogits.view({1, count}).expand({batch, count});
    const auto weights = maskedSoftmax(logits, present);  // rows of absent-only samples are 0

    FusionOutput out;
    out.fused = (stacked * weights.unsqueeze(-1)).sum(1);
    out.modalityWeights = torch::zeros({batch, kModalityCount}, weights.options());
    for (size_t i = 0; i < m_used.size(); ++i) {
        const auto slot = static_cast<int64_t>(m_used[i]);
        out.modalityWeights.select(1, slot).copy_(weights.select(1, static_cast<int64_t>(i)).detach());
        out.embeddings[slot] = stacked.select(1, static_cast<int64_t>(i));
    }
    return out;
}

FusionInspection LateFusionImpl::inspect() const
{
    FusionInspection seen;
    const auto weights = torch::softmax(m_weightLogits.detach(), 0);
    seen.modalityWeights = torch::zeros({kModalityCount});
    for (size_t i = 0; i < m_used.size(); ++i)
        seen.modalityWeights[static_cast<int64_t>(m_used[i])] = weights[static_cast<int64_t>(i)].cpu();
    return seen;
}

} // namespace fscope::fusion
