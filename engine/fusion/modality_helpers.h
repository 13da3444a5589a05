#pragma once
// Small helpers the strategies share for reading a FusionInput. Engine-internal.

#include "fusion/fusion.h"

namespace fscope::fusion {

// Modalities with a non-zero input width, in Modality order; throws when fewer than `minimum`.
std::vector<Modality> usedModalities(const FusionConfig& config, size_t minimum);
// [B] bool: which samples carry the modality (all false when it is not set).
torch::Tensor presenceOf(const FusionInput& input, Modality modality, int64_t batch, const torch::Device& device);
// [B, T] bool: real tokens of present samples.
torch::Tensor keyMaskOf(const ModalityFeatures& features);
// Masked mean over the tokens: [B, D].
torch::Tensor pooledFeatures(const ModalityFeatures& features);
// Checks the features are [B, T, D] with D = expected; names the modality otherwise.
void checkFeatures(const ModalityFeatures& features, Modality modality, int64_t expectedDim, int64_t batch);

} // namespace fscope::fusion

namespace fscope::fusion {

// The context tokens of an attention strategy projected to the query width,
// with their key mask. Without any context a single fully masked slot keeps
// the shapes valid (the attention row is then all zero).
std::pair<torch::Tensor, torch::Tensor> projectedContext(const FusionInput& input, Modality context,
                                                         torch::nn::Linear& projection, const torch::Tensor& queries);

} // namespace fscope::fusion
