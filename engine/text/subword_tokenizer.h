#pragma once
// The built-in model's tokenizer: byte-pair merges over Unicode code points,
// learned from the project's own corpus (the emoji pack's English and Chinese
// names and keywords). Usage:
//
//   auto tokenizer = fscope::text::SubwordTokenizer::train(corpusLines, {4000});
//   std::vector<int64_t> ids = tokenizer.encode("red apple");   // [BOS, ..., EOS]
//   std::string json = tokenizer.toJson();                      // saved beside the weights
//   auto again = fscope::text::SubwordTokenizer::fromJson(json);
//
// Text is lower-cased and split into words: runs of letters and digits of any
// script, and each other visible character alone. Han characters count as
// letters, so a Chinese name is one word and merges learn its frequent
// character pairs. The last symbol of a word carries the end-of-word mark
// "</w>", as in CLIP's BPE. Characters never seen in training become [UNK].
// Thread-safety: a trained tokenizer is immutable; encode from any thread.

#include "util/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fscope::text {

struct SubwordTrainingOptions {
    int vocabularySize = 4000; // including the four special tokens
    int minPairCount = 2;      // stop merging when no pair occurs this often
};

class SubwordTokenizer {
public:
    static constexpr int64_t kPad = 0, kUnknown = 1, kBegin = 2, kEnd = 3;

    static SubwordTokenizer train(const std::vector<std::string>& corpus, const SubwordTrainingOptions& options = {});
    static Result<SubwordTokenizer> fromJson(const std::string& text);
    std::string toJson() const;

    // [BOS] tokens... [EOS], cut to maxLength (the EOS kept) when maxLength > 0.
    std::vector<int64_t> encode(const std::string& utf8, size_t maxLength = 0) const;
    // The tokens as strings ("red</w>", "app", "le</w>"), for explanations.
    std::vector<std::string> tokenStrings(const std::vector<int64_t>& ids) const;

    int64_t vocabularySize() const { return int64_t(m_vocabulary.size()); }
    size_t mergeCount() const { return m_merges.size(); }

    // The words of a text after normalisation (exposed for tests).
    static std::vector<std::u32string> words(const std::string& utf8);

private:
    std::vector<std::string> bpe(const std::u32string& word) const;
    void index();

    std::vector<std::string> m_vocabulary;                         // id -> token
    std::vector<std::pair<std::string, std::string>> m_merges;     // in learned order
    std::unordered_map<std::string, int64_t> m_ids;                // token -> id
    std::map<std::pair<std::string, std::string>, size_t> m_ranks; // merge -> order
};

} // namespace fscope::text
