#pragma once
// What the two attention strategies share: tokens of the query modality are
// projected to the working width, pass a stack of layers that attend to the
// projected context tokens, and their masked mean is projected to the output.
// Subclasses build the layers and say what one layer does.

#include "fusion/fusion.h"

namespace fscope::fusion {

class AttentionFusionBase : public FusionModuleImpl {
public:
    FusionOutput forward(const FusionInput& input) final;
    FusionInspection inspect() const override;

protected:
    // `name` is the strategy's name for messages ("cross-attention").
    AttentionFusionBase(const FusionConfig& config, const std::string& name);

    struct LayerResult {
        torch::Tensor tokens;  // [B, Tq, width]
        torch::Tensor probs;   // [B, H, Tq, Tk]
    };
    virtual size_t layerCount() const = 0;
    virtual LayerResult runLayer(size_t index, const torch::Tensor& x, const torch::Tensor& context,
                                 const torch::Tensor& contextMask, const torch::Tensor& queryMask,
                                 const torch::Tensor& scoreBias) = 0;

private:
    std::string m_name;
    Modality m_query;
    Modality m_context;
    torch::nn::Linear m_queryIn{nullptr}, m_contextIn{nullptr}, m_out{nullptr};
    torch::Tensor m_distanceWeights; // [layers, heads] when FusionConfig::distanceBias
    int64_t m_heads = 1;
    std::vector<torch::Tensor> m_lastAttention;
};

} // namespace fscope::fusion
