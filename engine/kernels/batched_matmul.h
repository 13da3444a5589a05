#pragma once
// a @ b for [N, M, K] x [N, K, P] float32 tensors, with autograd, computed by
// one BLAS call per item on the CPU (kernels/cpu_kernels.h says why). Attention
// multiplies thousands of tiny matrices per step (batch x heads); ATen's
// batched product spent most of a training step on per-item bookkeeping there.
// Falls back to torch::matmul for other devices, dtypes or shapes, so callers
// need not care. Broadcasting is not supported: both operands have the same N.
// Thread-safety: as any tensor operation.

#include <torch/torch.h>

namespace fscope::kernels {

torch::Tensor batchedMatmul(const torch::Tensor& a, const torch::Tensor& b);

// x @ weight^T + bias over the last dimension of x, with autograd. On the CPU it
// runs as a 1 x 1 convolution, which LibTorch hands to its bundled oneDNN:
// measured on 2 cores, [9472 x 192] @ [192 x 768] took 102 ms through
// torch::nn::functional::linear (the system BLAS) and 17 ms (one thread) or
// 8-10 ms (two) as a convolution. Elsewhere it is torch::nn::functional::linear.
torch::Tensor fastLinear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

} // namespace fscope::kernels
