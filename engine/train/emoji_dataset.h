#pragma once
// The emoji pack as the built-in model trains and is evaluated on it: the
// manifest's records, the decoded images and the audio features.
//
//   auto records = fscope::train::readEmojiManifest("packs/emoji/manifest.jsonl");
//   auto images = fscope::train::loadEmojiImages(*records, packDir, 72);   // [N, 3, 72, 72] uint8
//   auto audio = fscope::train::loadEmojiAudio(*records, packDir, voiceFilter, maxFrames, threads);
//
// Errors name the manifest line or the file that is wrong.
// Thread-safety: pure functions over files; any thread.

#include "util/json.h"
#include "util/result.h"

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace fscope::train {

struct EmojiRecord {
    std::string emoji, image, text, textZh, group, subgroup, split;
    std::vector<std::string> keywords, keywordsZh;
    std::vector<std::string> audio, audioVoices; // parallel: path (relative), voice id
    json::Value fields;                          // the whole manifest line
};

Result<std::vector<EmojiRecord>> readEmojiManifest(const std::string& manifestPath);

// [N, 3, size, size] uint8, in record order.
Result<torch::Tensor> loadEmojiImages(const std::vector<EmojiRecord>& records, const std::string& packDir,
                                      int64_t size);

struct EmojiClip {
    size_t record; // index into the records
    std::string voice;
    torch::Tensor features; // [F, 80] float16 (see models/mini_preprocess.h)
};

// The clips of the voices `wanted` accepts, decoded and turned into features
// on `threads` threads. Progress: (done, total); false cancels.
Result<std::vector<EmojiClip>> loadEmojiAudio(const std::vector<EmojiRecord>& records, const std::string& packDir,
                                              const std::function<bool(const std::string& voice)>& wanted,
                                              int64_t maxFrames, int threads,
                                              const std::function<bool(size_t, size_t)>& progress = {});

// The texts the tokenizer learns from: names and keywords, English and Chinese.
std::vector<std::string> emojiCorpus(const std::vector<EmojiRecord>& records);

} // namespace fscope::train
