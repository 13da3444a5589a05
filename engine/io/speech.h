#pragma once
// Text to speech with libespeak-ng, for spoken queries ("Speak text") and the
// speech of the emoji pack. Usage:
//
//   auto clip = fscope::io::synthesizeSpeech("red apple", {"en-gb-x-rp", 160});
//   if (!clip) show(clip.error().message); // "espeak-ng: no voice 'xx'"
//   // clip->sampleRate == 22050, mono 16-bit samples as floats in -1..1
//
// Voices are espeak-ng's names ("en-us", "en-gb-x-rp", "cmn" for Mandarin);
// text is UTF-8. Not bit-identical from call to call: libespeak-ng carries
// filter state from one utterance into the next (measured: the same words after
// different ones differ in length by a few samples and in most sample values).
// Where identical output matters (data sets), run the espeak-ng program, one
// process per utterance: its output is identical run to run.
// Thread-safety: espeak-ng keeps global state; calls are serialised by a lock,
// so any thread may call, one synthesis runs at a time.

#include "io/audio.h"
#include "util/result.h"

#include <string>

namespace fscope::io {

struct SpeechOptions {
    std::string voice = "en-us";
    int wordsPerMinute = 175; // espeak-ng accepts 80..450
    int pitch = 50;           // 0..100
};

Result<AudioClip> synthesizeSpeech(const std::string& text, const SpeechOptions& options = {});

// The text as espeak-ng's phoneme mnemonics in `voice` (what `espeak-ng -x`
// prints: "h,aU m'Eni" for "how many" in en-us), clauses joined by spaces.
// Text given as "[[mnemonics]]" is spoken as those phonemes.
Result<std::string> speechPhonemes(const std::string& text, const std::string& voice);

} // namespace fscope::io
