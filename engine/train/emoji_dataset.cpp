#include "train/emoji_dataset.h"

#include "io/audio.h"
#include "io/audio_preprocess.h"
#include "io/image.h"
#include "models/mini_preprocess.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

namespace fscope::train {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> stringList(const json::Value& line, const char* key)
{
    std::vector<std::string> out;
    if (const auto* list = line.find(key))
        for (const auto& item : list->asArray())
            out.push_back(item.asString());
    return out;
}

std::string stringField(const json::Value& line, const char* key, bool required)
{
    const auto* value = line.find(key);
    if (!value) {
        if (required)
            throw EngineError(std::string("missing \"") + key + "\"");
        return {};
    }
    return value->asString();
}

} // namespace

Result<std::vector<EmojiRecord>> readEmojiManifest(const std::string& manifestPath)
{
    std::ifstream in(manifestPath, std::ios::binary);
    if (!in)
        return Error{manifestPath + ": cannot open file"};
    std::vector<EmojiRecord> records;
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const std::string where = manifestPath + ":" + std::to_string(lineNumber) + ": ";
        auto doc = json::parse(line);
        if (!doc)
            return Error{where + doc.error().message};
        try {
            EmojiRecord r;
            r.emoji = stringField(*doc, "emoji", false);
            r.image = stringField(*doc, "image", true);
            r.text = stringField(*doc, "text", true);
            r.textZh = stringField(*doc, "text_zh", false);
            r.group = stringField(*doc, "group", false);
            r.subgroup = stringField(*doc, "subgroup", false);
            r.split = stringField(*doc, "split", false);
            r.keywords = stringList(*doc, "keywords");
            r.keywordsZh = stringList(*doc, "keywords_zh");
            r.audio = stringList(*doc, "audio");
            r.audioVoices = stringList(*doc, "audio_voices");
            if (!r.audioVoices.empty() && r.audioVoices.size() != r.audio.size())
                return Error{where + "\"audio\" and \"audio_voices\" differ in length"};
            r.fields = std::move(*doc);
            records.push_back(std::move(r));
        } catch (const EngineError& e) {
            return Error{where + e.what()};
        }
    }
    if (records.empty())
        return Error{manifestPath + ": no records"};
    return records;
}

Result<torch::Tensor> loadEmojiImages(const std::vector<EmojiRecord>& records, const std::string& packDir,
                                      int64_t size)
{
    auto images = torch::empty({int64_t(records.size()), 3, size, size}, torch::kUInt8);
    for (size_t i = 0; i < records.size(); ++i) {
        const std::string path = (fs::path(packDir) / records[i].image).string();
        auto image = io::loadImage(path);
        if (!image)
            return image.error();
        // -1..1 back to 0..255: one preprocessing path for training and the app.
        const auto pixels = models::miniImagePixels(*image, size);
        images[int64_t(i)].copy_(((pixels * 0.5 + 0.5) * 255.0).round().clamp(0, 255).to(torch::kUInt8));
    }
    return images;
}

Result<std::vector<EmojiClip>> loadEmojiAudio(const std::vector<EmojiRecord>& records, const std::string& packDir,
                                              const std::function<bool(const std::string& voice)>& wanted,
                                              int64_t maxFrames, int threads,
                                              const std::function<bool(size_t, size_t)>& progress)
{
    std::vector<EmojiClip> clips;
    std::vector<std::string> paths;
    for (size_t r = 0; r < records.size(); ++r)
        for (size_t a = 0; a < records[r].audio.size(); ++a) {
            const std::string voice = a < records[r].audioVoices.size() ? records[r].audioVoices[a] : std::string();
            if (!wanted(voice))
                continue;
            clips.push_back({r, voice, {}});
            paths.push_back((fs::path(packDir) / records[r].audio[a]).string());
        }
    std::atomic<size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::mutex errorMutex;
    std::optional<Error> firstError;
    const auto work = [&] {
        for (size_t i = next++; i < clips.size() && !stop; i = next++) {
            auto clip = io::loadAudio(paths[i]);
            if (!clip) {
                std::lock_guard lock(errorMutex);
                if (!firstError)
                    firstError = clip.error();
                stop = true;
                break;
            }
            auto mono = clip->mono();
            if (clip->sampleRate != models::kMiniSampleRate)
                mono = io::resample(mono, clip->sampleRate, models::kMiniSampleRate);
            clips[i].features = models::miniAudioFeatures(mono, maxFrames).to(torch::kHalf);
            ++done;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, threads); ++t)
        pool.emplace_back(work);
    while (done < clips.size() && !stop) {
        if (progress && !progress(done, clips.size()))
            stop = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    for (auto& t : pool)
        t.join();
    if (firstError)
        return *firstError;
    if (done < clips.size())
        return Error{"cancelled"};
    return clips;
}

std::vector<std::string> emojiCorpus(const std::vector<EmojiRecord>& records)
{
    std::vector<std::string> corpus;
    for (const auto& r : records) {
        corpus.push_back(r.text);
        corpus.push_back(r.textZh);
        corpus.insert(corpus.end(), r.keywords.begin(), r.keywords.end());
        corpus.insert(corpus.end(), r.keywordsZh.begin(), r.keywordsZh.end());
    }
    return corpus;
}

} // namespace fscope::train
