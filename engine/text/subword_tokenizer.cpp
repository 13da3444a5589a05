#include "text/subword_tokenizer.h"

#include "text/unicode_text.h"
#include "util/json.h"

#include <algorithm>
#include <unordered_set>

namespace fscope::text {

namespace {

constexpr const char* kEndOfWord = "</w>";
constexpr const char* kFormat = "fusionscope-subword-bpe";
const std::vector<std::string> kSpecials = {"[PAD]", "[UNK]", "[BOS]", "[EOS]"};

std::vector<std::string> initialSymbols(const std::u32string& word)
{
    std::vector<std::string> symbols;
    for (char32_t cp : word) {
        std::string s;
        appendUtf8(s, cp);
        symbols.push_back(std::move(s));
    }
    if (!symbols.empty())
        symbols.back() += kEndOfWord;
    return symbols;
}

std::string pairKey(const std::string& a, const std::string& b)
{
    return a + '\x01' + b;
}

void mergeInPlace(std::vector<std::string>& symbols, const std::string& a, const std::string& b)
{
    std::vector<std::string> merged;
    merged.reserve(symbols.size());
    for (size_t i = 0; i < symbols.size(); ++i) {
        if (i + 1 < symbols.size() && symbols[i] == a && symbols[i + 1] == b) {
            merged.push_back(a + b);
            ++i;
        } else {
            merged.push_back(symbols[i]);
        }
    }
    symbols = std::move(merged);
}

} // namespace

std::vector<std::u32string> SubwordTokenizer::words(const std::string& utf8)
{
    const std::u32string text = toLower(decodeUtf8(utf8));
    std::vector<std::u32string> out;
    std::u32string current;
    const auto flush = [&] {
        if (!current.empty())
            out.push_back(std::move(current));
        current.clear();
    };
    for (char32_t cp : text) {
        if (isLetter(cp) || isNumber(cp)) {
            current += cp;
        } else {
            flush();
            // Joiners and variation selectors carry no meaning of their own here.
            if (!isWhitespace(cp) && cp != 0x200D && cp != 0xFE0F && cp != 0xFE0E)
                out.push_back(std::u32string(1, cp));
        }
    }
    flush();
    return out;
}

SubwordTokenizer SubwordTokenizer::train(const std::vector<std::string>& corpus, const SubwordTrainingOptions& options)
{
    std::map<std::u32string, int64_t> wordCounts; // ordered: training is deterministic
    for (const auto& line : corpus)
        for (auto& word : words(line))
            ++wordCounts[word];
    std::vector<std::vector<std::string>> symbols;
    std::vector<int64_t> counts;
    std::map<std::string, int64_t> symbolCounts;
    for (const auto& [word, count] : wordCounts) {
        symbols.push_back(initialSymbols(word));
        counts.push_back(count);
        for (const auto& s : symbols.back())
            symbolCounts[s] += count;
    }

    SubwordTokenizer tokenizer;
    tokenizer.m_vocabulary = kSpecials;
    std::vector<std::pair<int64_t, std::string>> byFrequency;
    for (const auto& [s, count] : symbolCounts)
        byFrequency.emplace_back(-count, s);
    std::sort(byFrequency.begin(), byFrequency.end());
    for (const auto& [negCount, s] : byFrequency)
        tokenizer.m_vocabulary.push_back(s);

    std::unordered_set<std::string> known(tokenizer.m_vocabulary.begin(), tokenizer.m_vocabulary.end());
    while (int(tokenizer.m_vocabulary.size()) < options.vocabularySize) {
        std::unordered_map<std::string, int64_t> pairCounts;
        for (size_t w = 0; w < symbols.size(); ++w)
            for (size_t i = 0; i + 1 < symbols[w].size(); ++i)
                pairCounts[pairKey(symbols[w][i], symbols[w][i + 1])] += counts[w];
        // The most frequent pair; ties go to the smallest key, so every run agrees.
        const std::string* best = nullptr;
        int64_t bestCount = 0;
        for (const auto& [key, count] : pairCounts)
            if (count > bestCount || (count == bestCount && best && key < *best)) {
                best = &key;
                bestCount = count;
            }
        if (!best || bestCount < options.minPairCount)
            break;
        const size_t split = best->find('\x01');
        const std::string a = best->substr(0, split), b = best->substr(split + 1);
        for (auto& word : symbols)
            mergeInPlace(word, a, b);
        tokenizer.m_merges.emplace_back(a, b);
        if (known.insert(a + b).second)
            tokenizer.m_vocabulary.push_back(a + b);
    }
    tokenizer.index();
    return tokenizer;
}

void SubwordTokenizer::index()
{
    m_ids.clear();
    m_ranks.clear();
    for (size_t i = 0; i < m_vocabulary.size(); ++i)
        m_ids.emplace(m_vocabulary[i], int64_t(i));
    for (size_t i = 0; i < m_merges.size(); ++i)
        m_ranks.emplace(m_merges[i], i);
}

std::vector<std::string> SubwordTokenizer::bpe(const std::u32string& word) const
{
    std::vector<std::string> symbols = initialSymbols(word);
    while (symbols.size() > 1) {
        size_t bestRank = m_merges.size();
        size_t bestAt = 0;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            const auto it = m_ranks.find({symbols[i], symbols[i + 1]});
            if (it != m_ranks.end() && it->second < bestRank) {
                bestRank = it->second;
                bestAt = i;
            }
        }
        if (bestRank == m_merges.size())
            break;
        mergeInPlace(symbols, symbols[bestAt], symbols[bestAt + 1]);
    }
    return symbols;
}

