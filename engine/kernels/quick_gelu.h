#pragma once
// QuickGELU, x * sigmoid(1.702 x), the activation of OpenAI's CLIP MLPs.
//
// Why a kernel of its own: in the LibTorch CPU builds measured here, torch::sigmoid
// runs about 12 ns per element (28 ms for an [800, 3072] activation, a ViT-B/32
// layer at batch 16) and exp() of inputs beyond about +-4 takes the same slow
// path, while a plain loop over std::exp needs about 2.5 ns. The loop is used for
// contiguous float32 CPU tensors when no gradient is recorded; everything else
// (CUDA, other dtypes, autograd for relevancy maps) takes the torch expression.
// Thread-safety: pure; any thread.

#include <torch/torch.h>

namespace fscope::kernels {

torch::Tensor quickGelu(const torch::Tensor& x);

} // namespace fscope::kernels
