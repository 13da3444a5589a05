#pragma once
// Builds the shapes pack (Sort-of-CLEVR, DESIGN.md "Data packs"): scenes drawn
// by data/shapes_world.h, 20 questions per scene (10 non-relational, 10
// relational) with their answers, and every question spoken by espeak-ng in
// several voices (the question texts are the 6 templates x 6 colours, so 36
// clips per voice): six English accents, 16 pitch and formant variants of
// each, six accents espeak-ng lacks made from its phonemes in each of the six
// (data/accents.h), and the two held-out accents. Deterministic: the same seed gives the same bytes.
//
//   ShapesPackOptions options;
//   options.outDir = "packs/shapes";
//   auto summary = fscope::data::buildShapesPack(options, onProgress);
//   // packs/shapes/train.jsonl, test.jsonl, scenes.jsonl, images/train/00000.png,
//   // audio/en-gb-x-rp-170/closest-red.ogg ...
//
// Question lines: {"image": "images/train/00000.png", "question": "...", "answer": "circle",
//   "type": "closest", "relational": true, "colour": "red", "scene": 0,
//   "audio": ["audio/en-us-175/closest-red.ogg", ...], "audio_voices": ["en-us-175", ...]}
// The question lines list the speech of the main voices; speech.jsonl lists
// every clip: {"audio", "question", "type", "colour", "voice", "espeak_voice",
//   "words_per_minute", "held_out"}.
// Scene lines: {"scene": 0, "split": "train", "image": ..., "objects": [{"colour": "red",
//   "shape": "square", "x": 12, "y": 40}, ...]}.
// Thread-safety: one build per output folder.

#include "util/result.h"

#include <functional>
#include <string>
#include <vector>

namespace fscope::data {

struct ShapesVoice {
    std::string id;    // "en-us-175": the audio sub-folder
    std::string voice; // espeak-ng's voice name
    int wordsPerMinute;
    bool heldOut;      // evaluation only
    bool variant = false; // a pitch or formant variant: in speech.jsonl only, not on every question line
    int accent = 0;       // > 0: espeak-ng's phonemes with data/accents.h's accent `accent`, spoken by `voice`
};

// Training voices first; en-gb-x-rp and en-gb-x-gbcwmd are held out.
const std::vector<ShapesVoice>& shapesPackVoices();

struct ShapesPackOptions {
    std::string outDir;
    int trainImages = 9800;
    int testImages = 200;
    uint64_t seed = 1;
    bool withAudio = true;
    bool variantVoices = true; // false: the main voices only (no ShapesVoice::variant), a quicker build
    // Draw the scenes another way (antialiased, moved by under half a pixel) to
    // check that models answer pictures not drawn by renderScene. The answers
    // are the same: no centre moves across the middle line by that much.
    bool smooth = false;
    std::string espeakProgram = "espeak-ng";
    int jobs = 0; // speech processes at once; 0: one per core
};

struct ShapesPackSummary {
    int trainImages = 0, testImages = 0;
    int trainQuestions = 0, testQuestions = 0;
    int audioFiles = 0;
};

// progress(stage, done, total) with stage "images" or "speech"; false cancels.
Result<ShapesPackSummary> buildShapesPack(const ShapesPackOptions& options,
                                          const std::function<bool(const std::string&, int, int)>& progress = {});

// "closest-red": the file stem of a question's speech.
std::string shapesQuestionStem(int type, int colour);

} // namespace fscope::data
