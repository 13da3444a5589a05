#include "check.h"
#include "sound_files.h"
#include "temp_dir.h"

#include "io/audio.h"
#include "io/audio_preprocess.h"
#include "io/speech.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <cstdio>
#include <string>
#include <vector>

namespace fio = fscope::io;
using fscope::check::TempDir;

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<float> tone(double hz, int rate, double seconds, double amplitude = 0.5)
{
    std::vector<float> out(static_cast<size_t>(rate * seconds));
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<float>(amplitude * std::sin(2 * kPi * hz * static_cast<double>(i) / rate));
    return out;
}

// RMS over the interior, away from the edges where the filter sees zeros.
double interiorRms(const std::vector<float>& x, size_t margin)
{
    double sum = 0;
    size_t n = 0;
    for (size_t i = margin; i + margin < x.size(); ++i, ++n)
        sum += static_cast<double>(x[i]) * x[i];
    return std::sqrt(sum / static_cast<double>(std::max<size_t>(n, 1)));
}

int peakBin(const fio::LogMel& mel, int64_t frame)
{
    int best = 0;
    for (int b = 1; b < mel.bins; ++b)
        if (mel.at(frame, b) > mel.at(frame, best))
            best = b;
    return best;
}

int nearestBin(double hz)
{
    const auto centres = fio::melBinCentersHz();
    int best = 0;
    for (int b = 1; b < static_cast<int>(centres.size()); ++b)
        if (std::abs(centres[b] - hz) < std::abs(centres[best] - hz))
            best = b;
    return best;
}

} // namespace

FS_TEST(audio_preprocess, downsampling_keeps_the_level_of_a_passband_tone)
{
    for (const int rate : {22050, 44100, 48000}) {
        const auto in = tone(1000, rate, 1.0);
        const auto out = fio::resample(in, rate, 16000);
        FS_CHECK_EQ(out.size(), size_t(16000));
        const double gainDb = 20 * std::log10(interiorRms(out, 400) / interiorRms(in, 1200));
        std::printf("  %d -> 16000: 1 kHz gain %.4f dB\n", rate, gainDb);
        FS_CHECK(std::abs(gainDb) < 0.1);
        // The waveform itself: the ideal 1 kHz sine at 16 kHz, sample by sample.
        const auto ideal = tone(1000, 16000, 1.0);
        double worst = 0;
        for (size_t i = 400; i + 400 < out.size(); ++i)
            worst = std::max(worst, std::abs(static_cast<double>(out[i]) - ideal[i]));
        FS_CHECK(worst < 0.005);
    }
}

FS_TEST(audio_preprocess, downsampling_removes_what_would_alias)
{
    // 10 kHz is above 16 kHz's Nyquist frequency: a naive decimator folds it to 6 kHz.
    const auto in = tone(10000, 44100, 1.0);
    const auto out = fio::resample(in, 44100, 16000);
    const double attenuationDb = 20 * std::log10(interiorRms(out, 400) / interiorRms(in, 1200));
    std::printf("  10 kHz tone at 44.1 -> 16 kHz: %.1f dB\n", attenuationDb);
    FS_CHECK(attenuationDb < -60);
}

FS_TEST(audio_preprocess, upsampling_reconstructs_the_sine)
{
    const auto out = fio::resample(tone(1000, 8000, 1.0), 8000, 16000);
    FS_CHECK_EQ(out.size(), size_t(16000));
    const auto ideal = tone(1000, 16000, 1.0);
    double worst = 0;
    for (size_t i = 800; i + 800 < out.size(); ++i)
        worst = std::max(worst, std::abs(static_cast<double>(out[i]) - ideal[i]));
    std::printf("  8 -> 16 kHz: worst sample error %.5f\n", worst);
    FS_CHECK(worst < 0.005);
    FS_CHECK(fio::resample({}, 8000, 16000).empty());
    FS_CHECK_THROWS(fio::resample({1.f}, 0, 16000));
}

FS_TEST(audio_preprocess, tone_peaks_in_its_mel_bin)
{
    for (const double hz : {250.0, 1000.0, 3000.0, 6500.0}) {
        const auto mel = fio::logMel(tone(hz, 16000, 0.5));
        FS_CHECK_EQ(mel.bins, 80);
        const int peak = peakBin(mel, mel.frames / 2);
        std::printf("  %.0f Hz -> bin %d (nearest centre bin %d)\n", hz, peak, nearestBin(hz));
        FS_CHECK(std::abs(peak - nearestBin(hz)) <= 1);
    }
}

