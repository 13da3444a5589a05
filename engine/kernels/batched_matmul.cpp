#include "kernels/batched_matmul.h"

#include "kernels/cpu_kernels.h"

namespace fscope::kernels {

namespace {

// c = a^T? @ b^T? over the leading dimension, all contiguous [N, ., .].
torch::Tensor gemm(const torch::Tensor& a, bool transA, const torch::Tensor& b, bool transB)
{
    const int64_t n = a.size(0);
    const int64_t m = transA ? a.size(2) : a.size(1);
    const int64_t k = transA ? a.size(1) : a.size(2);
    const int64_t p = transB ? b.size(1) : b.size(2);
    auto c = torch::empty({n, m, p}, a.options());
    batchedGemm(transA, transB, n, m, p, k, 1.f, a.data_ptr<float>(), b.data_ptr<float>(), c.data_ptr<float>());
    return c;
}

class BatchedMatmul : public torch::autograd::Function<BatchedMatmul> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& a, const torch::Tensor& b)
    {
        const auto ac = a.contiguous(), bc = b.contiguous();
        ctx->save_for_backward({ac, bc});
        return gemm(ac, false, bc, false);
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto grad = grads[0].contiguous();
        // dA = dC @ B^T, dB = A^T @ dC
        return {gemm(grad, false, saved[1], true), gemm(saved[0], true, grad, false)};
    }
};

} // namespace

torch::Tensor batchedMatmul(const torch::Tensor& a, const torch::Tensor& b)
{
    const bool usable = a.dim() == 3 && b.dim() == 3 && a.size(0) == b.size(0) && a.size(2) == b.size(1)
                        && a.device().is_cpu() && b.device().is_cpu() && a.scalar_type() == torch::kFloat
                        && b.scalar_type() == torch::kFloat && attentionCoreAvailable() && a.size(0) > 0
                        && a.numel() > 0 && b.numel() > 0;
    if (!usable)
        return torch::matmul(a, b);
    return BatchedMatmul::apply(a, b);
}

torch::Tensor fastLinear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat || x.dim() < 1 || x.numel() == 0
        || !torch::globalContext().userEnabledMkldnn())
        return torch::nn::functional::linear(x, weight, bias);
    const int64_t in = x.size(-1), out = weight.size(0);
    auto outputShape = x.sizes().vec();
    outputShape.back() = out;
    // [N, in] seen as a 1 x N image with `in` channels in channels-last order: no copy.
    const auto image = x.reshape({1, -1, 1, in}).permute({0, 3, 1, 2});
    const auto y = torch::conv2d(image, weight.view({out, in, 1, 1}), bias);
    return y.permute({0, 2, 3, 1}).reshape(outputShape);
}

} // namespace fscope::kernels
