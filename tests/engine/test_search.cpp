// The int8 search index against exact search, and its kernels against plain loops.

#include "check.h"

#include "search/dot_kernels.h"
#include "search/vector_index.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using namespace fscope::search;

namespace {

std::vector<float> normalValues(size_t count, unsigned seed)
{
    std::mt19937 random(seed);
    std::normal_distribution<float> normal;
    std::vector<float> values(count);
    for (auto& v : values)
        v = normal(random);
    return values;
}

std::vector<size_t> indices(const std::vector<SearchHit>& hits)
{
    std::vector<size_t> out;
    for (const auto& hit : hits)
        out.push_back(hit.index);
    return out;
}

} // namespace

FS_TEST(search, int8_kernels_match_plain_loops_for_every_length)
{
    std::mt19937 random(7);
    std::uniform_int_distribution<int> code(-127, 127);
    // Lengths around the 32-byte vector width exercise the tails.
    for (size_t n : {1u, 31u, 32u, 33u, 64u, 100u, 512u, 515u}) {
        std::vector<int8_t> rows(4 * n), query(n);
        for (auto& c : rows)
            c = int8_t(code(random));
        for (auto& c : query)
            c = int8_t(code(random));
        int32_t four[4];
        dotI8x4(rows.data(), n, query.data(), n, four);
        for (size_t r = 0; r < 4; ++r) {
            int32_t expected = 0;
            for (size_t i = 0; i < n; ++i)
                expected += int32_t(rows[r * n + i]) * query[i];
            FS_CHECK(dotI8(rows.data() + r * n, query.data(), n) == expected);
            FS_CHECK(four[r] == expected);
        }
    }
    // The extremes: 2 * 127 * 127 per pair must not saturate.
    std::vector<int8_t> high(64, 127), low(64, -127);
    FS_CHECK(dotI8(high.data(), high.data(), 64) == 64 * 127 * 127);
    FS_CHECK(dotI8(high.data(), low.data(), 64) == -64 * 127 * 127);
}

FS_TEST(search, float_kernel_matches_double_sum)
{
    for (size_t n : {1u, 15u, 16u, 17u, 512u, 1000u}) {
        const auto a = normalValues(n, 1), b = normalValues(n, 2);
        double expected = 0;
        for (size_t i = 0; i < n; ++i)
            expected += double(a[i]) * b[i];
        FS_CHECK_NEAR(dotF32(a.data(), b.data(), n), expected, 1e-4 * (1 + std::abs(expected)));
    }
}

FS_TEST(search, index_finds_the_exact_top_k)
{
    const size_t n = 30'000, dim = 96; // several threads' worth of rows; dim not a multiple of 32
    const auto index = VectorIndex::build(normalValues(n * dim, 3), dim, 2);
    FS_CHECK(index.size() == n);
    const auto queries = normalValues(10 * dim, 4);
    for (size_t q = 0; q < 10; ++q) {
        const float* query = queries.data() + q * dim;
        const auto fast = index.search(query, 10);
        const auto exact = index.searchExact(query, 10, 2);
        FS_CHECK(indices(fast) == indices(exact));
        // Exact scores, best first.
        for (size_t r = 0; r < fast.size(); ++r) {
            FS_CHECK_NEAR(fast[r].score, exact[r].score, 1e-4);
            if (r > 0)
                FS_CHECK(fast[r - 1].score >= fast[r].score);
        }
        // One thread gives the same answer as two.
        SearchOptions single;
        single.threads = 1;
        FS_CHECK(indices(index.search(query, 10, single)) == indices(fast));
    }
}

FS_TEST(search, small_and_degenerate_indexes)
{
    // k larger than the index: every row, ranked.
    const auto index = VectorIndex::build({1, 0, 0, 1, 0, 0, -1, 0}, 2);
    const float query[2] = {1, 0.5f};
    const auto hits = index.search(query, 10);
    FS_CHECK(indices(hits) == (std::vector<size_t>{0, 1, 2, 3}));
    FS_CHECK_NEAR(hits[0].score, 1.0, 1e-6);
    FS_CHECK_NEAR(hits[3].score, -1.0, 1e-6);
    // Ties go to the lower index, the same way in both searches.
    const auto ties = VectorIndex::build(std::vector<float>(8, 1.0f), 2);
    FS_CHECK(indices(ties.search(query, 2)) == (std::vector<size_t>{0, 1}));
    FS_CHECK(indices(ties.searchExact(query, 2)) == (std::vector<size_t>{0, 1}));
    // Empty index, k = 0, and a row count that does not divide.
    FS_CHECK(VectorIndex().search(query, 3).empty());
    FS_CHECK(index.search(query, 0).empty());
    bool refused = false;
    try {
        VectorIndex::build({1, 2, 3}, 2);
    } catch (const std::exception&) {
        refused = true;
    }
    FS_CHECK(refused);
}
