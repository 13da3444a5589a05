#pragma once
// Dot products for scanning an embedding index: float32 rows against a float32
// query, and int8 codes against an int8 query (accumulated in int32). Each picks
// an AVX2 path at run time when the CPU has it (every x86-64 machine of the last
// decade) and a portable loop otherwise; both give the same int8 result exactly
// and the same float result up to summation order.
//
//   float s = fscope::search::dotF32(row, query, 512);
//   int32_t t = fscope::search::dotI8(codes, queryCodes, 512);
//
// Thread-safety: pure functions.

#include <cstddef>
#include <cstdint>

namespace fscope::search {

float dotF32(const float* a, const float* b, size_t n);

// Both inputs must lie in [-127, 127] (never -128): the AVX2 path multiplies
// |a| by b with a's sign, which overflows for -128.
int32_t dotI8(const int8_t* a, const int8_t* b, size_t n);

// Four rows at once against one query: scores[r] = dotI8(rows + r * stride, query, n).
// Reusing each loaded query block for four rows roughly halves the loads per row.
void dotI8x4(const int8_t* rows, size_t stride, const int8_t* query, size_t n, int32_t scores[4]);

// Whether the AVX2 paths are in use on this machine (reported by the benchmark).
bool hasAvx2();

} // namespace fscope::search
