#pragma once
// The audio front end of the built-in models: mono audio at any rate ->
// 16 kHz -> log-mel frames. Plain buffers: no LibTorch, no Qt, no decoders.
//
//   auto clip = fscope::io::loadAudio("speech.ogg");                     // io/audio.h
//   std::vector<float> wave = fscope::io::resample(clip->mono(), clip->sampleRate, 16000);
//   fscope::io::LogMel mel = fscope::io::logMel(wave);                    // mel.frames x 80
//   float v = mel.at(frame, bin);
//
// Resampling is band-limited: a Kaiser-windowed sinc (beta 8.6, 32 zero
// crossings each side) with its cutoff at 0.95 of the lower Nyquist rate, read
// from a table at 512 steps per zero crossing with linear interpolation. That
// keeps a 1 kHz tone's level within 0.1 dB and removes what would alias: a
// tone above the new Nyquist frequency comes out more than 60 dB down.
//
// Log-mel: 25 ms windows (400 samples at 16 kHz) every 10 ms (160), a periodic
// Hann window, a 512-point FFT, the power spectrum through 80 triangular filters
// spaced evenly on the HTK mel scale (mel = 2595 log10(1 + f / 700)) from 0 Hz to
// 8 kHz, then the natural log of max(energy, 1e-10). A clip shorter than one
// window is padded with zeros to one frame; the last partial window is dropped.
//
// Thread-safety: pure functions; any thread may call them at the same time.
// Invalid arguments (rates <= 0) throw fscope::EngineError.

#include <cstdint>
#include <vector>

namespace fscope::io {

std::vector<float> resample(const std::vector<float>& samples, int fromRate, int toRate);

struct LogMelConfig {
    int sampleRate = 16000;
    int windowSamples = 400;
    int hopSamples = 160;
    int fftSize = 512;
    int melBins = 80;
    float lowHz = 0.f;
    float highHz = 8000.f;
};

struct LogMel {
    int64_t frames = 0;
    int bins = 0;
    std::vector<float> values; // frames x bins, row-major
    float at(int64_t frame, int bin) const { return values[static_cast<size_t>(frame * bins + bin)]; }
};

LogMel logMel(const std::vector<float>& samples, const LogMelConfig& config = {});

// The centre frequency of each mel filter, in Hz (for axis labels and tests).
std::vector<float> melBinCentersHz(const LogMelConfig& config = {});

} // namespace fscope::io
