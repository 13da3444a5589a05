#include "metrics/vqa.h"

#include "util/result.h"

#include <algorithm>
#include <unordered_map>

namespace fscope::metrics {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char toLowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The punctuation list of the official script, in its order (the order does not
// change the outcome, but keeping it makes the two easy to compare).
constexpr std::string_view kPunctuation = ";/[]\"{}()=+\\_-><@`,?!";

bool hasDigitCommaDigit(std::string_view text)
{
    for (size_t i = 1; i + 1 < text.size(); ++i)
        if (text[i] == ',' && isDigit(text[i - 1]) && isDigit(text[i + 1]))
            return true;
    return false;
}

bool touchesSpace(std::string_view text, char p)
{
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != p)
            continue;
        if ((i + 1 < text.size() && text[i + 1] == ' ') || (i > 0 && text[i - 1] == ' '))
            return true;
    }
    return false;
}

// processPunctuation of the official script. Each mark is decided against the
// original text (not the partly processed one), as the script does: removed
// when it sits next to a space anywhere, or when the text holds a number with a
// thousands comma; otherwise replaced by a space so "yes/no" splits into words.
std::string processPunctuation(std::string_view in)
{
    const bool numberWithComma = hasDigitCommaDigit(in);
    std::string out(in);
    for (char p : kPunctuation) {
        const bool remove = numberWithComma || touchesSpace(in, p);
        std::string next;
        next.reserve(out.size());
        for (char c : out) {
            if (c != p)
                next.push_back(c);
            else if (!remove)
                next.push_back(' ');
        }
        out.swap(next);
    }
    // The script's period pattern, "(?!<=\d)(\.)(?!\d)", begins with a lookahead
    // that always holds, so in effect it drops every period not followed by a
    // digit: "2.5" keeps its period, "dog." and "u.s.a" lose theirs.
    std::string result;
    result.reserve(out.size());
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '.' && !(i + 1 < out.size() && isDigit(out[i + 1])))
            continue;
        result.push_back(out[i]);
    }
    return result;
}

const std::unordered_map<std::string_view, std::string_view>& numberWords()
{
    static const std::unordered_map<std::string_view, std::string_view> map = {
        {"none", "0"}, {"zero", "0"}, {"one", "1"}, {"two", "2"}, {"three", "3"}, {"four", "4"},
        {"five", "5"}, {"six", "6"}, {"seven", "7"}, {"eight", "8"}, {"nine", "9"}, {"ten", "10"},
    };
    return map;
}

// The official contraction map. Left out: its capitalised keys ("Im", "Ive",
// "Id've", "I'dve"), which never match because words are lowercased first, the
// identities ("let's", "she's"), and "somebody'd" -> "somebodyd", which runs
// the wrong way.
const std::unordered_map<std::string_view, std::string_view>& contractions()
{
    static const std::unordered_map<std::string_view, std::string_view> map = {
        {"aint", "ain't"}, {"arent", "aren't"}, {"cant", "can't"}, {"couldve", "could've"},
        {"couldnt", "couldn't"}, {"couldn'tve", "couldn't've"}, {"couldnt've", "couldn't've"},
        {"didnt", "didn't"}, {"doesnt", "doesn't"}, {"dont", "don't"}, {"hadnt", "hadn't"},
        {"hadnt've", "hadn't've"}, {"hadn'tve", "hadn't've"}, {"hasnt", "hasn't"},
        {"havent", "haven't"}, {"hed", "he'd"}, {"hed've", "he'd've"}, {"he'dve", "he'd've"},
        {"hes", "he's"}, {"howd", "how'd"}, {"howll", "how'll"}, {"hows", "how's"},
        {"isnt", "isn't"}, {"itd", "it'd"}, {"itd've", "it'd've"}, {"it'dve", "it'd've"},
        {"itll", "it'll"}, {"maam", "ma'am"}, {"mightnt", "mightn't"},
        {"mightnt've", "mightn't've"}, {"mightn'tve", "mightn't've"}, {"mightve", "might've"},
        {"mustnt", "mustn't"}, {"mustve", "must've"}, {"neednt", "needn't"}, {"notve", "not've"},
        {"oclock", "o'clock"}, {"oughtnt", "oughtn't"}, {"ow's'at", "'ow's'at"},
        {"'ows'at", "'ow's'at"}, {"'ow'sat", "'ow's'at"}, {"shant", "shan't"},
        {"shed've", "she'd've"}, {"she'dve", "she'd've"}, {"shouldve", "should've"},
        {"shouldnt", "shouldn't"}, {"shouldnt've", "shouldn't've"},
        {"shouldn'tve", "shouldn't've"}, {"somebodyd've", "somebody'd've"},
        {"somebody'dve", "somebody'd've"}, {"somebodyll", "somebody'll"},
        {"somebodys", "somebody's"}, {"someoned", "someone'd"}, {"someoned've", "someone'd've"},
        {"someone'dve", "someone'd've"}, {"someonell", "someone'll"}, {"someones", "someone's"},
        {"somethingd", "something'd"}, {"somethingd've", "something'd've"},
        {"something'dve", "something'd've"}, {"somethingll", "something'll"},
        {"thats", "that's"}, {"thered", "there'd"}, {"thered've", "there'd've"},
        {"there'dve", "there'd've"}, {"therere", "there're"}, {"theres", "there's"},
        {"theyd", "they'd"}, {"theyd've", "they'd've"}, {"they'dve", "they'd've"},
        {"theyll", "they'll"}, {"theyre", "they're"}, {"theyve", "they've"}, {"twas", "'twas"},
        {"wasnt", "wasn't"}, {"wed've", "we'd've"}, {"we'dve", "we'd've"}, {"weve", "we've"},
        {"werent", "weren't"}, {"whatll", "what'll"}, {"whatre", "what're"}, {"whats", "what's"},
        {"whatve", "what've"}, {"whens", "when's"}, {"whered", "where'd"}, {"wheres", "where's"},
        {"whereve", "where've"}, {"whod", "who'd"}, {"whod've", "who'd've"},
        {"who'dve", "who'd've"}, {"wholl", "who'll"}, {"whos", "who's"}, {"whove", "who've"},
        {"whyll", "why'll"}, {"whyre", "why're"}, {"whys", "why's"}, {"wont", "won't"},
        {"wouldve", "would've"}, {"wouldnt", "wouldn't"}, {"wouldnt've", "wouldn't've"},
        {"wouldn'tve", "wouldn't've"}, {"yall", "y'all"}, {"yall'll", "y'all'll"},
        {"y'allll", "y'all'll"}, {"yall'd've", "y'all'd've"}, {"y'alld've", "y'all'd've"},
        {"y'all'dve", "y'all'd've"}, {"youd", "you'd"}, {"youd've", "you'd've"},
        {"you'dve", "you'd've"}, {"youll", "you'll"}, {"youre", "you're"}, {"youve", "you've"},
    };
    return map;
}

