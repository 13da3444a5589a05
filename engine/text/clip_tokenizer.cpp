#include "text/clip_tokenizer.h"

#include "text/unicode_text.h"
#include "util/json.h"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <queue>
#include <sstream>
#include <unordered_map>

namespace fscope::text {

namespace {

constexpr std::string_view kStartText = "<|startoftext|>";
constexpr std::string_view kEndText = "<|endoftext|>";
constexpr std::string_view kWordEnd = "</w>";

// GPT-2's reversible byte alphabet: printable Latin-1 bytes stand for themselves,
// the other 68 bytes for U+0100 onwards, so every vocabulary symbol is printable.
std::array<char32_t, 256> byteToUnicode()
{
    std::array<char32_t, 256> table{};
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        table[b] = printable ? static_cast<char32_t>(b) : next++;
    }
    return table;
}

Result<std::string> readFile(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return Error{path + ": is a directory, not a file"};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{path + ": cannot open: " + std::strerror(errno)};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        return Error{path + ": read failed"};
    return buffer.str();
}

// U+0345, the Greek iota subscript, is a combining mark whose case folding is a
// letter: under the reference pattern's IGNORECASE, no branch matches it, so it
// separates pieces like a space and is dropped.
bool isSkipped(char32_t c)
{
    return isWhitespace(c) || c == 0x345;
}

// ftfy's fix_latin_ligatures; U+0149 gives U+02BC 'n', whose apostrophe is then uncurled.
const char32_t* ligature(char32_t c)
{
    if (c < 0x132 || (c > 0x1CC && c < 0xFB00) || c > 0xFB06)
        return nullptr;
    static constexpr std::pair<char32_t, const char32_t*> kLigatures[] = {{0x132, U"IJ"}, {0x133, U"ij"},
        {0x149, U"'n"}, {0x1C4, U"D\u017D"}, {0x1C5, U"D\u017E"}, {0x1C6, U"d\u017E"}, {0x1C7, U"LJ"},
        {0x1C8, U"Lj"}, {0x1C9, U"lj"}, {0x1CA, U"NJ"}, {0x1CB, U"Nj"}, {0x1CC, U"nj"}, {0xFB00, U"ff"},
        {0xFB01, U"fi"}, {0xFB02, U"fl"}, {0xFB03, U"ffi"}, {0xFB04, U"ffl"}, {0xFB05, U"\u017Ft"}, {0xFB06, U"st"}};
    for (const auto& [from, to] : kLigatures)
        if (c == from)
            return to;
    return nullptr;
}

// One pass of the ftfy fixes replicated here, in ftfy's order (see ClipTokenizer::cleanText).
std::u32string ftfyPass(std::u32string_view s, bool unescape)
{
    // Character by character: C1 controls, ligatures, fullwidth forms, curly quotes.
    std::u32string mapped;
    mapped.reserve(s.size());
    for (char32_t c : unescape ? unescapeHtml(s, /*ftfyStrict=*/true) : std::u32string(s)) {
        c = fromWindows1252(c);
        if (const char32_t* lig = ligature(c)) {
            mapped += lig;
            continue;
        }
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;
        else if (c == 0x3000)
            c = ' ';
        if (c == 0x2BC || (c >= 0x2018 && c <= 0x201B))
            c = '\'';
        else if (c >= 0x201C && c <= 0x201F)
            c = '"';
        mapped.push_back(c);
    }
    // Then terminal escapes ("\x1b[1;31m") and control characters go.
    std::u32string out;
    out.reserve(mapped.size());
    for (size_t i = 0; i < mapped.size(); ++i) {
        const char32_t c = mapped[i];
        if (c == 0x1B && i + 1 < mapped.size() && mapped[i + 1] == '[') {
            size_t k = i + 2;
            while (k < mapped.size() && ((mapped[k] >= '0' && mapped[k] <= '9') || mapped[k] == ';'))
                ++k;
            if (k < mapped.size() && mapped[k] < 0x80 && std::isalpha(static_cast<int>(mapped[k]))) {
                i = k;
                continue;
            }
        }
        const bool control = c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
            || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
        if (!control)
            out.push_back(c);
    }
    return out;
}

std::u32string cleanCodePoints(std::string_view text)
{
    // ftfy works line by line, repeating its fixes until nothing changes. It
    // leaves entities alone from the first line that looks like HTML (holds a
    // '<') to the end of the text: its fix_text switches them off for good there.
    const std::u32string input = decodeUtf8(text);
    std::u32string fixed;
    bool unescape = true;
    for (size_t start = 0; start < input.size();) {
        const size_t newline = input.find(U'\n', start);
        const size_t end = newline == std::u32string::npos ? input.size() : newline + 1;
        std::u32string line = input.substr(start, end - start);
        unescape = unescape && line.find(U'<') == std::u32string::npos;
        for (int round = 0; round < 16; ++round) {
            std::u32string next = ftfyPass(line, unescape);
            if (next == line)
                break;
            line = std::move(next);
        }
        fixed += line;
        start = end;
    }
    fixed = unescapeHtml(unescapeHtml(fixed, false), false);
    // Whitespace runs become one space; leading and trailing ones go.
    std::u32string collapsed;
    collapsed.reserve(fixed.size());
    for (const char32_t c : fixed) {
        if (!isWhitespace(c))
            collapsed.push_back(c);
        else if (!collapsed.empty() && collapsed.back() != ' ')
            collapsed.push_back(' ');
    }
    if (!collapsed.empty() && collapsed.back() == ' ')
        collapsed.pop_back();
    return toLower(collapsed);
}

} // namespace

