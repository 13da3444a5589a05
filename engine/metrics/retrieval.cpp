#include "metrics/retrieval.h"

#include "util/result.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace fscope::metrics {

namespace {

[[noreturn]] void fail(const std::string& message)
{
    throw EngineError(message);
}

void requireNoNaN(const float* scores, size_t count, const char* what)
{
    for (size_t i = 0; i < count; ++i)
        if (std::isnan(scores[i]))
            fail(std::string(what) + ": score " + std::to_string(i) + " is NaN");
}

// Rank of query q: the best relevant item is the one with the highest score
// (rank only grows as the score falls), and every item scoring above it is
// non-relevant by definition, so
//   rank = 1 + #{non-relevant j : score_j >= best relevant score}.
size_t queryRank(const float* row, size_t numItems, const std::vector<char>& isRelevant,
                 const std::vector<size_t>& relevant)
{
    float best = row[relevant.front()];
    for (size_t r : relevant)
        best = std::max(best, row[r]);
    size_t rank = 1;
    for (size_t j = 0; j < numItems; ++j)
        if (!isRelevant[j] && row[j] >= best)
            ++rank;
    return rank;
}

} // namespace

RankingStats rankingStats(const std::vector<float>& scores, size_t numQueries, size_t numItems,
                          const std::vector<std::vector<size_t>>& relevant,
                          const std::vector<int>& ks)
{
    if (numQueries == 0)
        fail("rankingStats: no queries");
    if (numItems == 0)
        fail("rankingStats: no items to rank");
    if (numItems > scores.size() / numQueries || scores.size() != numQueries * numItems)
        fail("rankingStats: " + std::to_string(scores.size()) + " scores for a " +
             std::to_string(numQueries) + " x " + std::to_string(numItems) + " matrix");
    if (relevant.size() != numQueries)
        fail("rankingStats: ground truth for " + std::to_string(relevant.size()) +
             " queries, expected " + std::to_string(numQueries));
    for (int k : ks)
        if (k < 1)
            fail("rankingStats: K must be at least 1, got " + std::to_string(k));
    requireNoNaN(scores.data(), scores.size(), "rankingStats");

    RankingStats stats;
    stats.queries = numQueries;
    stats.ranks.reserve(numQueries);
    std::vector<char> isRelevant(numItems, 0);
    for (size_t q = 0; q < numQueries; ++q) {
        const auto& truth = relevant[q];
        if (truth.empty())
            fail("rankingStats: query " + std::to_string(q) + " has no ground-truth item");
        for (size_t r : truth)
            if (r >= numItems)
                fail("rankingStats: query " + std::to_string(q) + " names item " +
                     std::to_string(r) + ", but there are only " + std::to_string(numItems));
        for (size_t r : truth)
            isRelevant[r] = 1;
        stats.ranks.push_back(queryRank(scores.data() + q * numItems, numItems, isRelevant, truth));
        for (size_t r : truth)
            isRelevant[r] = 0;
    }

    for (int k : ks) {
        const auto hits = std::count_if(stats.ranks.begin(), stats.ranks.end(),
                                        [k](size_t rank) { return rank <= static_cast<size_t>(k); });
        stats.recallAtK[k] = static_cast<double>(hits) / static_cast<double>(numQueries);
    }

    std::vector<size_t> sorted = stats.ranks;
    std::sort(sorted.begin(), sorted.end());
    const size_t mid = numQueries / 2;
    stats.medianRank = numQueries % 2 == 1
        ? static_cast<double>(sorted[mid])
        : (static_cast<double>(sorted[mid - 1]) + static_cast<double>(sorted[mid])) / 2.0;
    // Summed as doubles: ranks are small integers, so the sum is exact.
    double sum = 0;
    for (size_t rank : sorted)
        sum += static_cast<double>(rank);
    stats.meanRank = sum / static_cast<double>(numQueries);
    return stats;
}

std::vector<size_t> topK(const float* scores, size_t numItems, size_t k)
{
    if (numItems > 0 && scores == nullptr)
        fail("topK: no scores given for " + std::to_string(numItems) + " items");
    requireNoNaN(scores, numItems, "topK");
    k = std::min(k, numItems);
    std::vector<size_t> order(numItems);
    std::iota(order.begin(), order.end(), size_t{0});
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [scores](size_t a, size_t b) {
                          if (scores[a] != scores[b])
                              return scores[a] > scores[b];
                          return a < b;
                      });
    order.resize(k);
    return order;
}

} // namespace fscope::metrics
