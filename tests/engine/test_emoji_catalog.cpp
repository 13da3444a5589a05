#include "check.h"

#include "data/emoji_catalog.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace ed = fscope::data;

namespace {

// Debian's unicode-data and unicode-cldr-core (dependencies, see scripts/setup.sh).
const char* kEmojiTest = "/usr/share/unicode/emoji/emoji-test.txt";
const char* kCldr = "/usr/share/unicode/cldr/common";

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fscope::check::recordFailure(__FILE__, __LINE__, path + " is missing (install unicode-data and unicode-cldr-core)");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

constexpr const char* kSample = R"(# comment
# group: Smileys & Emotion

# subgroup: face-smiling
1F600                                                  ; fully-qualified     # 😀 E1.0 grinning face
263A FE0F                                              ; fully-qualified     # ☺️ E0.6 smiling face
263A                                                   ; unqualified         # ☺ E0.6 smiling face

# subgroup: family
1F468 200D 1F469 200D 1F466                            ; fully-qualified     # 👨‍👩‍👦 E2.0 family: man, woman, boy
# group: Flags
1F3F4 E0067 E0062 E0065 E006E E0067 E007F              ; fully-qualified     # 🏴󠁧󠁢󠁥󠁮󠁧󠁿 E5.0 flag: England
)";

} // namespace

FS_TEST(emoji_catalog, parses_groups_code_points_and_names)
{
    auto entries = ed::parseEmojiTest(kSample);
    FS_REQUIRE(entries.ok());
    FS_REQUIRE(entries->size() == 4); // the unqualified line is skipped
    FS_CHECK((*entries)[0].emoji == "😀");
    FS_CHECK((*entries)[0].unicodeName == "grinning face");
    FS_CHECK((*entries)[0].group == "Smileys & Emotion" && (*entries)[0].subgroup == "face-smiling");
    FS_CHECK((*entries)[1].emoji == "\xE2\x98\xBA\xEF\xB8\x8F");
    FS_CHECK((*entries)[2].emoji == "👨‍👩‍👦");
    FS_CHECK((*entries)[2].unicodeName == "family: man, woman, boy" && (*entries)[2].subgroup == "family");
    FS_CHECK((*entries)[3].group == "Flags" && (*entries)[3].codepoints == "1F3F4 E0067 E0062 E0065 E006E E0067 E007F");
    auto bad = ed::parseEmojiTest("1F600 fully-qualified 😀\n");
    FS_REQUIRE(!bad.ok());
    FS_CHECK_CONTAINS(bad.error().message, "line 1");
    FS_CHECK(!ed::parseEmojiTest("# nothing here\n").ok());
}

FS_TEST(emoji_catalog, cldr_names_keywords_and_entities)
{
    ed::CldrAnnotations names;
    const char* xml = R"(<ldml><annotations>
        <annotation cp="☺">face | outlined | smile</annotation>
        <annotation cp="☺" type="tts">smiling face</annotation>
        <annotation cp="&amp;">ampersand | and</annotation>
        <annotation cp="&amp;" type="tts">ampersand &lt;&#x41;&#66;&gt;</annotation>
    </annotations></ldml>)";
    FS_REQUIRE(ed::addCldrAnnotations(names, xml).ok());
    // emoji-test's "☺️" (with U+FE0F) finds CLDR's "☺".
    const ed::Annotation* smile = ed::findAnnotation(names, "\xE2\x98\xBA\xEF\xB8\x8F");
    FS_REQUIRE(smile != nullptr);
    FS_CHECK(smile->tts == "smiling face");
    FS_CHECK(smile->keywords.size() == 3 && smile->keywords[2] == "smile");
    const ed::Annotation* amp = ed::findAnnotation(names, "&");
    FS_REQUIRE(amp != nullptr);
    FS_CHECK(amp->tts == "ampersand <AB>");
    FS_CHECK(!ed::addCldrAnnotations(names, "<annotation cp=\"x\">broken").ok());
    FS_CHECK(!ed::addCldrAnnotations(names, "<annotation cp=\"&nope;\">x</annotation>").ok());
}

FS_TEST(emoji_catalog, debian_data_names_enough_emoji_in_english_and_chinese)
{
    auto entries = ed::parseEmojiTest(readText(kEmojiTest));
    FS_REQUIRE(entries.ok());
    ed::CldrAnnotations en, zh;
    for (const char* dir : {"/annotations/", "/annotationsDerived/"}) {
        FS_REQUIRE(ed::addCldrAnnotations(en, readText(std::string(kCldr) + dir + "en.xml")).ok());
        FS_REQUIRE(ed::addCldrAnnotations(zh, readText(std::string(kCldr) + dir + "zh.xml")).ok());
    }
    size_t named = 0, namedZh = 0;
    std::map<std::string, int> splits;
    for (const auto& entry : *entries) {
        if (const auto* a = ed::findAnnotation(en, entry.emoji)) {
            ++named;
            namedZh += ed::findAnnotation(zh, entry.emoji) != nullptr;
            ++splits[ed::splitFor(entry)];
            FS_CHECK(ed::splitFor(entry) == ed::splitFor(entry));
            (void)a;
        }
    }
    std::printf("  %zu fully-qualified, %zu named in English, %zu of those in Chinese; train %d val %d test %d\n",
                entries->size(), named, namedZh, splits["train"], splits["val"], splits["test"]);
    FS_CHECK(named >= 1800);
    FS_CHECK(namedZh >= named * 95 / 100);
    FS_CHECK(std::abs(splits["test"] - static_cast<int>(named) / 10) < static_cast<int>(named) / 30);
    FS_CHECK(std::abs(splits["val"] - static_cast<int>(named) / 10) < static_cast<int>(named) / 30);
    const auto* grinning = ed::findAnnotation(zh, "😀");
    FS_REQUIRE(grinning != nullptr);
    FS_CHECK(grinning->tts == "嘿嘿");
}