bool isArticle(std::string_view word)
{
    return word == "a" || word == "an" || word == "the";
}

// processDigitArticle of the official script: lowercase, split on whitespace,
// number words to digits, drop articles, mend contractions, join with spaces.
std::string processDigitArticle(std::string_view in)
{
    std::string out;
    size_t i = 0;
    while (i < in.size()) {
        while (i < in.size() && isSpace(in[i]))
            ++i;
        size_t end = i;
        while (end < in.size() && !isSpace(in[end]))
            ++end;
        if (end == i)
            break;
        std::string word(in.substr(i, end - i));
        i = end;
        std::transform(word.begin(), word.end(), word.begin(), toLowerAscii);
        std::string_view mapped = word;
        if (auto it = numberWords().find(mapped); it != numberWords().end())
            mapped = it->second;
        if (isArticle(mapped))
            continue;
        if (auto it = contractions().find(mapped); it != contractions().end())
            mapped = it->second;
        if (!out.empty())
            out.push_back(' ');
        out.append(mapped);
    }
    return out;
}

} // namespace

std::string normalizeAnswer(std::string_view answer)
{
    std::string text(answer);
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\t', ' ');
    // Trim before the punctuation pass, as the script does: whether a mark
    // touches a space decides whether it is removed or becomes a space.
    std::string_view trimmed = text;
    while (!trimmed.empty() && isSpace(trimmed.front()))
        trimmed.remove_prefix(1);
    while (!trimmed.empty() && isSpace(trimmed.back()))
        trimmed.remove_suffix(1);
    return processDigitArticle(processPunctuation(trimmed));
}

bool exactMatch(std::string_view predicted, std::string_view reference)
{
    return normalizeAnswer(predicted) == normalizeAnswer(reference);
}

double softAccuracy(std::string_view predicted, const std::vector<std::string>& references)
{
    if (references.empty())
        throw EngineError("softAccuracy: no reference answers");
    const std::string normalized = normalizeAnswer(predicted);
    size_t matches = 0;
    for (const auto& reference : references)
        if (normalizeAnswer(reference) == normalized)
            ++matches;
    return std::min(static_cast<double>(matches) / 3.0, 1.0);
}

void VqaAccumulator::add(std::string_view predicted, const std::vector<std::string>& references,
                         const std::string& questionType)
{
    if (references.empty())
        throw EngineError("VqaAccumulator::add: no reference answers for \"" +
                          std::string(predicted) + "\"");
    const double score = references.size() == 1 ? (exactMatch(predicted, references.front()) ? 1.0 : 0.0)
                                                : softAccuracy(predicted, references);
    m_total.sum += score;
    ++m_total.count;
    if (!questionType.empty()) {
        Tally& tally = m_byType[questionType];
        tally.sum += score;
        ++tally.count;
    }
}

VqaSummary VqaAccumulator::summary() const
{
    VqaSummary s;
    s.count = m_total.count;
    s.accuracy = m_total.count == 0 ? 0.0 : m_total.sum / static_cast<double>(m_total.count);
    for (const auto& [type, tally] : m_byType) {
        s.accuracyByType[type] = tally.sum / static_cast<double>(tally.count);
        s.countByType[type] = tally.count;
    }
    return s;
}

} // namespace fscope::metrics