std::string ClipTokenizer::cleanText(std::string_view text)
{
    return encodeUtf8(cleanCodePoints(text));
}

Result<ClipTokenizer> ClipTokenizer::fromFiles(const std::string& vocabJsonPath, const std::string& mergesPath)
{
    auto vocab = readFile(vocabJsonPath);
    if (!vocab)
        return vocab.error();
    auto merges = readFile(mergesPath);
    if (!merges)
        return merges.error();
    return fromText(*vocab, vocabJsonPath, *merges, mergesPath);
}

Result<ClipTokenizer> ClipTokenizer::fromOpenAiBpe(const std::string& bpeText, const std::string& nameForErrors)
{
    // As the reference builds it: the 256 byte symbols in the order of its byte
    // table (printable bytes first, then the rest), the same with "</w>", one symbol
    // per merge, then the two special tokens; 49152 - 256 - 2 merges after the header.
    constexpr size_t kMerges = 49152 - 256 - 2;
    std::istringstream lines(bpeText);
    std::string line;
    std::getline(lines, line); // header ("#version: 0.2")
    std::string mergesText = "#version: 0.2\n";
    std::vector<std::string> symbols;
    const auto alphabet = byteToUnicode();
    std::vector<int> order;
    for (int b = 0; b < 256; ++b)
        if (alphabet[b] == static_cast<char32_t>(b))
            order.push_back(b);
    for (int b = 0; b < 256; ++b)
        if (alphabet[b] != static_cast<char32_t>(b))
            order.push_back(b);
    for (const int b : order) {
        std::string symbol;
        appendUtf8(symbol, alphabet[b]);
        symbols.push_back(symbol);
    }
    for (size_t i = 0; i < 256; ++i)
        symbols.push_back(symbols[i] + std::string(kWordEnd));
    size_t merges = 0;
    while (merges < kMerges && std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const size_t space = line.find(' ');
        if (space == std::string::npos)
            return Error{nameForErrors + ": line " + std::to_string(merges + 2)
                         + ": expected two symbols separated by one space, found \"" + line + "\""};
        symbols.push_back(line.substr(0, space) + line.substr(space + 1));
        mergesText += line + "\n";
        ++merges;
    }
    if (merges == 0)
        return Error{nameForErrors + ": holds no merges"};
    symbols.emplace_back(kStartText);
    symbols.emplace_back(kEndText);
    // The vocabulary as vocab.json text, written directly: filling a json::Value
    // object key by key searches it linearly (1.75 s for 49,408 symbols). A
    // symbol that appears twice keeps its last id, as the object would.
    std::unordered_map<std::string, size_t> lastId;
    for (size_t id = 0; id < symbols.size(); ++id)
        lastId[symbols[id]] = id;
    std::string vocabText = "{";
    for (size_t id = 0; id < symbols.size(); ++id) {
        if (lastId[symbols[id]] != id)
            continue;
        if (vocabText.size() > 1)
            vocabText += ',';
        vocabText += json::serialize(json::Value(symbols[id])) + ':' + std::to_string(id);
    }
    vocabText += '}';
    return fromText(vocabText, nameForErrors, mergesText, nameForErrors);
}

