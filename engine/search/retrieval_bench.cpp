#include "search/retrieval_bench.h"

#include "search/dot_kernels.h"
#include "search/vector_index.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace fscope::search {

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n == 0 ? 0 : n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// splitmix64: a fast, well-mixed generator; one stream per block keeps the data
// the same whatever the thread count.
uint64_t nextRandom(uint64_t& state)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double uniformOpen(uint64_t& state) // in (0, 1)
{
    return (double(nextRandom(state) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

// Standard-normal values by Box-Muller, block by block.
void fillNormal(float* values, size_t count, uint64_t seed)
{
    constexpr size_t kBlock = 1 << 16;
    const size_t blocks = (count + kBlock - 1) / kBlock;
    parallelBlocks(blocks, 0, [&](size_t begin, size_t end, size_t) {
        for (size_t b = begin; b < end; ++b) {
            uint64_t state = seed * 0x1000003ULL + b;
            const size_t last = std::min(count, (b + 1) * kBlock);
            for (size_t i = b * kBlock; i < last; i += 2) {
                const double radius = std::sqrt(-2.0 * std::log(uniformOpen(state)));
                const double angle = 6.283185307179586 * uniformOpen(state);
                values[i] = float(radius * std::cos(angle));
                if (i + 1 < last)
                    values[i + 1] = float(radius * std::sin(angle));
            }
        }
    }, /*minPerBlock=*/1);
}

} // namespace

RetrievalBenchFigures benchmarkRetrieval(const RetrievalBenchOptions& options)
{
    RetrievalBenchFigures figures;
    figures.avx2 = hasAvx2();
    figures.threads = plannedBlocks(options.rows, options.threads);

    auto start = Clock::now();
    std::vector<float> rows(options.rows * options.dim);
    fillNormal(rows.data(), rows.size(), options.seed);
    std::vector<float> queries(options.queries * options.dim);
    fillNormal(queries.data(), queries.size(), options.seed + 1'000'003);
    figures.generateMs = millisecondsSince(start);

    start = Clock::now();
    const VectorIndex index = VectorIndex::build(std::move(rows), options.dim, options.threads);
    figures.buildMs = millisecondsSince(start);

    SearchOptions search;
    search.rerank = options.rerank;
    search.threads = options.threads;
    std::vector<double> fast, exact;
    double found = 0;
    for (size_t q = 0; q < options.queries; ++q) {
        const float* query = queries.data() + q * options.dim;
        start = Clock::now();
        const auto hits = index.search(query, options.k, search);
        fast.push_back(millisecondsSince(start));
        start = Clock::now();
        const auto truth = index.searchExact(query, options.k, options.threads);
        exact.push_back(millisecondsSince(start));
        for (const auto& hit : hits)
            found += std::any_of(truth.begin(), truth.end(), [&](const SearchHit& t) { return t.index == hit.index; });
    }
    const size_t expected = options.queries * std::min(options.k, options.rows);
    figures.recallVsExact = expected == 0 ? 1.0 : found / double(expected);
    figures.queryMs = median(fast);
    figures.exactQueryMs = median(exact);
    return figures;
}

} // namespace fscope::search
