#pragma once
// A linear layer's product through oneDNN with the weight packed once, for
// inference on the CPU (see runtime/cpu_tuning.h for the measurements). The
// product runs as a 1x1 convolution, the one oneDNN operation LibTorch 1.13 lets
// us hand a pre-packed weight: measured here on 2 cores, [12, 768] x [768, 3072]
// takes 0.25 ms this way against 0.65 ms with a plain oneDNN linear (which
// repacks the weight on every call) and 1.5 ms with OpenBLAS. The result is
// returned as a transposed (feature-major) view, not necessarily contiguous.
//
//   PackedLinear m_fc;                                   // beside the weight
//   torch::Tensor y = m_fc.forward(x, fc->weight, fc->bias);
//
// Falls back to torch::nn::functional::linear when oneDNN is absent, the input
// is not a float32 CPU tensor, or autograd records the call (explanations need
// gradients). The packed copy follows the weight: it is rebuilt when the
// weight's storage or version counter changes (loading new weights).
// Thread-safety: none; belongs to its module's thread.

#include <torch/torch.h>

#include <cstdint>

namespace fscope::kernels {

class PackedLinear {
public:
    // x [..., K] -> [..., N]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);
    // Feature-major: xT [K, M] -> [N, M], contiguous on the packed path. Lets a
    // chain of products (attention, MLP) skip the transposes in between.
    torch::Tensor forwardFeatureMajor(const torch::Tensor& xT, const torch::Tensor& weight, const torch::Tensor& bias);
    // True when forward* would take the packed oneDNN path for these operands.
    static bool packedPathFor(const torch::Tensor& x, const torch::Tensor& weight);

private:
    torch::Tensor m_packed;
    const void* m_source = nullptr;
    uint32_t m_sourceVersion = 0;
};

} // namespace fscope::kernels
