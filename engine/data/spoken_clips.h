#pragma once
// Speech for the data packs: each (text, voice) pair spoken by the espeak-ng
// program, one process per utterance because its output is identical run to
// run (the library's is not, see io/speech.h), resampled to 16 kHz and saved
// as Ogg/Vorbis. Clips already on disk are kept, so an interrupted build
// continues where it stopped.
//
//   std::vector<SpokenClip> clips = {{"red apple", "en-gb-x-rp", 170, "audio/rp/apple.ogg"}};
//   auto written = fscope::data::speakClips(clips, "espeak-ng", 2, progress);   // number of clips
//
// Thread-safety: runs `jobs` speaker threads of its own; progress is called on
// the calling thread only. One call per output folder at a time.

#include "util/result.h"

#include <functional>
#include <string>
#include <vector>

namespace fscope::data {

struct SpokenClip {
    std::string text;
    std::string voice;  // espeak-ng's voice name
    int wordsPerMinute = 175;
    std::string outPath; // .ogg
};

inline constexpr int kPackSampleRate = 16000;

// progress(done, total) returning false cancels (an error "cancelled").
Result<int> speakClips(const std::vector<SpokenClip>& clips, const std::string& program, int jobs,
                       const std::function<bool(int, int)>& progress = {});

} // namespace fscope::data
