#include "metrics/text_overlap.h"

#include "util/result.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace fscope::metrics {

namespace {

using Tokens = std::vector<std::string>;
// Views into the token vectors, which outlive every count map built here.
using NGram = std::vector<std::string_view>;
using NGramCounts = std::map<NGram, size_t>;

bool isAsciiPunct(unsigned char c)
{
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
        (c >= 123 && c <= 126);
}

bool isAsciiSpace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

NGramCounts countNGrams(const Tokens& tokens, size_t n)
{
    NGramCounts counts;
    if (tokens.size() < n)
        return counts;
    for (size_t i = 0; i + n <= tokens.size(); ++i)
        ++counts[NGram(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                       tokens.begin() + static_cast<std::ptrdiff_t>(i + n))];
    return counts;
}

std::pair<size_t, size_t> clippedCounts(const Tokens& candidate, const std::vector<Tokens>& references,
                                        size_t n)
{
    const NGramCounts counts = countNGrams(candidate, n);
    // The clip for each n-gram is its largest count in any single reference.
    NGramCounts maxRef;
    for (const auto& reference : references)
        for (const auto& [gram, count] : countNGrams(reference, n)) {
            size_t& m = maxRef[gram];
            m = std::max(m, count);
        }
    size_t clipped = 0;
    for (const auto& [gram, count] : counts) {
        const auto it = maxRef.find(gram);
        if (it != maxRef.end())
            clipped += std::min(count, it->second);
    }
    const size_t total = candidate.size() >= n ? candidate.size() - n + 1 : 0;
    return {clipped, total};
}

// Length of the reference closest to the candidate's length; the shorter one
// on a tie, as in the paper's "best match length" and the common tools.
size_t closestReferenceLength(size_t candidateLength, const std::vector<Tokens>& references)
{
    size_t best = references.front().size();
    for (const auto& reference : references) {
        const size_t len = reference.size();
        const size_t dist = len > candidateLength ? len - candidateLength : candidateLength - len;
        const size_t bestDist = best > candidateLength ? best - candidateLength : candidateLength - best;
        if (dist < bestDist || (dist == bestDist && len < best))
            best = len;
    }
    return best;
}

} // namespace

std::vector<std::string> tokenizeForOverlap(std::string_view text)
{
    std::vector<std::string> tokens;
    std::string current;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (isAsciiSpace(c)) {
            if (!current.empty())
                tokens.push_back(std::move(current));
            current.clear();
        } else if (!isAsciiPunct(c)) {
            current.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch);
        }
    }
    if (!current.empty())
        tokens.push_back(std::move(current));
    return tokens;
}

std::pair<size_t, size_t> modifiedPrecisionCounts(const std::vector<std::string>& candidate,
                                                  const std::vector<std::vector<std::string>>& references,
                                                  int n)
{
    if (n < 1)
        throw EngineError("modifiedPrecisionCounts: n must be at least 1, got " + std::to_string(n));
    if (references.empty())
        throw EngineError("modifiedPrecisionCounts: no references");
    return clippedCounts(candidate, references, static_cast<size_t>(n));
}

BleuResult corpusBleu(const std::vector<std::vector<std::string>>& candidates,
                      const std::vector<std::vector<std::vector<std::string>>>& references, int maxN)
{
    if (maxN < 1 || maxN > 4)
        throw EngineError("corpusBleu: maxN must be 1..4, got " + std::to_string(maxN));
    if (candidates.empty())
        throw EngineError("corpusBleu: no candidates");
    if (candidates.size() != references.size())
        throw EngineError("corpusBleu: " + std::to_string(candidates.size()) + " candidates but " +
                          std::to_string(references.size()) + " reference sets");

    const auto orders = static_cast<size_t>(maxN);
    std::array<size_t, 4> matched{};
    std::array<size_t, 4> total{};
    BleuResult result;
    for (size_t i = 0; i < candidates.size(); ++i) {
        if (references[i].empty())
            throw EngineError("corpusBleu: candidate " + std::to_string(i) + " has no references");
        for (size_t n = 1; n <= orders; ++n) {
            const auto [m, t] = clippedCounts(candidates[i], references[i], n);
            matched[n - 1] += m;
            total[n - 1] += t;
        }
        result.candidateLength += candidates[i].size();
        result.referenceLength += closestReferenceLength(candidates[i].size(), references[i]);
    }

    double logSum = 0;
    bool anyZero = false;
    for (size_t n = 1; n <= orders; ++n) {
        const double p = total[n - 1] == 0
            ? 0.0
            : static_cast<double>(matched[n - 1]) / static_cast<double>(total[n - 1]);
        result.precisions[n - 1] = p;
        if (p == 0.0)
            anyZero = true;
        else
            logSum += std::log(p);
    }

    const double c = static_cast<double>(result.candidateLength);
    const double r = static_cast<double>(result.referenceLength);
    if (result.candidateLength == 0)
        result.brevityPenalty = 0.0;
    else if (result.candidateLength > result.referenceLength)
        result.brevityPenalty = 1.0;
    else
        result.brevityPenalty = std::exp(1.0 - r / c);

    result.bleu = anyZero ? 0.0 : result.brevityPenalty * std::exp(logSum / static_cast<double>(maxN));
    return result;
}

size_t longestCommonSubsequence(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    // One row of the classic dynamic programme: O(|a| |b|) time, O(|b|) memory.
    std::vector<size_t> row(b.size() + 1, 0);
    for (const auto& x : a) {
        size_t diagonal = 0;  // row[j - 1] of the previous pass
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = x == b[j - 1] ? diagonal + 1 : std::max(row[j], row[j - 1]);
            diagonal = above;
        }
    }
    return row[b.size()];
}

double rougeL(const std::vector<std::string>& candidate,
              const std::vector<std::vector<std::string>>& references, double beta)
{
    if (references.empty())
        throw EngineError("rougeL: no references");
    if (!(beta >= 0.0) || std::isinf(beta))
        throw EngineError("rougeL: beta must be a finite number >= 0");
    if (candidate.empty())
        return 0.0;

    double bestPrecision = 0;
    double bestRecall = 0;
    for (const auto& reference : references) {
        const auto lcs = static_cast<double>(longestCommonSubsequence(candidate, reference));
        bestPrecision = std::max(bestPrecision, lcs / static_cast<double>(candidate.size()));
        if (!reference.empty())
            bestRecall = std::max(bestRecall, lcs / static_cast<double>(reference.size()));
    }
    if (bestPrecision == 0.0 || bestRecall == 0.0)
        return 0.0;
    const double b2 = beta * beta;
    return (1.0 + b2) * bestPrecision * bestRecall / (bestRecall + b2 * bestPrecision);
}

} // namespace fscope::metrics
