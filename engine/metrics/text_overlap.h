#pragma once
// Text overlap metrics for generated captions and answers: corpus BLEU
// (Papineni et al. 2002) and ROUGE-L (Lin 2004).
//
//   using fscope::metrics::tokenizeForOverlap;
//   std::vector<std::vector<std::string>> candidates = {tokenizeForOverlap(caption)};
//   std::vector<std::vector<std::vector<std::string>>> references = {
//       {tokenizeForOverlap(ref1), tokenizeForOverlap(ref2)}};
//   double bleu4 = fscope::metrics::corpusBleu(candidates, references).bleu;
//   double rouge = fscope::metrics::rougeL(candidates[0], references[0]);
//
// Scores are fractions in [0, 1]. Every function here is pure: no shared state,
// callable from any thread. Invalid arguments (mismatched sizes, no references,
// n out of range) throw fscope::EngineError.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fscope::metrics {

// Lowercases ASCII letters, deletes ASCII punctuation (so "mat." -> "mat",
// "don't" -> "dont", "well-known" -> "wellknown") and splits on whitespace.
// Bytes outside ASCII (UTF-8 text) are kept unchanged. Deleting rather than
// splitting keeps a word one token however it is punctuated; both sides of a
// comparison must be tokenized the same way.
std::vector<std::string> tokenizeForOverlap(std::string_view text);

struct BleuResult {
    double bleu = 0;
    // precisions[n - 1]: corpus modified n-gram precision; 0 beyond maxN.
    std::array<double, 4> precisions{};
    double brevityPenalty = 0;
    size_t candidateLength = 0;  // c: total candidate tokens
    size_t referenceLength = 0;  // r: effective reference length
};

// Corpus BLEU: clipped n-gram counts summed over the whole corpus for
// n = 1..maxN (1 <= maxN <= 4), combined by a geometric mean with uniform
// weights, times the brevity penalty exp(1 - r/c) when c <= r (1 otherwise; 0
// when c == 0). r sums, per candidate, the length of the reference closest to
// the candidate's length, the shorter one on a tie. No smoothing: BLEU is 0 as
// soon as one precision is 0 (or has no n-grams at all), as in the paper and the
// usual corpus-level tools; compare sentence-level scores with care.
// references[i] holds the (at least one) references of candidates[i].
BleuResult corpusBleu(const std::vector<std::vector<std::string>>& candidates,
                      const std::vector<std::vector<std::vector<std::string>>>& references,
                      int maxN = 4);

// Modified n-gram precision of one candidate, Papineni et al. 2002 section 2.1:
// {sum over the candidate's n-grams of min(count, max count in any one
// reference), number of n-grams in the candidate}. n >= 1; a candidate shorter
// than n gives {0, 0}.
std::pair<size_t, size_t> modifiedPrecisionCounts(const std::vector<std::string>& candidate,
                                                  const std::vector<std::vector<std::string>>& references,
                                                  int n);

// Length of the longest common subsequence of two token sequences.
size_t longestCommonSubsequence(const std::vector<std::string>& a, const std::vector<std::string>& b);

// ROUGE-L, the LCS F-measure of Lin 2004 section 3.1:
//   P = LCS/|candidate|, R = LCS/|reference|, F = (1 + beta^2) P R / (R + beta^2 P).
// With several references this takes the highest P and the highest R over the
// references (possibly from different ones) and combines those, as the COCO
// caption evaluation (pycocoevalcap, beta = 1.2) does, so scores match it. An
// empty candidate, or no overlap at all, scores 0; an empty reference gives
// recall 0. beta must be >= 0.
double rougeL(const std::vector<std::string>& candidate,
              const std::vector<std::vector<std::string>>& references, double beta = 1.2);

} // namespace fscope::metrics