std::vector<int64_t> SubwordTokenizer::encode(const std::string& utf8, size_t maxLength) const
{
    std::vector<int64_t> ids = {kBegin};
    for (const auto& word : words(utf8))
        for (const auto& symbol : bpe(word)) {
            const auto it = m_ids.find(symbol);
            ids.push_back(it == m_ids.end() ? kUnknown : it->second);
        }
    if (maxLength > 1 && ids.size() + 1 > maxLength)
        ids.resize(maxLength - 1);
    ids.push_back(kEnd);
    return ids;
}

std::vector<std::string> SubwordTokenizer::tokenStrings(const std::vector<int64_t>& ids) const
{
    std::vector<std::string> out;
    for (int64_t id : ids)
        out.push_back(id >= 0 && id < vocabularySize() ? m_vocabulary[size_t(id)] : "[UNK]");
    return out;
}

std::string SubwordTokenizer::toJson() const
{
    json::Value root = json::Value::object();
    root["format"] = kFormat;
    root["version"] = 1;
    json::Value vocabulary = json::Value::array();
    for (const auto& token : m_vocabulary)
        vocabulary.push(token);
    json::Value merges = json::Value::array();
    for (const auto& [a, b] : m_merges) {
        json::Value pair = json::Value::array();
        pair.push(a);
        pair.push(b);
        merges.push(std::move(pair));
    }
    root["vocabulary"] = std::move(vocabulary);
    root["merges"] = std::move(merges);
    return json::serialize(root, 0) + "\n";
}

Result<SubwordTokenizer> SubwordTokenizer::fromJson(const std::string& text)
{
    auto doc = json::parse(text);
    if (!doc)
        return doc.error();
    try {
        const auto* format = doc->find("format");
        if (!format || format->asString() != kFormat)
            return Error{std::string("not a tokenizer file (expected \"format\": \"") + kFormat + "\")"};
        const auto* vocabulary = doc->find("vocabulary");
        const auto* merges = doc->find("merges");
        if (!vocabulary || !merges)
            return Error{"tokenizer file lacks \"vocabulary\" or \"merges\""};
        SubwordTokenizer tokenizer;
        for (const auto& token : vocabulary->asArray())
            tokenizer.m_vocabulary.push_back(token.asString());
        if (tokenizer.m_vocabulary.size() < kSpecials.size()
            || !std::equal(kSpecials.begin(), kSpecials.end(), tokenizer.m_vocabulary.begin()))
            return Error{"tokenizer vocabulary must start with [PAD] [UNK] [BOS] [EOS]"};
        for (const auto& pair : merges->asArray()) {
            const auto& items = pair.asArray();
            if (items.size() != 2)
                return Error{"tokenizer merge is not a pair of strings"};
            tokenizer.m_merges.emplace_back(items[0].asString(), items[1].asString());
        }
        tokenizer.index();
        if (tokenizer.m_ids.size() != tokenizer.m_vocabulary.size())
            return Error{"tokenizer vocabulary lists a token twice"};
        return tokenizer;
    } catch (const EngineError& e) {
        return Error{std::string("tokenizer file: ") + e.what()};
    }
}

} // namespace fscope::text
