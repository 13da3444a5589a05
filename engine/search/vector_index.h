#pragma once
// Nearest-neighbour search by inner product over many embeddings, fast enough for
// millions of rows on a laptop CPU. Each row is also stored as int8 codes with one
// scale per row (a quarter of the float32 bytes, so a quarter of the memory
// traffic, which is what bounds a scan). A query scans the codes on every core,
// keeps the best `rerank` candidates, then scores those again exactly in float32:
// the hits and scores returned are exact unless a true top-k row fell outside the
// int8 candidates, which the benchmark measures (recall against exact search).
//
//   auto index = fscope::search::VectorIndex::build(std::move(rows), 512);
//   for (const auto& hit : index.search(query.data(), 10))
//       use(hit.index, hit.score);
//
// Thread-safety: immutable after build(); any thread may search concurrently.
// Each search uses up to `threads` threads of its own.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace fscope::search {

struct SearchHit {
    size_t index = 0;
    float score = 0; // exact inner product in float32
};

struct SearchOptions {
    // int8 candidates re-scored exactly; at least k. More costs a little time and
    // raises recall; 100 gave recall@10 = 1 on a million Gaussian rows.
    size_t rerank = 100;
    int threads = 0; // 0: every hardware thread
};

class VectorIndex {
public:
    VectorIndex() = default;

    // `rows` holds n * dim floats, row-major; n = rows.size() / dim.
    static VectorIndex build(std::vector<float> rows, size_t dim, int threads = 0);

    size_t size() const { return m_dim == 0 ? 0 : m_rows.size() / m_dim; }
    size_t dim() const { return m_dim; }
    const float* row(size_t i) const { return m_rows.data() + i * m_dim; }

    // The k rows with the largest inner product with `query` (dim floats), best first;
    // ties go to the lower index.
    std::vector<SearchHit> search(const float* query, size_t k, const SearchOptions& options = {}) const;

    // The same by scanning every float32 row: the reference that search() approximates.
    std::vector<SearchHit> searchExact(const float* query, size_t k, int threads = 0) const;

private:
    size_t m_dim = 0;
    std::vector<float> m_rows;    // n * dim
    std::vector<int8_t> m_codes;  // n * dim, in [-127, 127]
    std::vector<float> m_scales;  // n: row ~= scale * codes
};

// Splits [0, count) into one contiguous block per thread (threads <= 0: every
// hardware thread; fewer when a block would hold under minPerBlock, since starting
// a thread costs more than scanning a few thousand rows) and runs
// body(begin, end, block) on each, the first block on the calling thread. Returns
// the number of blocks, which plannedBlocks() gives beforehand. Exceptions must
// not escape body.
size_t plannedBlocks(size_t count, int threads, size_t minPerBlock = 4096);
size_t parallelBlocks(size_t count, int threads, const std::function<void(size_t, size_t, size_t)>& body,
                      size_t minPerBlock = 4096);

} // namespace fscope::search
