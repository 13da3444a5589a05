#pragma once
// The sample of the emoji pack that ships with the app (resources/samples/emoji),
// taken from a full pack so the app can show retrieval, similarity and attention
// on first launch without building anything:
//
//   fscope::data::EmojiSampleOptions options;
//   options.packDir = "packs/emoji";
//   options.outDir = "resources/samples/emoji";
//   auto written = fscope::data::extractEmojiSample(options);   // number of emoji
//
// The sample keeps emoji of a single code point (no skin-tone, gender or family
// sequences, which look alike at thumbnail size), evenly spaced through the
// pack's order so that every group appears, with their images and the speech of
// one voice (by default a held-out one, so the sample's speech was never trained
// on). Manifest lines keep the pack's fields; "audio" lists the one clip.
// Deterministic: the same pack gives the same bytes.
// Thread-safety: pure function over the file system; any thread.

#include "util/result.h"

#include <string>

namespace fscope::data {

struct EmojiSampleOptions {
    std::string packDir;
    std::string outDir;
    int count = 96;
    std::string voice = "en-gb-x-rp-170"; // an EmojiVoice id; "" for no audio
};

Result<int> extractEmojiSample(const EmojiSampleOptions& options);

} // namespace fscope::data
