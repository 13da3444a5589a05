#pragma once
// Plain loops over float32 CPU buffers for the hot spots of transformer
// inference, split over LibTorch's intra-op pool. This file and its .cpp hold no
// LibTorch tensor code: they compile with -fopenmp (at::parallel_for is a header
// template that runs serially without it), which the shared precompiled header
// was not built with.
//
// attentionCore: the inner part of multi-head attention (scores, mask, softmax, weighted sum)
// on raw float32 CPU buffers, heads in parallel. Used by ClipAttention's packed
// inference path, where q, k and v arrive feature-major from one packed product.
//
// Why not ATen: at batch 1 a ViT-B/32 layer's attention is 12 heads x a few
// [50 x 64] products; through ATen each product, slice and softmax is an
// operator dispatch of about a microsecond and the batched product runs heads
// one after the other. Measured on 2 cores: about 5 ms of a 40 ms image forward
// went to that bookkeeping. Here each head is two BLAS calls (cblas_sgemm, looked
// up at run time in the BLAS LibTorch loaded) and a plain softmax loop.
// quickGeluKernel: out = x * sigmoid(1.702 x) (see quick_gelu.h for why).
// Thread-safety: pure on their buffers; they run on LibTorch's intra-op pool.

#include <cstdint>

namespace fscope::kernels {

struct AttentionShape {
    int64_t heads = 0;
    int64_t headDim = 0;
    int64_t batch = 0;
    int64_t tokens = 0; // keys per sample
    int64_t rows = 0;   // queries per sample: the first `rows` positions
};

// True when a CBLAS sgemm is available to attentionCore.
bool attentionCoreAvailable();

// qkvT: [3, H, D, B, T] (q, k, v feature-major). mask: [T, T] additive (0 or
// -inf) or null. probs: [B, H, rows, T] out. contextT: [H, D, B, rows] out,
// the transposed context, i.e. [W, B * rows].
void attentionCore(const float* qkvT, const float* mask, float scale, const AttentionShape& shape, float* probs,
                   float* contextT);

// c[i] = alpha * op(a[i]) op(b[i]) for i < batch, row-major and contiguous:
// op(a[i]) is m x k (a[i] stored k x m when transA), op(b[i]) is k x n (b[i]
// stored n x k when transB), c[i] is m x n. One CBLAS call per item: for the
// small products of attention that is far cheaper than ATen's batched product,
// which dispatches a slice, a view and a product per item. Needs
// attentionCoreAvailable().
void batchedGemm(bool transA, bool transB, int64_t batch, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                 const float* b, float* c);

// out[i] = in[i] * sigmoid(1.702 in[i]) for n elements.
void quickGeluKernel(const float* in, float* out, int64_t n);

} // namespace fscope::kernels
