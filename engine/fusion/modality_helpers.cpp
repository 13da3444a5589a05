#include "fusion/modality_helpers.h"

#include "fusion/attention.h"
#include "util/result.h"

namespace fscope::fusion {

std::vector<Modality> usedModalities(const FusionConfig& config, size_t minimum)
{
    std::vector<Modality> used;
    for (int i = 0; i < kModalityCount; ++i)
        if (config.inputDims[i] > 0)
            used.push_back(static_cast<Modality>(i));
    if (used.size() < minimum)
        throw EngineError("this fusion strategy needs at least " + std::to_string(minimum) +
                          " modalities with an input width, got " + std::to_string(used.size()));
    return used;
}

torch::Tensor presenceOf(const FusionInput& input, Modality modality, int64_t batch, const torch::Device& device)
{
    const auto options = torch::TensorOptions(torch::kBool).device(device);
    const auto* features = input.get(modality);
    if (!features)
        return torch::zeros({batch}, options);
    if (!features->present.defined())
        return torch::ones({batch}, options);
    return features->present.to(torch::kBool);
}

torch::Tensor keyMaskOf(const ModalityFeatures& features)
{
    const auto& tokens = features.tokens;
    return combineMasks(features.tokenMask, features.present, tokens.size(0), tokens.size(1), tokens.device());
}

torch::Tensor pooledFeatures(const ModalityFeatures& features)
{
    return maskedMean(features.tokens, features.tokenMask);
}

void checkFeatures(const ModalityFeatures& features, Modality modality, int64_t expectedDim, int64_t batch)
{
    const auto& t = features.tokens;
    const auto name = modalityName(modality);
    if (!t.defined() || t.dim() != 3)
        throw EngineError(name + " features must be a [batch, tokens, width] tensor");
    if (t.size(0) != batch)
        throw EngineError(name + " features have batch " + std::to_string(t.size(0)) + ", expected " +
                          std::to_string(batch));
    if (expectedDim > 0 && t.size(2) != expectedDim)
        throw EngineError(name + " features have width " + std::to_string(t.size(2)) + ", the module expects " +
                          std::to_string(expectedDim));
    if (features.tokenMask.defined() &&
        (features.tokenMask.dim() != 2 || features.tokenMask.size(0) != batch || features.tokenMask.size(1) != t.size(1)))
        throw EngineError(name + " token mask must be [batch, tokens]");
    if (features.present.defined() && (features.present.dim() != 1 || features.present.size(0) != batch))
        throw EngineError(name + " presence must be [batch]");
}

std::pair<torch::Tensor, torch::Tensor> projectedContext(const FusionInput& input, Modality context,
                                                         torch::nn::Linear& projection, const torch::Tensor& queries)
{
    if (const auto* features = input.get(context))
        return {projection(features->tokens), keyMaskOf(*features)};
    const auto batch = queries.size(0);
    return {torch::zeros({batch, 1, queries.size(2)}, queries.options()),
            torch::zeros({batch, 1}, torch::TensorOptions(torch::kBool).device(queries.device()))};
}

} // namespace fscope::fusion
