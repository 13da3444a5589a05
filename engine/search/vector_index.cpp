#include "search/vector_index.h"

#include "search/dot_kernels.h"
#include "util/result.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <thread>

namespace fscope::search {

namespace {

bool better(const SearchHit& a, const SearchHit& b)
{
    return a.score > b.score || (a.score == b.score && a.index < b.index);
}

// The `capacity` best hits seen so far; the worst of them on top of a heap.
class BestHits {
public:
    explicit BestHits(size_t capacity) : m_capacity(capacity) { m_heap.reserve(capacity + 1); }

    void offer(size_t index, float score)
    {
        if (m_capacity == 0)
            return;
        if (m_heap.size() == m_capacity) {
            if (!better({index, score}, m_heap.front()))
                return;
            std::pop_heap(m_heap.begin(), m_heap.end(), better);
            m_heap.pop_back();
        }
        m_heap.push_back({index, score});
        std::push_heap(m_heap.begin(), m_heap.end(), better);
    }

    std::vector<SearchHit>& hits() { return m_heap; }

private:
    size_t m_capacity;
    std::vector<SearchHit> m_heap; // a heap under better(): front() is the worst kept
};

std::vector<SearchHit> bestOf(std::vector<std::vector<SearchHit>> parts, size_t k)
{
    std::vector<SearchHit> all;
    for (auto& part : parts)
        all.insert(all.end(), part.begin(), part.end());
    const size_t kept = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(kept), all.end(), better);
    all.resize(kept);
    return all;
}

// Symmetric int8 codes with one scale per vector: the largest magnitude maps to 127.
float quantize(const float* values, size_t n, int8_t* codes)
{
    float largest = 0;
    for (size_t i = 0; i < n; ++i)
        largest = std::max(largest, std::fabs(values[i]));
    if (!(largest > 0) || !std::isfinite(largest)) {
        std::fill(codes, codes + n, int8_t(0));
        return 0;
    }
    const float scale = largest / 127.0f;
    for (size_t i = 0; i < n; ++i)
        codes[i] = static_cast<int8_t>(std::clamp(std::lround(values[i] / scale), -127L, 127L));
    return scale;
}

} // namespace

size_t plannedBlocks(size_t count, int threads, size_t minPerBlock)
{
    const size_t wanted = threads > 0 ? size_t(threads) : std::max(1u, std::thread::hardware_concurrency());
    return std::max<size_t>(1, std::min(wanted, count / std::max<size_t>(1, minPerBlock)));
}

size_t parallelBlocks(size_t count, int threads, const std::function<void(size_t, size_t, size_t)>& body,
                      size_t minPerBlock)
{
    const size_t blocks = plannedBlocks(count, threads, minPerBlock);
    const size_t step = (count + blocks - 1) / blocks;
    std::vector<std::thread> workers;
    for (size_t b = 1; b < blocks; ++b)
        workers.emplace_back([&, b] { body(b * step, std::min(count, (b + 1) * step), b); });
    body(0, std::min(count, step), 0);
    for (auto& worker : workers)
        worker.join();
    return blocks;
}

VectorIndex VectorIndex::build(std::vector<float> rows, size_t dim, int threads)
{
    if (dim == 0 || rows.size() % dim != 0)
        throw EngineError("vector index: " + std::to_string(rows.size()) + " values are not rows of " +
                          std::to_string(dim));
    VectorIndex index;
    index.m_dim = dim;
    index.m_rows = std::move(rows);
    const size_t n = index.size();
    index.m_codes.resize(n * dim);
    index.m_scales.resize(n);
    parallelBlocks(n, threads, [&](size_t begin, size_t end, size_t) {
        for (size_t i = begin; i < end; ++i)
            index.m_scales[i] = quantize(index.row(i), dim, index.m_codes.data() + i * dim);
    });
    return index;
}

std::vector<SearchHit> VectorIndex::search(const float* query, size_t k, const SearchOptions& options) const
{
    const size_t n = size();
    const size_t candidates = std::min(n, std::max(k, options.rerank));
    if (candidates == 0)
        return {};
    std::vector<int8_t> queryCodes(m_dim);
    quantize(query, m_dim, queryCodes.data());

    // Scan the codes; the query's own scale is the same for every row, so it is
    // left out of the approximate scores without changing their order.
    std::vector<std::vector<SearchHit>> parts(plannedBlocks(n, options.threads));
    parallelBlocks(n, options.threads, [&](size_t begin, size_t end, size_t block) {
        BestHits best(candidates);
        size_t i = begin;
        int32_t dots[4];
        for (; i + 4 <= end; i += 4) {
            dotI8x4(m_codes.data() + i * m_dim, m_dim, queryCodes.data(), m_dim, dots);
            for (size_t r = 0; r < 4; ++r)
                best.offer(i + r, m_scales[i + r] * float(dots[r]));
        }
        for (; i < end; ++i)
            best.offer(i, m_scales[i] * float(dotI8(m_codes.data() + i * m_dim, queryCodes.data(), m_dim)));
        parts[block] = std::move(best.hits());
    });

    // Re-score the survivors exactly.
    std::vector<SearchHit> shortlist = bestOf(std::move(parts), candidates);
    for (auto& hit : shortlist)
        hit.score = dotF32(row(hit.index), query, m_dim);
    std::vector<std::vector<SearchHit>> one;
    one.push_back(std::move(shortlist));
    return bestOf(std::move(one), k);
}

std::vector<SearchHit> VectorIndex::searchExact(const float* query, size_t k, int threads) const
{
    const size_t n = size();
    if (n == 0 || k == 0)
        return {};
    std::vector<std::vector<SearchHit>> parts(plannedBlocks(n, threads));
    parallelBlocks(n, threads, [&](size_t begin, size_t end, size_t block) {
        BestHits best(std::min(k, end - begin));
        for (size_t i = begin; i < end; ++i)
            best.offer(i, dotF32(row(i), query, m_dim));
        parts[block] = std::move(best.hits());
    });
    return bestOf(std::move(parts), k);
}

} // namespace fscope::search