Result<ClipTokenizer> ClipTokenizer::fromText(const std::string& vocabJsonText, const std::string& vocabJsonPath,
                                              const std::string& mergesText, const std::string& mergesPath)
{
    ClipTokenizer tok;
    std::unordered_map<std::string, int32_t> ids;
    {
        const std::string* text = &vocabJsonText;
        auto doc = json::parse(*text);
        if (!doc)
            return Error{vocabJsonPath + ": " + doc.error().message};
        if (!doc->isObject())
            return Error{vocabJsonPath + ": expected an object mapping symbols to ids, found "
                         + std::string(json::typeName(doc->type()))};
        const auto& members = doc->asObject();
        const int64_t count = static_cast<int64_t>(members.size());
        std::vector<const std::string*> symbolOf(members.size(), nullptr);
        ids.reserve(members.size());
        for (const auto& [symbol, value] : members) {
            if (!value.isInteger() || value.asInt() < 0 || value.asInt() >= count)
                return Error{vocabJsonPath + ": symbol \"" + symbol + "\": expected an integer id in [0, "
                             + std::to_string(count) + ")"};
            const auto id = static_cast<int32_t>(value.asInt());
            if (symbolOf[id])
                return Error{vocabJsonPath + ": id " + std::to_string(id) + " belongs to both \"" + *symbolOf[id]
                             + "\" and \"" + symbol + "\""};
            symbolOf[id] = &symbol;
            ids.emplace(symbol, id);
        }
        // Each symbol's bytes, for decoding: undo the byte alphabet.
        std::array<int, 512> unicodeToByte;
        unicodeToByte.fill(-1);
        const auto alphabet = byteToUnicode();
        for (int b = 0; b < 256; ++b)
            unicodeToByte[alphabet[b]] = b;
        tok.m_pieces.resize(members.size());
        tok.m_endsWord.resize(members.size());
        for (size_t id = 0; id < members.size(); ++id) {
            std::string_view symbol = *symbolOf[id];
            const bool wordEnd = symbol.size() > kWordEnd.size()
                && symbol.substr(symbol.size() - kWordEnd.size()) == kWordEnd;
            if (wordEnd)
                symbol.remove_suffix(kWordEnd.size());
            tok.m_endsWord[id] = wordEnd;
            for (const char32_t c : decodeUtf8(symbol)) {
                if (c < unicodeToByte.size() && unicodeToByte[c] >= 0)
                    tok.m_pieces[id].push_back(static_cast<char>(unicodeToByte[c]));
                else
                    appendUtf8(tok.m_pieces[id], c);
            }
        }
        for (int b = 0; b < 256; ++b) {
            std::string symbol;
            appendUtf8(symbol, alphabet[b]);
            const auto inWord = ids.find(symbol);
            const auto atEnd = ids.find(symbol + std::string(kWordEnd));
            if (inWord == ids.end() || atEnd == ids.end())
                return Error{vocabJsonPath + ": the byte symbol \"" + symbol
                             + (inWord == ids.end() ? "" : "</w>") + "\" is missing"};
            tok.m_byteSymbol[b] = inWord->second;
            tok.m_byteSymbolEnd[b] = atEnd->second;
        }
        for (const auto special : {kStartText, kEndText}) {
            const auto it = ids.find(std::string(special));
            if (it == ids.end())
                return Error{vocabJsonPath + ": the special token \"" + std::string(special) + "\" is missing"};
            (special == kStartText ? tok.m_startToken : tok.m_endToken) = it->second;
        }
    }

    if (!isValidUtf8(mergesText))
        return Error{mergesPath + ": not valid UTF-8"};
    std::istringstream lines(mergesText);
    int32_t rank = 0;
    size_t lineNo = 0;
    for (std::string line; std::getline(lines, line);) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || (lineNo == 1 && line.rfind("#version", 0) == 0))
            continue;
        const std::string where = mergesPath + ": line " + std::to_string(lineNo) + ": ";
        const size_t space = line.find(' ');
        if (space == 0 || space == std::string::npos || space + 1 == line.size()
            || line.find(' ', space + 1) != std::string::npos)
            return Error{where + "expected two symbols separated by one space, found \"" + line + "\""};
        const std::string left = line.substr(0, space);
        const std::string right = line.substr(space + 1);
        const std::string symbols[] = {left, right, left + right};
        for (int k = 0; k < 3; ++k) {
            if (!ids.count(symbols[k]))
                return Error{where + (k < 2 ? "symbol \"" : "merged symbol \"") + symbols[k] + "\" is not in "
                             + vocabJsonPath};
        }
        // As in the reference's dict(zip(merges, ranks)), a repeated pair keeps its last rank.
        const uint64_t key = static_cast<uint64_t>(ids[left]) << 32 | static_cast<uint32_t>(ids[right]);
        tok.m_merges[key] = Merge{rank++, ids[left + right]};
    }
    if (rank == 0)
        return Error{mergesPath + ": holds no merges"};
    return tok;
}

