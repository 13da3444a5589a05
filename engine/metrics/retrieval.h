#pragma once
// Retrieval metrics: Recall@K, median rank and mean rank over a score matrix.
//
//   // 3 text queries scored against 4 images, row-major, higher = better.
//   std::vector<float> scores = similarity(textEmbeds, imageEmbeds);
//   auto stats = fscope::metrics::rankingStats(scores, 3, 4, {{0}, {1}, {2, 3}});
//   stats.recallAtK.at(1);  // share of queries whose best correct item ranks first
//
// For the other direction (image -> text) pass the transposed matrix and the
// transposed ground truth. Every function here is pure: no shared state, callable
// from any thread. Invalid arguments (mismatched sizes, out-of-range indices,
// NaN scores, no queries) throw fscope::EngineError.

#include <cstddef>
#include <map>
#include <vector>

namespace fscope::metrics {

struct RankingStats {
    // K -> share of queries (0..1) whose rank is <= K.
    std::map<int, double> recallAtK;
    double medianRank = 0;
    double meanRank = 0;
    size_t queries = 0;
    // Per query, the 1-based rank of its best-ranked ground-truth item.
    std::vector<size_t> ranks;
};

// scores: row-major numQueries x numItems, higher = better.
// relevant[q]: the indices of the items that count as correct for query q (at
// least one; duplicates are ignored). A query's rank is that of its best-ranked
// relevant item. Ties are counted pessimistically, so a scorer that gives every
// item the same score does not get a perfect recall:
//   rank(r) = 1 + #{j : score_j > score_r} + #{j not relevant, j != r : score_j == score_r}
// Other relevant items tied with r do not push it down: with several correct
// answers, finding any one of them is what Recall@K measures.
// ks: the cut-offs to report (each >= 1; a K beyond numItems gives recall 1).
// Median rank is the mean of the two middle ranks when the count is even.
RankingStats rankingStats(const std::vector<float>& scores, size_t numQueries, size_t numItems,
                          const std::vector<std::vector<size_t>>& relevant,
                          const std::vector<int>& ks = {1, 5, 10});

// Indices of the k best of scores[0..numItems), best first, ties broken by the
// lower index so the order is deterministic. A k larger than numItems returns all
// items in order. NaN scores throw.
std::vector<size_t> topK(const float* scores, size_t numItems, size_t k);

} // namespace fscope::metrics
