#pragma once
// Contrastive alignment (CLIP, Radford et al. 2021) and the unified space
// (one space for text, image and audio, as in ImageBind). Each modality's
// pooled features are linearly projected and L2-normalised into one space;
// similarities are scaled by a learned temperature, exp(log_scale), clamped
// at maxLogitScale. The loss is symmetric InfoNCE over every pair of
// modalities, on the samples that have both (missing ones are left out).
// Contrastive alignment takes exactly two modalities; the unified space two or
// three. FusionOutput::embeddings holds the normalised embeddings.

#include "fusion/fusion.h"

namespace fscope::fusion {

class AlignedSpaceImpl : public FusionModuleImpl {
public:
    AlignedSpaceImpl(const FusionConfig& config, Strategy strategy);
    Strategy strategy() const override { return m_strategy; }
    FusionOutput forward(const FusionInput& input) override;
    FusionInspection inspect() const override;
    torch::Tensor alignmentLoss(const FusionOutput& output) const override;

    torch::Tensor logitScale() const;  // exp(log_scale), clamped
    const std::vector<Modality>& modalities() const { return m_used; }

private:
    Strategy m_strategy;
    std::vector<Modality> m_used;
    std::vector<torch::nn::Linear> m_projections;
    torch::Tensor m_logScale;
    double m_maxLogitScale;
    // Presence of each modality in the last forward, for the loss.
    std::array<torch::Tensor, kModalityCount> m_lastPresence;
};

} // namespace fscope::fusion