const ClipTokenizer::Merge* ClipTokenizer::findMerge(int32_t left, int32_t right) const
{
    const auto it = m_merges.find(static_cast<uint64_t>(left) << 32 | static_cast<uint32_t>(right));
    return it == m_merges.end() ? nullptr : &it->second;
}

void ClipTokenizer::appendWordIds(std::string_view utf8Word, std::vector<int64_t>& out) const
{
    const auto n = static_cast<int32_t>(utf8Word.size());
    if (n == 1) {
        out.push_back(m_byteSymbolEnd[static_cast<unsigned char>(utf8Word[0])]);
        return;
    }
    // The reference merges every occurrence of the best-ranked pair, left to right,
    // then looks again. Here the symbols form a linked list and candidate pairs wait
    // in a min-heap by (rank, position): the same merges in O(n log n), so a pasted
    // blob without spaces cannot stall the caller.
    struct Node {
        int32_t symbol; // -1 once merged into its left neighbour
        int32_t prev;
        int32_t next;
    };
    std::vector<Node> nodes(n);
    for (int32_t i = 0; i < n; ++i) {
        const auto b = static_cast<unsigned char>(utf8Word[i]);
        nodes[i] = {i + 1 == n ? m_byteSymbolEnd[b] : m_byteSymbol[b], i - 1, i + 1};
    }
    using Candidate = std::pair<int32_t, int32_t>; // rank, position of the left symbol
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
    const auto consider = [&](int32_t i) {
        if (i >= 0 && nodes[i].next < n)
            if (const Merge* m = findMerge(nodes[i].symbol, nodes[nodes[i].next].symbol))
                heap.push({m->rank, i});
    };
    for (int32_t i = 0; i + 1 < n; ++i)
        consider(i);
    std::vector<int32_t> merged;
    while (!heap.empty()) {
        // Ranks are unique per pair: all entries of this rank are occurrences of one
        // pair, popped left to right. New neighbours join only after the pass.
        const int32_t rank = heap.top().first;
        merged.clear();
        for (; !heap.empty() && heap.top().first == rank; heap.pop()) {
            Node& left = nodes[heap.top().second];
            if (left.symbol < 0 || left.next >= n)
                continue;
            Node& right = nodes[left.next];
            const Merge* m = findMerge(left.symbol, right.symbol);
            if (!m || m->rank != rank)
                continue; // stale: a neighbour merged since this entry was pushed
            merged.push_back(heap.top().second);
            left.symbol = m->result;
            right.symbol = -1;
            left.next = right.next;
            if (right.next < n)
                nodes[right.next].prev = merged.back();
        }
        for (const int32_t i : merged) {
            consider(nodes[i].prev);
            consider(i);
        }
    }
    for (int32_t i = 0; i < n; i = nodes[i].next)
        out.push_back(nodes[i].symbol);
}

