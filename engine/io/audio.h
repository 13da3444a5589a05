#pragma once
// Audio files in and out as plain float buffers (no LibTorch, no Qt), decoded
// by libsndfile: WAV (PCM and float), FLAC, OGG/Vorbis, and MP3 when the
// installed libsndfile was built with it (1.2 on Debian 12 is). Usage:
//
//   auto clip = fscope::io::loadAudio("speech.flac");
//   if (!clip) showError(clip.error().message);  // "speech.flac: no audio frames"
//   std::vector<float> wave = clip->mono();      // at clip->sampleRate Hz
//
// A header's length is checked against AudioLoadOptions::maxSeconds before any
// samples are read, and memory grows with the samples actually decoded, so a
// header that lies about its size cannot make the loader allocate without
// bound. A truncated file yields the frames that could be read (truncated is
// then set) as long as there is at least one.
//
// Every function is reentrant: any thread may call them at the same time.
// Errors are one line starting with the path as given.

#include "util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fscope::io {

struct AudioClip {
    int sampleRate = 0;
    int channels = 0;
    std::vector<float> samples; // interleaved, -1..1
    // The file holds fewer frames than its header announced (cut off, or a
    // header that lies); the frames present were still decoded.
    bool truncated = false;

    int64_t frames() const;
    double durationSeconds() const;
    // The mean of the channels, one value per frame.
    std::vector<float> mono() const;
};

struct AudioLoadOptions {
    // Longer audio is refused (from the header when it states a length).
    double maxSeconds = 3600;
};

Result<AudioClip> loadAudio(const std::string& path, const AudioLoadOptions& options = {});

// What the header says, without decoding: for lists that show durations.
struct AudioInfo {
    int sampleRate = 0;
    int channels = 0;
    double seconds = 0;
};
Result<AudioInfo> probeAudio(const std::string& path);

// Writes 16-bit PCM WAV (samples outside -1..1 clip). Like saveImagePng, the
// file is written beside `path` and renamed over it when complete.
Result<void> saveWav16(const std::string& path, const AudioClip& clip);

// The same in another container: lossless FLAC (16-bit) or lossy OGG/Vorbis
// (libsndfile's default quality; about a tenth of the WAV's size for speech).
enum class AudioFileFormat { Wav16, Flac16, OggVorbis };
Result<void> saveAudio(const std::string& path, const AudioClip& clip, AudioFileFormat format);

} // namespace fscope::io
