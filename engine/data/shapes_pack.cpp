#include "data/shapes_pack.h"

#include "data/accents.h"
#include "data/shapes_world.h"
#include "data/spoken_clips.h"
#include "io/file_checks.h"
#include "io/image.h"
#include "io/speech.h"
#include "util/json.h"
#include "util/text_file.h"

#include <cstdio>
#include <filesystem>

namespace fscope::data {

namespace {

namespace fs = std::filesystem;

std::string imagePath(const std::string& split, int index)
{
    char name[32];
    std::snprintf(name, sizeof name, "%05d.png", index);
    return "images/" + split + "/" + name;
}

std::string audioPath(const ShapesVoice& voice, int type, int colour)
{
    return "audio/" + voice.id + "/" + shapesQuestionStem(type, colour) + ".ogg";
}

} // namespace

const std::vector<ShapesVoice>& shapesPackVoices()
{
    static const std::vector<ShapesVoice> voices = [] {
        std::vector<ShapesVoice> all = {
            {"en-us-175", "en-us", 175, false},
            {"en-gb-160", "en-gb", 160, false},
            {"en-gb-scotland-190", "en-gb-scotland", 190, false},
            {"en-029-150", "en-029", 150, false},
            {"en-us-nyc-185", "en-us-nyc", 185, false},
            {"en-gb-x-gbclan-205", "en-gb-x-gbclan", 205, false},
        };
        // More speakers for the spoken-question reader, which must understand
        // voices it never heard: espeak-ng's pitch and formant variants of the
        // training accents (never of the held-out ones), each at its own speed.
        const char* accents[] = {"en-us", "en-gb", "en-gb-scotland", "en-029", "en-us-nyc", "en-gb-x-gbclan"};
        const char* variants[] = {"m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "klatt",
                                  "klatt2", "klatt3", "croak"};
        int n = 0;
        for (const char* accent : accents)
            for (const char* variant : variants) {
                const int speed = 140 + (n++ * 37) % 75; // 140-214 words per minute, spread
                all.push_back({std::string(accent) + "-" + variant + "-" + std::to_string(speed),
                               std::string(accent) + "+" + variant, speed, false, true});
            }
        // Accents espeak-ng has no voice for (data/accents.h), each in every
        // training accent's voice.
        for (const char* accent : accents)
            for (int k = 1; k <= shapesAccentCount(); ++k) {
                const int speed = 150 + (n++ * 29) % 55; // 150-204
                all.push_back({std::string(accent) + "-a" + std::to_string(k) + "-" + std::to_string(speed), accent, speed,
                               false, true, k});
            }
        all.push_back({"en-gb-x-rp-170", "en-gb-x-rp", 170, true});
        all.push_back({"en-gb-x-gbcwmd-180", "en-gb-x-gbcwmd", 180, true});
        return all;
    }();
    return voices;
}

std::string shapesQuestionStem(int type, int colour)
{
    return shapesQuestionTypeName(ShapesQuestionType(type)) + "-" + shapesColourNames()[size_t(colour)];
}

Result<ShapesPackSummary> buildShapesPack(const ShapesPackOptions& options,
                                          const std::function<bool(const std::string&, int, int)>& progress)
{
    if (options.outDir.empty())
        return Error{"make-pack: no output folder"};
    if (options.trainImages < 0 || options.testImages < 0 || options.trainImages + options.testImages == 0)
        return Error{"make-pack: the pack needs at least one image"};
    const fs::path out(options.outDir);
    for (const char* split : {"train", "test"}) {
        std::error_code ec;
        fs::create_directories(out / "images" / split, ec);
        if (ec)
            return io::fileError(options.outDir, "cannot create folder (" + ec.message() + ")");
    }

    ShapesPackSummary summary;
    // One generator for the scenes, one for the questions: adding questions never moves a scene.
    ShapesRng sceneRng(options.seed * 2 + 1);
    ShapesRng questionRng(options.seed * 2 + 2);
    ShapesRng offsetRng(options.seed * 2 + 3);
    std::string scenes, lines[2];
    const int total = options.trainImages + options.testImages;
    for (int n = 0; n < total; ++n) {
        if (progress && n % 100 == 0 && !progress("images", n, total))
            return Error{"cancelled"};
        const bool test = n >= options.trainImages;
        const std::string split = test ? "test" : "train";
        const int index = test ? n - options.trainImages : n;
        const ShapesScene scene = randomScene(sceneRng);
        const std::string image = imagePath(split, index);
        // The offsets have their own generator, so a smooth pack holds the same
        // scenes and questions as a plain one with the same seed.
        const auto picture = options.smooth ? renderSceneSmooth(scene, (offsetRng.uniform(0, 800) - 400) / 1000.0,
                                                                (offsetRng.uniform(0, 800) - 400) / 1000.0)
                                            : renderScene(scene);
        if (auto saved = io::saveImagePng((out / image).string(), picture); !saved)
            return saved.error();

        json::Value sceneLine = json::Value::object();
        sceneLine["scene"] = n;
        sceneLine["split"] = split;
        sceneLine["image"] = image;
        json::Value objects = json::Value::array();
        for (const auto& object : scene.objects) {
            json::Value o = json::Value::object();
            o["colour"] = shapesColourNames()[size_t(object.colour)];
            o["shape"] = object.square ? "square" : "circle";
            o["x"] = object.x;
            o["y"] = object.y;
            objects.push(std::move(o));
        }
        sceneLine["objects"] = std::move(objects);
        scenes += json::serialize(sceneLine) + "\n";

        for (const auto& question : questionsFor(scene, questionRng)) {
            json::Value line = json::Value::object();
            line["image"] = image;
            line["question"] = question.text;
            line["answer"] = question.answer;
            line["type"] = shapesQuestionTypeName(question.type);
            line["relational"] = isRelational(question.type);
            line["colour"] = shapesColourNames()[size_t(question.colour)];
            line["scene"] = n;
            json::Value audio = json::Value::array(), voices = json::Value::array();
            if (options.withAudio)
                for (const auto& voice : shapesPackVoices()) {
                    if (voice.variant)
                        continue;
                    audio.push(audioPath(voice, int(question.type), question.colour));
                    voices.push(voice.id);
                }
            line["audio"] = std::move(audio);
            line["audio_voices"] = std::move(voices);
            lines[test] += json::serialize(line) + "\n";
            (test ? summary.testQuestions : summary.trainQuestions)++;
        }
        (test ? summary.testImages : summary.trainImages)++;
    }
    if (progress)
        progress("images", total, total);

    std::string speech;
    if (options.withAudio) {
        std::vector<SpokenClip> clips;
        for (const auto& voice : shapesPackVoices())
            for (int type = 0; type < kShapesQuestionTypes && (options.variantVoices || !voice.variant); ++type)
                for (int colour = 0; colour < kShapesColours; ++colour) {
                    const std::string question = shapesQuestionText(ShapesQuestionType(type), colour);
                    std::string said = question;
                    json::Value line = json::Value::object();
                    if (voice.accent > 0) {
                        auto phonemes = io::speechPhonemes(question, voice.voice);
                        if (!phonemes)
                            return phonemes.error();
                        said = "[[" + accentedPhonemes(*phonemes, voice.accent) + "]]";
                        line["accent"] = accentDescription(voice.accent);
                        line["espeak_phonemes"] = said;
                    }
                    clips.push_back({said, voice.voice, voice.wordsPerMinute, (out / audioPath(voice, type, colour)).string()});
                    line["audio"] = audioPath(voice, type, colour);
                    line["question"] = question;
                    line["type"] = shapesQuestionTypeName(ShapesQuestionType(type));
                    line["colour"] = shapesColourNames()[size_t(colour)];
                    line["voice"] = voice.id;
                    line["espeak_voice"] = voice.voice;
                    line["words_per_minute"] = voice.wordsPerMinute;
                    line["held_out"] = voice.heldOut;
                    speech += json::serialize(line) + "\n";
                }
        auto spoken = speakClips(clips, options.espeakProgram, options.jobs, [&](int done, int all) {
            return !progress || progress("speech", done, all);
        });
        if (!spoken)
            return spoken.error();
        summary.audioFiles = *spoken;
    }

    for (const auto& [name, text] : {std::pair<const char*, const std::string*>{"scenes.jsonl", &scenes},
                                     {"train.jsonl", &lines[0]},
                                     {"test.jsonl", &lines[1]},
                                     {"speech.jsonl", &speech}})
        if (options.withAudio || text != &speech)
            if (auto written = writeTextFileAtomically((out / name).string(), *text); !written)
                return written.error();
    return summary;
}

} // namespace fscope::data
