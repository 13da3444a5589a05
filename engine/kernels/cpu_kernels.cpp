#include "kernels/cpu_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <dlfcn.h>

namespace fscope::kernels {

namespace {

// The CBLAS interface's enum values (cblas.h), spelled out to avoid the header.
constexpr int kRowMajor = 101;
constexpr int kNoTrans = 111;
constexpr int kTrans = 112;

using Sgemm = void (*)(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a, int lda,
                       const float* b, int ldb, float beta, float* c, int ldc);

Sgemm sgemm()
{
    static const Sgemm fn = reinterpret_cast<Sgemm>(dlsym(RTLD_DEFAULT, "cblas_sgemm"));
    return fn;
}

void softmaxRows(float* rows, const float* mask, int64_t count, int64_t width)
{
    for (int64_t r = 0; r < count; ++r) {
        float* row = rows + r * width;
        if (mask) {
            const float* m = mask + r * width;
            for (int64_t c = 0; c < width; ++c)
                row[c] += m[c];
        }
        float peak = -std::numeric_limits<float>::infinity();
        for (int64_t c = 0; c < width; ++c)
            peak = std::max(peak, row[c]);
        float sum = 0.f;
        for (int64_t c = 0; c < width; ++c) {
            row[c] = std::exp(row[c] - peak);
            sum += row[c];
        }
        const float inverse = 1.f / sum;
        for (int64_t c = 0; c < width; ++c)
            row[c] *= inverse;
    }
}

} // namespace

void batchedGemm(bool transA, bool transB, int64_t batch, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                 const float* b, float* c)
{
    const Sgemm gemm = sgemm();
    const int lda = int(transA ? m : k), ldb = int(transB ? k : n);
    at::parallel_for(0, batch, 16, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            gemm(kRowMajor, transA ? kTrans : kNoTrans, transB ? kTrans : kNoTrans, int(m), int(n), int(k), alpha,
                 a + i * m * k, lda, b + i * k * n, ldb, 0.f, c + i * m * n, int(n));
    });
}

bool attentionCoreAvailable()
{
    return sgemm() != nullptr;
}

void attentionCore(const float* qkvT, const float* mask, float scale, const AttentionShape& s, float* probs,
                   float* contextT)
{
    const Sgemm gemm = sgemm();
    const int64_t T = s.tokens;
    const int64_t B = s.batch;
    const int64_t D = s.headDim;
    const int64_t block = s.heads * D * B * T; // one of q, k, v
    at::parallel_for(0, B * s.heads, 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const int64_t b = i / s.heads;
            const int64_t h = i % s.heads;
            // Head h, sample b: rows d of [D, B, T] at stride B * T.
            const int ld = static_cast<int>(B * T);
            const float* q = qkvT + h * D * B * T + b * T;
            const float* k = q + block;
            const float* v = k + block;
            float* p = probs + (b * s.heads + h) * s.rows * T;
            // scores[rows, T] = scale * q^T k
            gemm(kRowMajor, kTrans, kNoTrans, static_cast<int>(s.rows), static_cast<int>(T), static_cast<int>(D),
                 scale, q, ld, k, ld, 0.f, p, static_cast<int>(T));
            softmaxRows(p, mask, s.rows, T);
            // contextT[D, rows] (row stride B * rows) = v [D, T] x p^T [T, rows]
            float* out = contextT + h * D * B * s.rows + b * s.rows;
            gemm(kRowMajor, kNoTrans, kTrans, static_cast<int>(D), static_cast<int>(s.rows), static_cast<int>(T), 1.f,
                 v, ld, p, static_cast<int>(T), 0.f, out, static_cast<int>(B * s.rows));
        }
    });
}

void quickGeluKernel(const float* in, float* out, int64_t n)
{
    // sigmoid(a) = 1 / (1 + exp(-a)); exp overflowing to inf gives 0, the right limit.
    at::parallel_for(0, n, 16384, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            out[i] = in[i] / (1.0f + std::exp(-1.702f * in[i]));
    });
}

} // namespace fscope::kernels
