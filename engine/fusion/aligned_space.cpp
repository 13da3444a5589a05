#include "fusion/aligned_space.h"

#include "fusion/modality_helpers.h"
#include "util/result.h"

#include <cmath>

namespace fscope::fusion {

AlignedSpaceImpl::AlignedSpaceImpl(const FusionConfig& config, Strategy strategy)
    : FusionModuleImpl(config.outputDim), m_strategy(strategy), m_used(usedModalities(config, 2)),
      m_maxLogitScale(config.maxLogitScale)
{
    if (strategy == Strategy::Contrastive && m_used.size() != 2)
        throw EngineError("contrastive alignment takes exactly two modalities, got " + std::to_string(m_used.size()));
    for (auto modality : m_used)
        m_projections.push_back(register_module(
            "projection_" + modalityName(modality),
            torch::nn::Linear(torch::nn::LinearOptions(config.inputDims[int(modality)], config.outputDim).bias(false))));
    m_logScale = register_parameter("log_scale", torch::full({}, std::log(1.0 / config.initialTemperature)));
}

torch::Tensor AlignedSpaceImpl::logitScale() const
{
    return m_logScale.exp().clamp_max(m_maxLogitScale);
}

FusionOutput AlignedSpaceImpl::forward(const FusionInput& input)
{
    const auto batch = input.batchSize();
    const auto device = input.device();
    FusionOutput out;
    torch::Tensor sum = torch::zeros({batch, outputDim()}, m_logScale.options());
    for (size_t i = 0; i < m_used.size(); ++i) {
        const auto slot = static_cast<int>(m_used[i]);
        m_lastPresence[slot] = presenceOf(input, m_used[i], batch, device);
        const auto* features = input.get(m_used[i]);
        if (!features)
            continue;
        const auto embedding = torch::nn::functional::normalize(
            m_projections[i](pooledFeatures(*features)), torch::nn::functional::NormalizeFuncOptions().dim(1));
        out.embeddings[slot] = embedding;
        sum = sum + embedding * m_lastPresence[slot].to(embedding.scalar_type()).unsqueeze(1);
    }
    // The joint vector of a sample: the direction of its present embeddings.
    out.fused = torch::nn::functional::normalize(sum, torch::nn::functional::NormalizeFuncOptions().dim(1));
    out.logitScale = logitScale();
    return out;
}

torch::Tensor AlignedSpaceImpl::alignmentLoss(const FusionOutput& output) const
{
    std::vector<torch::Tensor> losses;
    for (size_t a = 0; a < m_used.size(); ++a) {
        for (size_t b = a + 1; b < m_used.size(); ++b) {
            const auto sa = static_cast<int>(m_used[a]);
            const auto sb = static_cast<int>(m_used[b]);
            if (!output.embeddings[sa].defined() || !output.embeddings[sb].defined())
                continue;
            const auto both = m_lastPresence[sa].logical_and(m_lastPresence[sb]).nonzero().squeeze(1);
            if (both.numel() < 2)  // one pair alone has no negatives to contrast with
                continue;
            const auto ea = output.embeddings[sa].index_select(0, both);
            const auto eb = output.embeddings[sb].index_select(0, both);
            losses.push_back(symmetricInfoNce(output.logitScale * torch::matmul(ea, eb.t())));
        }
    }
    if (losses.empty())
        return m_logScale * 0.0;  // keeps a graph so backward() stays valid
    return torch::stack(losses).mean();
}

FusionInspection AlignedSpaceImpl::inspect() const
{
    FusionInspection seen;
    seen.logitScale = logitScale().item<double>();
    return seen;
}

} // namespace fscope::fusion
