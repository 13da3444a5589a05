#pragma once
// The CLIP byte-level BPE tokenizer, token-exact against OpenAI's reference
// (clip/simple_tokenizer.py) for the text people type. Usage:
//
//   auto tok = fscope::text::ClipTokenizer::fromFiles(dir + "/vocab.json", dir + "/merges.txt");
//   if (!tok) return tok.error();              // ".../merges.txt: line 17: expected two symbols"
//   auto rows = tok->encodeBatchPadded({"a photo of a cat", "a diagram"}); // 2 x 77, zero padded
//   std::vector<std::string> chips = tok->tokenStrings(tok->encode("Hello World!")); // "hello", "world", "!"
//
// Pipeline: the text is cleaned as the reference does (see cleanText), split into
// pieces by the reference's pattern (special tokens, 's 't 're 've 'm 'll 'd, letter
// runs, single numbers, runs of other non-space characters), and each piece's UTF-8
// bytes are merged by the ranked merges of merges.txt, the last symbol carrying
// "</w>". Special tokens written in the text give their ids, as in the reference.
// Letters and numbers follow Unicode 14 (see unicode_text.h): characters added to
// Unicode later may split differently from a reference running newer tables.
//
// Thread-safety: immutable after loading. Every member function is const (or
// static) and may be called from any number of threads at once; there is no BPE
// cache to lock (about 5 us per caption without one). Invalid UTF-8 in the input
// never fails: each invalid byte sequence becomes U+FFFD before tokenising, as
// Python's errors="replace" would read it.

#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fscope::text {

class ClipTokenizer {
public:
    static constexpr size_t kContextLength = 77;

    // Hugging Face layout: vocab.json maps each symbol to its id; merges.txt lists
    // "left right" merges, best first, after an optional "#version" header line.
    // Errors name the file: missing or unreadable files, malformed JSON, ids that
    // are not dense integers, malformed merge lines, symbols that a merge names
    // (or produces) but the vocabulary lacks, missing byte symbols or special tokens.
    static Result<ClipTokenizer> fromFiles(const std::string& vocabJsonPath, const std::string& mergesPath);
    // The same from texts already read; the names only label errors.
    static Result<ClipTokenizer> fromText(const std::string& vocabJsonText, const std::string& vocabJsonPath,
                                          const std::string& mergesText, const std::string& mergesPath);
    // OpenAI's layout: the text of bpe_simple_vocab_16e6.txt (decompressed by the
    // caller), a header line and then merges; the ids follow from the merge order
    // as in the reference (bytes, bytes + "</w>", one per merge, start, end).
    static Result<ClipTokenizer> fromOpenAiBpe(const std::string& bpeText, const std::string& nameForErrors);

    // BPE ids of `text`, without start or end token and without truncation.
    std::vector<int64_t> encode(std::string_view text) const;
    // Start token, ids, end token; a sequence longer than contextLength keeps its
    // first contextLength - 1 tokens and then the end token (the reference
    // overwrites the last kept id with it). No padding. Throws EngineError when
    // contextLength < 2.
    std::vector<int64_t> encodeWithSpecial(std::string_view text, size_t contextLength = kContextLength) const;
    // One row of exactly contextLength ids per text, zero padded.
    std::vector<std::vector<int64_t>> encodeBatchPadded(const std::vector<std::string>& texts,
                                                        size_t contextLength = kContextLength) const;

    // The text the ids spell: "</w>" becomes a space (the trailing one dropped),
    // start and end tokens are skipped, bytes that do not form UTF-8 become U+FFFD,
    // and ids outside the vocabulary become U+FFFD too. Lossy: the text comes back
    // cleaned and lowercased, punctuation separated ("hi, you" -> "hi , you").
    // Padding zeros are real ids ("!"): strip them first.
    std::string decode(const std::vector<int64_t>& ids) const;
    // One readable piece per id for token chips: the piece's text without "</w>";
    // bytes of a character split across tokens (emoji, most CJK) as "\xF0"-style
    // escapes; special tokens by name; unknown ids as "<unk:ID>".
    std::vector<std::string> tokenStrings(const std::vector<int64_t>& ids) const;
    // True when the id's symbol ends a word ("</w>"), for spacing chips.
    bool endsWord(int64_t id) const;

    int64_t startToken() const { return m_startToken; }
    int64_t endToken() const { return m_endToken; }
    size_t vocabSize() const { return m_pieces.size(); }

    // The reference's cleanup, the first step of encode(): a subset of ftfy's
    // fix_text (line by line until stable: HTML entities up to the first line
    // holding a '<', terminal escapes, C1 controls read as Windows-1252, Latin ligatures,
    // fullwidth ASCII, curly quotes to straight ones, control characters
    // removed), then html.unescape twice, whitespace runs to one space, strip and
    // lowercase (see unicode_text.h for the Unicode tables). Not replicated from
    // ftfy: mojibake repair ("cafÃ©" stays as is), NFC normalisation (a decomposed
    // "e" + U+0301 stays two characters, so it tokenises unlike "é"), halfwidth
    // katakana, entities whose names were uppercased ("&EACUTE;") or exist only in
    // HTML5. Text typed on keyboards is composed and unaffected.
    static std::string cleanText(std::string_view text);

private:
    struct Merge {
        int32_t rank;
        int32_t result;
    };

    ClipTokenizer() = default;
    void appendWordIds(std::string_view utf8Word, std::vector<int64_t>& out) const;
    const Merge* findMerge(int32_t left, int32_t right) const;

    std::vector<std::string> m_pieces; // id -> the bytes it stands for, without "</w>"
    std::vector<bool> m_endsWord;      // id -> symbol ends with "</w>"
    std::unordered_map<uint64_t, Merge> m_merges; // (left << 32 | right) -> rank, merged id
    int32_t m_byteSymbol[256] = {};    // byte -> id of its symbol inside a word
    int32_t m_byteSymbolEnd[256] = {}; // byte -> id of its symbol + "</w>", ending a word
    int64_t m_startToken = 0;
    int64_t m_endToken = 0;
};

} // namespace fscope::text
