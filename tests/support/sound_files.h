#pragma once
// Writes test sound files with libsndfile (tests that link PkgConfig::SNDFILE).

#include <sndfile.h>

#include <string>
#include <vector>

namespace fscope::check {

// `samples` interleaved, `channels` per frame; false when libsndfile refuses.
inline bool writeSound(const std::string& path, int format, int rate, int channels, const std::vector<float>& samples)
{
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!file)
        return false;
    const sf_count_t frames = static_cast<sf_count_t>(samples.size()) / channels;
    const bool written = sf_writef_float(file, samples.data(), frames) == frames;
    return (sf_close(file) == 0) && written;
}

// One channel repeated `channels` times per frame.
inline std::vector<float> interleaveCopies(const std::vector<float>& mono, int channels)
{
    std::vector<float> out;
    out.reserve(mono.size() * static_cast<size_t>(channels));
    for (const float v : mono)
        for (int c = 0; c < channels; ++c)
            out.push_back(v);
    return out;
}

} // namespace fscope::check