FS_TEST(audio_preprocess, frame_count_padding_and_silence)
{
    FS_CHECK_EQ(fio::logMel(std::vector<float>(16000, 0.f)).frames, int64_t(98)); // 1 + (16000 - 400) / 160
    const auto shortClip = fio::logMel(std::vector<float>(100, 0.1f));
    FS_CHECK_EQ(shortClip.frames, int64_t(1));
    const auto silence = fio::logMel(std::vector<float>(1000, 0.f));
    FS_CHECK_NEAR(*std::max_element(silence.values.begin(), silence.values.end()), std::log(1e-10), 1e-4);
    const auto centres = fio::melBinCentersHz();
    FS_CHECK_EQ(centres.size(), size_t(80));
    FS_CHECK(std::is_sorted(centres.begin(), centres.end()) && centres.front() > 0 && centres.back() < 8000);
    fio::LogMelConfig bad;
    bad.fftSize = 300;
    FS_CHECK_THROWS(fio::logMel({0.f}, bad));
}

FS_TEST(audio_preprocess, files_of_several_rates_widths_and_formats_agree)
{
    // The same 1.5 kHz tone written at several rates and sample formats, then decoded,
    // mixed to mono, resampled and turned into log-mel: the same picture each time.
    TempDir dir;
    const auto reference = fio::logMel(tone(1500, 16000, 1.0));
    struct Case {
        const char* name;
        int format;
        int rate;
        int channels;
        double tolerance; // mean |difference| of interior log-mel values
    };
    const Case cases[] = {
        {"a.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 1, 0.01},
        {"b.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 48000, 2, 0.01},
        {"c.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 22050, 1, 0.01},
        {"d.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8000, 1, 0.01},
        {"e.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 2, 0.01},
        {"f.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 2, -1}, // lossy: peak bin only
    };
    for (const Case& c : cases) {
        const std::string path = dir.str() + "/" + c.name;
        FS_REQUIRE(fscope::check::writeSound(path, c.format, c.rate, c.channels,
                                             fscope::check::interleaveCopies(tone(1500, c.rate, 1.0), c.channels)));
        auto clip = fio::loadAudio(path);
        FS_REQUIRE(clip.ok());
        const auto mel = fio::logMel(fio::resample(clip->mono(), clip->sampleRate, 16000));
        FS_REQUIRE(mel.frames == reference.frames);
        FS_CHECK_EQ(peakBin(mel, 50), peakBin(reference, 50));
        if (c.tolerance < 0)
            continue;
        // Compare where the tone has energy (bins within 5 of the peak), away from the edges.
        double sum = 0;
        int n = 0;
        const int peak = peakBin(reference, 50);
        for (int64_t f = 5; f < mel.frames - 5; ++f)
            for (int b = std::max(0, peak - 5); b <= std::min(79, peak + 5); ++b, ++n)
                sum += std::abs(mel.at(f, b) - reference.at(f, b));
        std::printf("  %s (%d Hz, %d ch): mean |log-mel difference| %.4f\n", c.name, c.rate, c.channels, sum / n);
        FS_CHECK(sum / n < c.tolerance);
    }
}

FS_TEST(audio_preprocess, speech_in_english_and_mandarin)
{
    auto english = fio::synthesizeSpeech("red apple", {"en-gb-x-rp", 160, 50});
    if (!english)
        std::printf("%s\n", english.error().message.c_str());
    FS_REQUIRE(english.ok());
    FS_CHECK_EQ(english->sampleRate, 22050);
    FS_CHECK_EQ(english->channels, 1);
    FS_CHECK(english->durationSeconds() > 0.3 && english->durationSeconds() < 3.0);
    // Speech has energy in the voice band: the log-mel of the resampled clip is far from silence.
    const auto mel = fio::logMel(fio::resample(english->mono(), english->sampleRate, 16000));
    FS_CHECK(*std::max_element(mel.values.begin(), mel.values.end()) > 0.0f);
    // The same words again last about as long; a faster rate is shorter.
    auto again = fio::synthesizeSpeech("red apple", {"en-gb-x-rp", 160, 50});
    FS_REQUIRE(again.ok());
    FS_CHECK(std::abs(again->durationSeconds() - english->durationSeconds()) < 0.05);
    auto fast = fio::synthesizeSpeech("red apple", {"en-gb-x-rp", 320, 50});
    FS_REQUIRE(fast.ok());
    FS_CHECK(fast->durationSeconds() < english->durationSeconds());
    auto mandarin = fio::synthesizeSpeech("红苹果", {"cmn", 160, 50});
    FS_REQUIRE(mandarin.ok());
    FS_CHECK(mandarin->durationSeconds() > 0.3);
    auto unknown = fio::synthesizeSpeech("hello", {"xx-nonexistent", 160, 50});
    FS_REQUIRE(!unknown.ok());
    FS_CHECK_CONTAINS(unknown.error().message, "no voice 'xx-nonexistent'");
    FS_CHECK(!fio::synthesizeSpeech("", {}).ok());
    FS_CHECK(!fio::synthesizeSpeech("hi", {"en-us", 5, 50}).ok());
}

FS_TEST(audio_preprocess, phonemes_of_a_text_and_speech_from_phonemes)
{
    auto phonemes = fio::speechPhonemes("How many objects?", "en-us");
    FS_REQUIRE(phonemes.ok());
    FS_CHECK_EQ(phonemes->rfind("h,aU m'Eni", 0), size_t(0)); // as `espeak-ng -x` prints them
    auto dropped = fio::speechPhonemes("How many objects?", "en-gb-x-gbcwmd");
    FS_REQUIRE(dropped.ok());
    FS_CHECK_EQ(dropped->rfind(",aU", 0), size_t(0)); // the West Midlands voice drops the h
    // Mnemonics in [[ ]] are spoken as phonemes, not read out letter by letter.
    auto said = fio::synthesizeSpeech("[[" + *phonemes + "]]", {"en-us", 175, 50});
    auto read = fio::synthesizeSpeech("How many objects?", {"en-us", 175, 50});
    FS_REQUIRE(said.ok() && read.ok());
    FS_CHECK(std::abs(said->durationSeconds() - read->durationSeconds()) < 0.15);
    auto unknown = fio::speechPhonemes("hello", "xx-nonexistent");
    FS_REQUIRE(!unknown.ok());
    FS_CHECK_CONTAINS(unknown.error().message, "no voice 'xx-nonexistent'");
}

FS_TEST(audio_preprocess, saved_flac_and_ogg_read_back)
{
    TempDir dir;
    fio::AudioClip clip;
    clip.sampleRate = 16000;
    clip.channels = 1;
    clip.samples = tone(1500, 16000, 1.0, 0.4);
    for (const auto format : {fio::AudioFileFormat::Wav16, fio::AudioFileFormat::Flac16, fio::AudioFileFormat::OggVorbis}) {
        const std::string path = dir.str() + (format == fio::AudioFileFormat::Wav16    ? "/a.wav"
                                              : format == fio::AudioFileFormat::Flac16 ? "/a.flac"
                                                                                       : "/a.ogg");
        FS_REQUIRE(fio::saveAudio(path, clip, format).ok());
        auto back = fio::loadAudio(path);
        FS_REQUIRE(back.ok());
        FS_CHECK_EQ(back->sampleRate, 16000);
        FS_CHECK_EQ(peakBin(fio::logMel(back->mono()), 50), peakBin(fio::logMel(clip.samples), 50));
        if (format != fio::AudioFileFormat::OggVorbis) {
            FS_REQUIRE(back->samples.size() == clip.samples.size());
            double worst = 0;
            for (size_t i = 0; i < clip.samples.size(); ++i)
                worst = std::max(worst, std::abs(double(back->samples[i]) - clip.samples[i]));
            FS_CHECK(worst <= 1.0 / 32768 + 1e-7);
        }
    }
    const auto wavSize = std::filesystem::file_size(dir.path() / "a.wav");
    const auto oggSize = std::filesystem::file_size(dir.path() / "a.ogg");
    std::printf("  1 s tone: WAV %ju bytes, OGG %ju bytes\n", uintmax_t(wavSize), uintmax_t(oggSize));
    FS_CHECK(oggSize * 4 < wavSize);
    // The same audio saved again gives the same bytes (the Ogg serial number is fixed).
    FS_REQUIRE(fio::saveAudio(dir.str() + "/b.ogg", clip, fio::AudioFileFormat::OggVorbis).ok());
    const auto bytesOf = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    FS_CHECK(bytesOf(dir.path() / "a.ogg") == bytesOf(dir.path() / "b.ogg"));
    FS_CHECK(fio::loadAudio(dir.str() + "/b.ogg").ok());
    FS_CHECK(!fio::saveAudio(dir.str() + "/none/x.ogg", clip, fio::AudioFileFormat::OggVorbis).ok());
}
