#include "data/emoji_sample.h"

#include "util/json.h"
#include "util/text_file.h"

#include <filesystem>
#include <sstream>

namespace fscope::data {

namespace fs = std::filesystem;

namespace {

bool isSingleCodePoint(const json::Value& line)
{
    const auto* codepoints = line.find("codepoints");
    return codepoints && codepoints->isString() && !codepoints->asString().empty()
        && codepoints->asString().find(' ') == std::string::npos;
}

// The clip of `voice` among the line's audio files, or "" when it has none.
std::string clipOfVoice(const json::Value& line, const std::string& voice)
{
    const auto* audio = line.find("audio");
    const auto* voices = line.find("audio_voices");
    if (!audio || !voices || !audio->isArray() || !voices->isArray() || audio->size() != voices->size())
        return {};
    for (size_t i = 0; i < voices->size(); ++i)
        if (voices->asArray()[i].isString() && voices->asArray()[i].asString() == voice)
            return audio->asArray()[i].asString();
    return {};
}

Result<void> copyInto(const fs::path& from, const fs::path& to)
{
    std::error_code error;
    fs::create_directories(to.parent_path(), error);
    if (!error)
        fs::copy_file(from, to, fs::copy_options::overwrite_existing, error);
    if (error)
        return Error{"cannot copy " + from.string() + " to " + to.string() + ": " + error.message()};
    return {};
}

} // namespace

Result<int> extractEmojiSample(const EmojiSampleOptions& options)
{
    if (options.count <= 0)
        return Error{"the sample needs at least one emoji"};
    const fs::path pack(options.packDir);
    const fs::path manifestPath = pack / "manifest.jsonl";
    auto text = readTextFile(manifestPath.string());
    if (!text)
        return text.error();

    std::vector<json::Value> candidates;
    std::istringstream lines(*text);
    std::string lineText;
    for (int number = 1; std::getline(lines, lineText); ++number) {
        if (lineText.empty())
            continue;
        auto line = json::parse(lineText);
        if (!line || !line->isObject())
            return Error{manifestPath.string() + ": line " + std::to_string(number) + " is not a JSON object"};
        if (isSingleCodePoint(*line))
            candidates.push_back(std::move(*line));
    }
    if (candidates.empty())
        return Error{manifestPath.string() + ": no emoji of a single code point"};

    const size_t count = std::min(candidates.size(), static_cast<size_t>(options.count));
    const fs::path out(options.outDir);
    std::string manifest;
    for (size_t k = 0; k < count; ++k) {
        // Evenly spaced through the pack's order (grouped by Unicode's groups).
        json::Value line = candidates[k * candidates.size() / count];
        const std::string image = line["image"].asString();
        if (auto copied = copyInto(pack / image, out / image); !copied)
            return copied.error();
        json::Value audio = json::Value::array();
        json::Value audioVoices = json::Value::array();
        if (!options.voice.empty()) {
            const std::string clip = clipOfVoice(line, options.voice);
            if (clip.empty())
                return Error{manifestPath.string() + ": " + line["codepoints"].asString() + " has no clip of the voice "
                             + options.voice};
            if (auto copied = copyInto(pack / clip, out / clip); !copied)
                return copied.error();
            audio.push(clip);
            audioVoices.push(options.voice);
        }
        line["audio"] = std::move(audio);
        line["audio_voices"] = std::move(audioVoices);
        manifest += json::serialize(line) + "\n";
    }
    if (auto written = writeTextFileAtomically((out / "manifest.jsonl").string(), manifest); !written)
        return written.error();
    return static_cast<int>(count);
}

} // namespace fscope::data
