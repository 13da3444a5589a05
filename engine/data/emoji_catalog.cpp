#include "data/emoji_catalog.h"

#include "util/sha256.h"

#include <cctype>
#include <optional>
#include <cstdlib>
#include <sstream>

namespace fscope::data {

namespace {

std::string trim(std::string_view s)
{
    size_t begin = 0, end = s.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(s[begin])))
        ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1])))
        --end;
    return std::string(s.substr(begin, end - begin));
}

void appendUtf8(std::string& out, unsigned long c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

Result<std::string> decodeEntities(std::string_view text)
{
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const size_t semi = text.find(';', i);
        if (semi == std::string_view::npos)
            return Error{"unterminated entity"};
        const std::string_view name = text.substr(i + 1, semi - i - 1);
        if (name == "amp")
            out += '&';
        else if (name == "lt")
            out += '<';
        else if (name == "gt")
            out += '>';
        else if (name == "quot")
            out += '"';
        else if (name == "apos")
            out += '\'';
        else if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string digits(name.substr(hex ? 2 : 1));
            char* end = nullptr;
            const unsigned long code = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
            if (digits.empty() || *end != '\0' || code > 0x10FFFF)
                return Error{"bad character reference &" + std::string(name) + ";"};
            appendUtf8(out, code);
        } else {
            return Error{"unknown entity &" + std::string(name) + ";"};
        }
        i = semi;
    }
    return out;
}

// The value of attribute `name` in an element's opening tag text, or nullopt.
std::optional<std::string> attribute(std::string_view tag, std::string_view name)
{
    const std::string key = " " + std::string(name) + "=\"";
    const size_t at = tag.find(key);
    if (at == std::string_view::npos)
        return std::nullopt;
    const size_t start = at + key.size();
    const size_t end = tag.find('"', start);
    if (end == std::string_view::npos)
        return std::nullopt;
    return std::string(tag.substr(start, end - start));
}

} // namespace

std::string withoutVariationSelector(const std::string& emoji)
{
    static const std::string kFe0f = "\xEF\xB8\x8F";
    std::string out;
    for (size_t i = 0; i < emoji.size();) {
        if (emoji.compare(i, kFe0f.size(), kFe0f) == 0) {
            i += kFe0f.size();
            continue;
        }
        out += emoji[i++];
    }
    return out;
}

Result<std::vector<EmojiEntry>> parseEmojiTest(std::string_view text)
{
    std::vector<EmojiEntry> entries;
    std::string group, subgroup;
    std::istringstream lines{std::string(text)};
    size_t lineNo = 0;
    for (std::string line; std::getline(lines, line);) {
        ++lineNo;
        if (line.rfind("# group:", 0) == 0) {
            group = trim(line.substr(8));
            continue;
        }
        if (line.rfind("# subgroup:", 0) == 0) {
            subgroup = trim(line.substr(11));
            continue;
        }
        if (trim(line).empty() || line[0] == '#')
            continue;
        // "1F600   ; fully-qualified     # 😀 E1.0 grinning face"
        const size_t semi = line.find(';');
        const size_t hash = line.find('#');
        if (semi == std::string::npos || hash == std::string::npos || hash < semi)
            return Error{"emoji-test.txt: line " + std::to_string(lineNo) + ": expected 'code points ; status # ...'"};
        if (trim(std::string_view(line).substr(semi + 1, hash - semi - 1)) != "fully-qualified")
            continue;
        EmojiEntry entry;
        entry.codepoints = trim(std::string_view(line).substr(0, semi));
        std::istringstream points(entry.codepoints);
        for (std::string point; points >> point;) {
            char* end = nullptr;
            const unsigned long code = std::strtoul(point.c_str(), &end, 16);
            if (*end != '\0' || code == 0 || code > 0x10FFFF)
                return Error{"emoji-test.txt: line " + std::to_string(lineNo) + ": bad code point '" + point + "'"};
            appendUtf8(entry.emoji, code);
        }
        // The comment: the emoji, its version ("E1.0"), then the name.
        std::istringstream comment(line.substr(hash + 1));
        std::string shown, version;
        comment >> shown >> version;
        std::string name;
        std::getline(comment, name);
        entry.unicodeName = trim(name);
        entry.group = group;
        entry.subgroup = subgroup;
        if (entry.emoji.empty() || entry.unicodeName.empty())
            return Error{"emoji-test.txt: line " + std::to_string(lineNo) + ": no code points or no name"};
        entries.push_back(std::move(entry));
    }
    if (entries.empty())
        return Error{"emoji-test.txt: no fully-qualified emoji found"};
    return entries;
}

Result<void> addCldrAnnotations(CldrAnnotations& into, std::string_view xml)
{
    size_t pos = 0;
    size_t count = 0;
    while ((pos = xml.find("<annotation ", pos)) != std::string_view::npos) {
        const size_t tagEnd = xml.find('>', pos);
        const size_t close = xml.find("</annotation>", pos);
        if (tagEnd == std::string_view::npos || close == std::string_view::npos || close < tagEnd)
            return Error{"unterminated <annotation> element at byte " + std::to_string(pos)};
        const std::string_view tag = xml.substr(pos, tagEnd - pos);
        const auto cp = attribute(tag, "cp");
        if (!cp)
            return Error{"an <annotation> without cp at byte " + std::to_string(pos)};
        auto emoji = decodeEntities(*cp);
        auto body = decodeEntities(xml.substr(tagEnd + 1, close - tagEnd - 1));
        if (!emoji || !body)
            return Error{(emoji ? body.error() : emoji.error()).message + " at byte " + std::to_string(pos)};
        Annotation& entry = into[withoutVariationSelector(*emoji)];
        if (attribute(tag, "type").value_or("") == "tts") {
            entry.tts = trim(*body);
        } else {
            entry.keywords.clear();
            std::string_view rest = *body;
            while (!rest.empty()) {
                const size_t bar = rest.find('|');
                const std::string keyword = trim(rest.substr(0, bar));
                if (!keyword.empty())
                    entry.keywords.push_back(keyword);
                if (bar == std::string_view::npos)
                    break;
                rest.remove_prefix(bar + 1);
            }
        }
        ++count;
        pos = close;
    }
    if (count == 0)
        return Error{"no <annotation> elements"};
    return {};
}

const Annotation* findAnnotation(const CldrAnnotations& annotations, const std::string& emoji)
{
    const auto it = annotations.find(withoutVariationSelector(emoji));
    return it == annotations.end() || it->second.tts.empty() ? nullptr : &it->second;
}

std::string splitFor(const EmojiEntry& entry)
{
    const std::string hash = sha256Hex("emoji-split:" + entry.codepoints);
    const int bucket = std::stoi(hash.substr(0, 4), nullptr, 16) % 10;
    return bucket == 0 ? "test" : bucket == 1 ? "val" : "train";
}

} // namespace fscope::data
