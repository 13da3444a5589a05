#include "data/accents.h"

#include <array>
#include <map>
#include <vector>

namespace fscope::data {

namespace {

// espeak-ng's English phoneme mnemonics of more than one character, longest
// first, so that "aU" is one vowel and not "a" then "U".
const std::array<const char*, 26> kLongPhonemes = {"aI@", "aU@", "dZ", "tS", "aU", "aI", "eI", "@U", "OI", "e@",
                                                  "I@",  "U@",  "i:", "u:", "3:", "A:", "O:", "o:", "e:", "@2",
                                                  "I2",  "a#",  "@L", "i@", "0#", "V#"};

std::vector<std::string> splitPhonemes(const std::string& text)
{
    std::vector<std::string> tokens;
    for (size_t i = 0; i < text.size();) {
        size_t length = 1;
        for (const char* p : kLongPhonemes)
            if (text.compare(i, std::char_traits<char>::length(p), p) == 0) {
                length = std::char_traits<char>::length(p);
                break;
            }
        tokens.push_back(text.substr(i, length));
        i += length;
    }
    return tokens;
}

struct SoundChange {
    const char* name;
    std::map<std::string, std::string> replace; // "" deletes the phoneme
};

// Features of real English accents (Wells, Accents of English, 1982).
const std::vector<SoundChange>& soundChanges()
{
    static const std::vector<SoundChange> changes = {
        {"h-dropping", {{"h", ""}}},
        {"th-stopping", {{"D", "d"}, {"T", "t"}}},
        {"th-fronting", {{"D", "v"}, {"T", "f"}}},
        {"foot-strut", {{"V", "U"}}},
        {"unrounded lot", {{"0", "A:"}}},
        {"monophthong face and goat", {{"eI", "e:"}, {"@U", "o:"}}},
        {"broad trap", {{"a", "A:"}}},
        {"full schwa", {{"@", "V"}, {"@2", "V"}}},
        {"tense happy", {{"i", "i:"}, {"I2", "i:"}}},
        {"raised dress", {{"E", "e"}}},
    };
    return changes;
}

// Each accent: indices into soundChanges(). h-dropping, the commonest in
// England, is in four of the six.
const std::vector<std::vector<int>>& accents()
{
    static const std::vector<std::vector<int>> sets = {
        {0, 3}, {0, 5, 1}, {2, 6, 8}, {0, 4, 7}, {1, 9, 5}, {0, 2, 3, 6},
    };
    return sets;
}

} // namespace

int shapesAccentCount()
{
    return int(accents().size());
}

std::string accentedPhonemes(const std::string& phonemes, int accent)
{
    if (accent <= 0 || accent > shapesAccentCount())
        return phonemes;
    std::string out;
    for (const auto& token : splitPhonemes(phonemes)) {
        std::string spoken = token;
        for (int change : accents()[size_t(accent - 1)]) {
            const auto& replace = soundChanges()[size_t(change)].replace;
            if (const auto found = replace.find(token); found != replace.end()) {
                spoken = found->second;
                break;
            }
        }
        out += spoken;
    }
    return out;
}

std::string accentDescription(int accent)
{
    if (accent <= 0 || accent > shapesAccentCount())
        return "";
    std::string text;
    for (int change : accents()[size_t(accent - 1)])
        text += (text.empty() ? "" : ", ") + std::string(soundChanges()[size_t(change)].name);
    return text;
}

} // namespace fscope::data
