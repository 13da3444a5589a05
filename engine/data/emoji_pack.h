#pragma once
// Builds the emoji pack (DESIGN.md, "Data packs") from Debian's data: every
// fully-qualified emoji of emoji-test.txt that CLDR names in English and
// Chinese, rendered to a PNG, with its names, keywords, group, split and the
// speech of its names in several espeak-ng voices. Usage:
//
//   fscope::data::EmojiPackOptions options;
//   options.outDir = "packs/emoji";
//   auto summary = fscope::data::buildEmojiPack(options, renderWithQt, onProgress);
//   // packs/emoji/manifest.jsonl, images/1f600.png, audio/en-us-175/1f600.ogg ...
//
// Rendering is the caller's (the engine has no font renderer): `render` draws
// one emoji at the pack's size. Speech comes from the espeak-ng program, one
// process per utterance, because its output is identical run to run (the
// library's is not, see io/speech.h); it is resampled to 16 kHz and saved as
// Ogg/Vorbis. Files already present from an interrupted build are kept, so a
// second run continues. Everything else is a pure function of the input data:
// two builds give the same bytes.
// Thread-safety: one build per output folder; the render callback runs on the
// calling thread only, the speech on `jobs` threads of its own.

#include "io/image.h"
#include "util/result.h"

#include <functional>
#include <string>
#include <vector>

namespace fscope::data {

struct EmojiVoice {
    std::string id;       // "en-us-175": the audio sub-folder and the manifest's name for it
    std::string voice;    // espeak-ng's voice name
    int wordsPerMinute;
    std::string language; // "en" (speaks the English name) or "zh" (the Chinese one)
    bool heldOut;         // evaluation only: never used in training
};

// The voices of the pack, training voices first.
const std::vector<EmojiVoice>& emojiPackVoices();
const EmojiVoice* findEmojiVoice(const std::string& id);

struct EmojiPackOptions {
    std::string outDir;
    std::string emojiTestPath = "/usr/share/unicode/emoji/emoji-test.txt";
    std::string cldrDir = "/usr/share/unicode/cldr/common"; // annotations/, annotationsDerived/
    std::string espeakProgram = "espeak-ng";
    bool withAudio = true;
    int imageSize = 72; // pixels, square
    int limit = 0;      // the first N emoji in file order (0: all); small packs for samples and tests
    int jobs = 0;       // speech processes at once; 0: one per core
};

struct EmojiPackSummary {
    int emoji = 0;          // lines of the manifest
    int skippedUnnamed = 0; // fully-qualified emoji without an English and Chinese CLDR name
    int skippedUnrendered = 0;
    int audioFiles = 0;
    int train = 0, val = 0, test = 0;
};

// Draws `emoji` on white, `size` x `size` pixels; an error when the font lacks it.
using EmojiRenderer = std::function<Result<io::ImageRgb8>(const std::string& emoji, int size)>;
// Called with the stage ("images", "speech"), items done and total; false cancels.
using EmojiPackProgress = std::function<bool(const std::string& stage, int done, int total)>;

Result<EmojiPackSummary> buildEmojiPack(const EmojiPackOptions& options, const EmojiRenderer& render,
                                        const EmojiPackProgress& progress = {});

// "1f468-200d-1f469": the file stem of an emoji's image and audio.
std::string emojiFileStem(const std::string& codepoints);

} // namespace fscope::data
