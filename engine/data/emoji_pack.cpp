#include "data/emoji_pack.h"

#include "data/emoji_catalog.h"
#include "data/spoken_clips.h"
#include "io/audio.h"
#include "io/file_checks.h"
#include "util/json.h"
#include "util/text_file.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

namespace fscope::data {

namespace {

namespace fs = std::filesystem;

Result<std::string> readInputText(const std::string& path)
{
    if (auto problem = io::inputFileProblem(path, false))
        return *problem;
    return readTextFile(path);
}

struct PackItem {
    EmojiEntry entry;
    const Annotation* en = nullptr;
    const Annotation* zh = nullptr;
    std::string stem;
};

Result<CldrAnnotations> loadAnnotations(const std::string& cldrDir, const std::string& language)
{
    CldrAnnotations annotations;
    for (const char* folder : {"annotations", "annotationsDerived"}) {
        const std::string path = cldrDir + "/" + folder + "/" + language + ".xml";
        auto text = readInputText(path);
        if (!text)
            return text.error();
        if (auto added = addCldrAnnotations(annotations, *text); !added)
            return io::fileError(path, added.error().message);
    }
    return annotations;
}

json::Value stringArray(const std::vector<std::string>& values)
{
    json::Value array = json::Value::array();
    for (const auto& v : values)
        array.push(v);
    return array;
}

std::string audioPath(const EmojiVoice& voice, const std::string& stem)
{
    return "audio/" + voice.id + "/" + stem + ".ogg";
}

// Speaks every (emoji, voice) pair not already on disk.
Result<int> synthesizeAll(const EmojiPackOptions& options, const std::vector<PackItem>& items,
                          const EmojiPackProgress& progress)
{
    std::vector<SpokenClip> clips;
    for (const auto& item : items)
        for (const auto& voice : emojiPackVoices())
            clips.push_back({voice.language == "zh" ? item.zh->tts : item.en->tts, voice.voice, voice.wordsPerMinute,
                             (fs::path(options.outDir) / audioPath(voice, item.stem)).string()});
    return speakClips(clips, options.espeakProgram, options.jobs, [&](int done, int total) {
        return !progress || progress("speech", done, total);
    });
}

} // namespace

const std::vector<EmojiVoice>& emojiPackVoices()
{
    // Training: six English accents at different speeds, and Mandarin for the
    // Chinese names. Held out: two British accents the model never hears.
    static const std::vector<EmojiVoice> voices = {
        {"en-us-175", "en-us", 175, "en", false},
        {"en-gb-160", "en-gb", 160, "en", false},
        {"en-gb-scotland-190", "en-gb-scotland", 190, "en", false},
        {"en-029-150", "en-029", 150, "en", false},
        {"en-gb-x-gbclan-205", "en-gb-x-gbclan", 205, "en", false},
        {"en-us-nyc-185", "en-us-nyc", 185, "en", false},
        {"cmn-170", "cmn", 170, "zh", false},
        {"en-gb-x-rp-170", "en-gb-x-rp", 170, "en", true},
        {"en-gb-x-gbcwmd-180", "en-gb-x-gbcwmd", 180, "en", true},
    };
    return voices;
}

const EmojiVoice* findEmojiVoice(const std::string& id)
{
    for (const auto& voice : emojiPackVoices())
        if (voice.id == id)
            return &voice;
    return nullptr;
}

std::string emojiFileStem(const std::string& codepoints)
{
    std::string stem;
    for (char c : codepoints)
        stem += c == ' ' ? '-' : char(std::tolower(static_cast<unsigned char>(c)));
    return stem;
}

Result<EmojiPackSummary> buildEmojiPack(const EmojiPackOptions& options, const EmojiRenderer& render,
                                        const EmojiPackProgress& progress)
{
    if (options.outDir.empty())
        return Error{"make-pack: no output folder"};
    if (options.imageSize < 16 || options.imageSize > 512)
        return Error{"make-pack: image size must be 16..512 pixels"};
    auto testText = readInputText(options.emojiTestPath);
    if (!testText)
        return testText.error();
    auto entries = parseEmojiTest(*testText);
    if (!entries)
        return io::fileError(options.emojiTestPath, entries.error().message);
    auto en = loadAnnotations(options.cldrDir, "en");
    if (!en)
        return en.error();
    auto zh = loadAnnotations(options.cldrDir, "zh");
    if (!zh)
        return zh.error();

    EmojiPackSummary summary;
    std::vector<PackItem> items;
    for (const auto& entry : *entries) {
        const Annotation* enName = findAnnotation(*en, entry.emoji);
        const Annotation* zhName = findAnnotation(*zh, entry.emoji);
        if (!enName || !zhName || enName->tts.empty() || zhName->tts.empty()) {
            ++summary.skippedUnnamed;
            continue;
        }
        items.push_back({entry, enName, zhName, emojiFileStem(entry.codepoints)});
        if (options.limit > 0 && int(items.size()) >= options.limit)
            break;
    }

    std::error_code ec;
    fs::create_directories(fs::path(options.outDir) / "images", ec);
    if (ec)
        return io::fileError(options.outDir, "cannot create folder (" + ec.message() + ")");

    std::vector<PackItem> rendered;
    for (size_t i = 0; i < items.size(); ++i) {
        if (progress && !progress("images", int(i), int(items.size())))
            return Error{"cancelled"};
        auto image = render(items[i].entry.emoji, options.imageSize);
        if (!image) {
            ++summary.skippedUnrendered;
            continue;
        }
        const std::string path = (fs::path(options.outDir) / "images" / (items[i].stem + ".png")).string();
        if (auto saved = io::saveImagePng(path, *image); !saved)
            return saved.error();
        rendered.push_back(items[i]);
    }
    if (progress)
        progress("images", int(items.size()), int(items.size()));

    if (options.withAudio) {
        auto spoken = synthesizeAll(options, rendered, progress);
        if (!spoken)
            return spoken.error();
        summary.audioFiles = *spoken;
    }

    std::string manifest;
    for (const auto& item : rendered) {
        json::Value line = json::Value::object();
        line["emoji"] = item.entry.emoji;
        line["codepoints"] = item.entry.codepoints;
        line["image"] = "images/" + item.stem + ".png";
        line["text"] = item.en->tts;
        line["text_zh"] = item.zh->tts;
        line["keywords"] = stringArray(item.en->keywords);
        line["keywords_zh"] = stringArray(item.zh->keywords);
        line["group"] = item.entry.group;
        line["subgroup"] = item.entry.subgroup;
        json::Value audio = json::Value::array(), voices = json::Value::array();
        if (options.withAudio) {
            for (const auto& voice : emojiPackVoices()) {
                audio.push(audioPath(voice, item.stem));
                voices.push(voice.id);
            }
        }
        line["audio"] = std::move(audio);
        line["audio_voices"] = std::move(voices);
        const std::string split = splitFor(item.entry);
        line["split"] = split;
        (split == "train" ? summary.train : split == "val" ? summary.val : summary.test)++;
        manifest += json::serialize(line) + "\n";
    }
    summary.emoji = int(rendered.size());
    if (auto written = writeTextFileAtomically((fs::path(options.outDir) / "manifest.jsonl").string(), manifest); !written)
        return written.error();
    return summary;
}

} // namespace fscope::data
