#include "models/quick_gelu.h"

#include <ATen/Parallel.h>

#include <cmath>

namespace fscope::models {

torch::Tensor quickGelu(const torch::Tensor& x)
{
    const bool recordsGradient = torch::GradMode::is_enabled() && x.requires_grad();
    if (recordsGradient || !x.device().is_cpu() || x.scalar_type() != torch::kFloat || !x.is_non_overlapping_and_dense())
        return x * torch::sigmoid(1.702 * x);
    // Any dense layout (PackedLinear hands over transposed views): walk the storage,
    // the output takes the same strides.
    torch::Tensor out = torch::empty_like(x);
    const float* in = x.data_ptr<float>();
    float* result = out.data_ptr<float>();
    const int64_t n = x.numel();
    // sigmoid(a) = 1 / (1 + exp(-a)); exp overflowing to inf gives 0, the right limit.
    // Split over LibTorch's intra-op pool (all cores inside a DenseComputeScope).
    at::parallel_for(0, n, 16384, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            result[i] = in[i] / (1.0f + std::exp(-1.702f * in[i]));
    });
    return out;
}

} // namespace fscope::models