std::vector<int64_t> ClipTokenizer::encode(std::string_view text) const
{
    const std::u32string t = cleanCodePoints(text);
    const size_t n = t.size();
    std::vector<int64_t> ids;
    const auto startsWith = [&](size_t i, std::u32string_view s) { return t.compare(i, s.size(), s) == 0; };
    // The reference's pattern, tried in order at each position: special tokens,
    // contractions, a letter run, one number, a run of anything else but spaces.
    for (size_t i = 0; i < n;) {
        const char32_t c = t[i];
        if (isSkipped(c)) {
            ++i;
            continue;
        }
        if (c == '<' && (startsWith(i, U"<|startoftext|>") || startsWith(i, U"<|endoftext|>"))) {
            const bool start = t[i + 2] == 's';
            ids.push_back(start ? m_startToken : m_endToken);
            i += start ? kStartText.size() : kEndText.size();
            continue;
        }
        size_t j = i + 1;
        if (c == '\'' && i + 1 < n) {
            const char32_t next = t[i + 1];
            const char32_t after = i + 2 < n ? t[i + 2] : 0;
            // 's 't 'm 'd, 're 've 'll; U+017F folds to 's' under the pattern's IGNORECASE.
            if (next == 's' || next == 0x17F || next == 't' || next == 'm' || next == 'd')
                j = i + 2;
            else if ((next == 'r' && after == 'e') || (next == 'v' && after == 'e') || (next == 'l' && after == 'l'))
                j = i + 3;
        }
        if (j == i + 1) {
            if (isLetter(c)) {
                while (j < n && isLetter(t[j]))
                    ++j;
            } else if (!isNumber(c)) {
                while (j < n && !isSkipped(t[j]) && !isLetter(t[j]) && !isNumber(t[j]))
                    ++j;
            }
        }
        appendWordIds(encodeUtf8(t.substr(i, j - i)), ids);
        i = j;
    }
    return ids;
}

std::vector<int64_t> ClipTokenizer::encodeWithSpecial(std::string_view text, size_t contextLength) const
{
    if (contextLength < 2)
        throw EngineError("CLIP tokenizer: context length " + std::to_string(contextLength)
                          + " leaves no room for the start and end tokens");
    std::vector<int64_t> ids{m_startToken};
    const std::vector<int64_t> body = encode(text);
    ids.insert(ids.end(), body.begin(), body.end());
    ids.push_back(m_endToken);
    if (ids.size() > contextLength) {
        ids.resize(contextLength);
        ids.back() = m_endToken;
    }
    return ids;
}

std::vector<std::vector<int64_t>> ClipTokenizer::encodeBatchPadded(const std::vector<std::string>& texts,
                                                                   size_t contextLength) const
{
    std::vector<std::vector<int64_t>> rows;
    rows.reserve(texts.size());
    for (const auto& text : texts) {
        rows.push_back(encodeWithSpecial(text, contextLength));
        rows.back().resize(contextLength, 0);
    }
    return rows;
}

std::string ClipTokenizer::decode(const std::vector<int64_t>& ids) const
{
    std::string bytes;
    for (const int64_t id : ids) {
        if (id == m_startToken || id == m_endToken)
            continue;
        if (id < 0 || id >= static_cast<int64_t>(m_pieces.size())) {
            appendUtf8(bytes, kReplacementChar);
            continue;
        }
        bytes += m_pieces[id];
        if (m_endsWord[id])
            bytes.push_back(' ');
    }
    if (!bytes.empty() && bytes.back() == ' ')
        bytes.pop_back();
    return encodeUtf8(decodeUtf8(bytes));
}

std::vector<std::string> ClipTokenizer::tokenStrings(const std::vector<int64_t>& ids) const
{
    std::vector<std::string> out;
    out.reserve(ids.size());
    for (const int64_t id : ids) {
        if (id < 0 || id >= static_cast<int64_t>(m_pieces.size())) {
            out.push_back("<unk:" + std::to_string(id) + ">");
            continue;
        }
        // Whole characters as text, the bytes of a split one as escapes.
        const std::string& piece = m_pieces[id];
        std::string shown;
        for (size_t i = 0; i < piece.size();) {
            const auto b = static_cast<unsigned char>(piece[i]);
            const size_t length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
            if (length > 0 && i + length <= piece.size() && isValidUtf8(std::string_view(piece).substr(i, length))) {
                shown.append(piece, i, length);
                i += length;
            } else {
                static constexpr char kHex[] = "0123456789ABCDEF";
                shown += {'\\', 'x', kHex[b >> 4], kHex[b & 15]};
                ++i;
            }
        }
        out.push_back(std::move(shown));
    }
    return out;
}

bool ClipTokenizer::endsWord(int64_t id) const
{
    return id >= 0 && id < static_cast<int64_t>(m_endsWord.size()) && m_endsWord[id];
}

} // namespace fscope::text
