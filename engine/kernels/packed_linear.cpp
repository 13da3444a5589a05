#include "kernels/packed_linear.h"

#include "runtime/cpu_tuning.h"

namespace fscope::kernels {

bool PackedLinear::packedPathFor(const torch::Tensor& x, const torch::Tensor& weight)
{
    const bool recordsGradient = torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad());
    return !recordsGradient && runtime::oneDnnAvailable() && x.device().is_cpu() && weight.device().is_cpu()
           && x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat;
}

torch::Tensor PackedLinear::forwardFeatureMajor(const torch::Tensor& xT, const torch::Tensor& weight,
                                                const torch::Tensor& bias)
{
    if (!packedPathFor(xT, weight))
        return torch::nn::functional::linear(xT.t(), weight, bias).t();
    // Inference tensors (weights made inside InferenceMode) have no version counter; their storage tells them.
    const uint32_t version = weight.is_inference() ? 0 : weight._version();
    if (!m_packed.defined() || m_source != weight.data_ptr() || m_sourceVersion != version) {
        c10::InferenceMode guard;
        // A linear layer is a 1x1 convolution over a [1, K, rows, 1] image; oneDNN keeps
        // convolution weights in its own blocked layout, so the reorder happens once here.
        const torch::Tensor kernel = weight.contiguous().reshape({weight.size(0), weight.size(1), 1, 1});
        m_packed = at::mkldnn_reorder_conv2d_weight(kernel.to_mkldnn(), {0, 0}, {1, 1}, {1, 1}, 1);
        m_source = weight.data_ptr();
        m_sourceVersion = version;
    }
    const int64_t count = xT.size(1);
    const torch::Tensor image = xT.contiguous().reshape({1, xT.size(0), count, 1});
    // A dense input gives a dense output: no conversions to and from oneDNN tensors.
    return at::mkldnn_convolution(image, m_packed, bias, {0, 0}, {1, 1}, {1, 1}, 1).reshape({weight.size(0), count});
}

torch::Tensor PackedLinear::forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    if (!packedPathFor(x, weight))
        return torch::nn::functional::linear(x, weight, bias);
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = weight.size(0);
    // The input's transpose is free when x is itself the transposed output of a
    // PackedLinear (the MLP's second layer); the result is again such a view, which
    // element-wise operations and the next PackedLinear take as it is.
    return forwardFeatureMajor(x.reshape({-1, weight.size(1)}).t(), weight, bias).t().reshape(shape);
}

} // namespace fscope::kernels
