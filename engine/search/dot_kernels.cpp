#include "search/dot_kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FSCOPE_X86 1
#endif

namespace fscope::search {

namespace {

float dotF32Portable(const float* a, const float* b, size_t n)
{
    float sums[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (size_t j = 0; j < 4; ++j)
            sums[j] += a[i + j] * b[i + j];
    for (; i < n; ++i)
        sums[0] += a[i] * b[i];
    return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}

int32_t dotI8Portable(const int8_t* a, const int8_t* b, size_t n)
{
    int32_t sum = 0;
    for (size_t i = 0; i < n; ++i)
        sum += int32_t(a[i]) * int32_t(b[i]);
    return sum;
}

#ifdef FSCOPE_X86

__attribute__((target("avx2,fma"))) float horizontalSum(__m256 v)
{
    const __m128 folded = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 pairs = _mm_add_ps(folded, _mm_movehl_ps(folded, folded));
    return _mm_cvtss_f32(_mm_add_ss(pairs, _mm_shuffle_ps(pairs, pairs, 1)));
}

__attribute__((target("avx2"))) int32_t horizontalSum(__m256i v)
{
    const __m128i folded = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    const __m128i pairs = _mm_add_epi32(folded, _mm_shuffle_epi32(folded, 0x4e));
    return _mm_cvtsi128_si32(_mm_add_epi32(pairs, _mm_shuffle_epi32(pairs, 0xb1)));
}

__attribute__((target("avx2,fma"))) float dotF32Avx2(const float* a, const float* b, size_t n)
{
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    float sum = horizontalSum(_mm256_add_ps(acc0, acc1));
    for (; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

// maddubs multiplies unsigned by signed bytes, so the query's magnitude goes in
// the unsigned slot and its sign moves onto the other operand. Pairs sum to at
// most 2 * 127 * 127 = 32,258, inside int16: no saturation.
__attribute__((target("avx2"))) inline __m256i pairProducts(__m256i queryAbs, __m256i querySigned, __m256i row)
{
    const __m256i ones = _mm256_set1_epi16(1);
    return _mm256_madd_epi16(_mm256_maddubs_epi16(queryAbs, _mm256_sign_epi8(row, querySigned)), ones);
}

__attribute__((target("avx2"))) int32_t dotI8Avx2(const int8_t* a, const int8_t* b, size_t n)
{
    __m256i acc = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + i));
        const __m256i r = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
        acc = _mm256_add_epi32(acc, pairProducts(_mm256_abs_epi8(q), q, r));
    }
    int32_t sum = horizontalSum(acc);
    for (; i < n; ++i)
        sum += int32_t(a[i]) * int32_t(b[i]);
    return sum;
}

__attribute__((target("avx2"))) void dotI8x4Avx2(const int8_t* rows, size_t stride, const int8_t* query, size_t n,
                                                 int32_t scores[4])
{
    __m256i acc[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(query + i));
        const __m256i qAbs = _mm256_abs_epi8(q);
        for (int r = 0; r < 4; ++r) {
            const __m256i row = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rows + r * stride + i));
            acc[r] = _mm256_add_epi32(acc[r], pairProducts(qAbs, q, row));
        }
    }
    for (int r = 0; r < 4; ++r) {
        int32_t sum = horizontalSum(acc[r]);
        for (size_t j = i; j < n; ++j)
            sum += int32_t(rows[r * stride + j]) * int32_t(query[j]);
        scores[r] = sum;
    }
}

bool detectAvx2()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

#endif

} // namespace

bool hasAvx2()
{
#ifdef FSCOPE_X86
    static const bool available = detectAvx2();
    return available;
#else
    return false;
#endif
}

float dotF32(const float* a, const float* b, size_t n)
{
#ifdef FSCOPE_X86
    if (hasAvx2())
        return dotF32Avx2(a, b, n);
#endif
    return dotF32Portable(a, b, n);
}

int32_t dotI8(const int8_t* a, const int8_t* b, size_t n)
{
#ifdef FSCOPE_X86
    if (hasAvx2())
        return dotI8Avx2(a, b, n);
#endif
    return dotI8Portable(a, b, n);
}

void dotI8x4(const int8_t* rows, size_t stride, const int8_t* query, size_t n, int32_t scores[4])
{
#ifdef FSCOPE_X86
    if (hasAvx2()) {
        dotI8x4Avx2(rows, stride, query, n, scores);
        return;
    }
#endif
    for (int r = 0; r < 4; ++r)
        scores[r] = dotI8Portable(rows + r * stride, query, n);
}

} // namespace fscope::search
