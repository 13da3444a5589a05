#pragma once
// Times VectorIndex on random embeddings the way ../bench/retrieval_ref_bench.py
// times exact numpy search: standard-normal float32 rows and queries, one query at
// a time, top-k by inner product. Also times this project's own exact scan and
// measures the index's recall@k against it.
//
//   auto figures = fscope::search::benchmarkRetrieval({.rows = 1'000'000, .dim = 512});
//   figures.queryMs;           // median over the queries
//   figures.recallVsExact;     // mean share of the exact top-k that search() found
//
// Thread-safety: self-contained; uses every core while it runs.

#include <cstddef>
#include <cstdint>

namespace fscope::search {

struct RetrievalBenchOptions {
    size_t rows = 1'000'000;
    size_t dim = 512;
    size_t k = 10;
    size_t queries = 20;
    size_t rerank = 100;
    int threads = 0; // 0: every hardware thread
    uint64_t seed = 0;
};

struct RetrievalBenchFigures {
    double queryMs = 0;      // median milliseconds per query, int8 scan + exact re-rank
    double exactQueryMs = 0; // median milliseconds per query, exact float32 scan
    double recallVsExact = 0;
    double generateMs = 0; // making the random rows
    double buildMs = 0;    // quantizing them into the index
    size_t threads = 1;
    bool avx2 = false;
};

RetrievalBenchFigures benchmarkRetrieval(const RetrievalBenchOptions& options);

} // namespace fscope::search
