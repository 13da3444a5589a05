#include "kernels/quick_gelu.h"

#include "kernels/cpu_kernels.h"

namespace fscope::kernels {

torch::Tensor quickGelu(const torch::Tensor& x)
{
    const bool recordsGradient = torch::GradMode::is_enabled() && x.requires_grad();
    if (recordsGradient || !x.device().is_cpu() || x.scalar_type() != torch::kFloat || !x.is_non_overlapping_and_dense())
        return x * torch::sigmoid(1.702 * x);
    // Any dense layout (PackedLinear hands over transposed views): walk the storage,
    // the output takes the same strides.
    torch::Tensor out = torch::empty_like(x);
    quickGeluKernel(x.data_ptr<float>(), out.data_ptr<float>(), x.numel());
    return out;
}

} // namespace fscope::kernels
