#pragma once
// The emoji the built-in pack is made of, read from Debian's Unicode data:
// unicode-data's emoji-test.txt (the emoji, their status, group and subgroup)
// and unicode-cldr-core's annotations (names and keywords per language).
//
//   auto entries = fscope::data::parseEmojiTest(readText("/usr/share/unicode/emoji/emoji-test.txt"));
//   fscope::data::CldrAnnotations en;
//   fscope::data::addCldrAnnotations(en, readText(".../annotations/en.xml"));
//   fscope::data::addCldrAnnotations(en, readText(".../annotationsDerived/en.xml"));
//   const auto* names = fscope::data::findAnnotation(en, entries[0].emoji); // tts name, keywords
//
// Lookups ignore U+FE0F (the emoji presentation selector): emoji-test lists
// "☺️" where CLDR keys "☺". Splits are a pure function of the emoji's code
// points (SHA-256), so every machine makes the same pack.
// Thread-safety: pure functions; any thread.

#include "util/result.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fscope::data {

struct EmojiEntry {
    std::string emoji;    // UTF-8
    std::string codepoints; // "1F600" or "1F468 200D 1F469" as listed
    std::string group;    // "Smileys & Emotion"
    std::string subgroup; // "face-smiling"
    std::string unicodeName; // emoji-test's name ("grinning face")
};

// The fully-qualified entries, in file order. Malformed lines are errors
// naming the line.
Result<std::vector<EmojiEntry>> parseEmojiTest(std::string_view text);

struct Annotation {
    std::string tts;                   // the spoken name ("grinning face")
    std::vector<std::string> keywords; // "face", "grin", ...
};

using CldrAnnotations = std::map<std::string, Annotation>; // key: emoji without U+FE0F

// Adds an annotations XML file's <annotation cp="..."> entries (both the keyword
// lists and the type="tts" names); later files add to earlier ones. Entities
// (&amp; &lt; &gt; &quot; &apos; and numeric ones) are decoded.
Result<void> addCldrAnnotations(CldrAnnotations& into, std::string_view xml);

const Annotation* findAnnotation(const CldrAnnotations& annotations, const std::string& emoji);

std::string withoutVariationSelector(const std::string& emoji);

// "train", "val" or "test": 80 / 10 / 10 by the SHA-256 of the code points.
std::string splitFor(const EmojiEntry& entry);

} // namespace fscope::data
