#include "io/speech.h"

#include <espeak-ng/speak_lib.h>

#include <cstdlib>
#include <mutex>
#include <vector>

namespace fscope::io {

namespace {

std::mutex& speechLock()
{
    static std::mutex lock;
    return lock;
}

// Where the synchronous callback appends; only touched under speechLock().
std::vector<short>* g_target = nullptr;

int collectSamples(short* wav, int count, espeak_EVENT* /*events*/)
{
    if (wav && count > 0 && g_target)
        g_target->insert(g_target->end(), wav, wav + count);
    return 0; // continue
}

// espeak-ng's sample rate, or -1 when it could not start (no data files).
int initializeOnce()
{
    static const int rate = [] {
        const int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
        if (r > 0)
            espeak_SetSynthCallback(collectSamples);
        return r;
    }();
    return rate;
}

// By voice file name ("en-gb-x-rp"), else by language ("en-gb" names a
// language whose voice file is "en"), as the espeak-ng program does.
bool selectVoice(const std::string& voice)
{
    if (espeak_SetVoiceByName(voice.c_str()) == EE_OK)
        return true;
    espeak_VOICE wanted{};
    wanted.languages = voice.c_str();
    return espeak_SetVoiceByProperties(&wanted) == EE_OK;
}

} // namespace

Result<AudioClip> synthesizeSpeech(const std::string& text, const SpeechOptions& options)
{
    if (text.empty())
        return Error{"espeak-ng: nothing to say (empty text)"};
    if (options.wordsPerMinute < 80 || options.wordsPerMinute > 450)
        return Error{"espeak-ng: speed " + std::to_string(options.wordsPerMinute)
                     + " words per minute is outside 80..450"};
    std::lock_guard<std::mutex> guard(speechLock());
    const int rate = initializeOnce();
    if (rate <= 0)
        return Error{"espeak-ng: could not start (is espeak-ng-data installed?)"};
    if (!selectVoice(options.voice))
        return Error{"espeak-ng: no voice '" + options.voice + "'"};
    espeak_SetParameter(espeakRATE, options.wordsPerMinute, 0);
    espeak_SetParameter(espeakPITCH, options.pitch, 0);
    std::vector<short> samples;
    g_target = &samples;
    // espeak-ng draws its noise sources from rand(): a fixed seed removes that
    // variation (the filter state carried over from earlier calls remains).
    std::srand(1);
    // espeakPHONEMES: "[[h,aU]]" in the text is spoken as those phonemes.
    const espeak_ERROR status = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                             espeakCHARS_UTF8 | espeakPHONEMES, nullptr, nullptr);
    espeak_Synchronize();
    g_target = nullptr;
    if (status != EE_OK)
        return Error{"espeak-ng: synthesis failed for '" + text + "'"};
    if (samples.empty())
        return Error{"espeak-ng: no audio produced for '" + text + "'"};
    AudioClip clip;
    clip.sampleRate = rate;
    clip.channels = 1;
    clip.samples.reserve(samples.size());
    for (const short s : samples)
        clip.samples.push_back(static_cast<float>(s) / 32768.f);
    return clip;
}

Result<std::string> speechPhonemes(const std::string& text, const std::string& voice)
{
    std::lock_guard<std::mutex> guard(speechLock());
    if (initializeOnce() <= 0)
        return Error{"espeak-ng: could not start (is espeak-ng-data installed?)"};
    if (!selectVoice(voice))
        return Error{"espeak-ng: no voice '" + voice + "'"};
    std::string phonemes;
    const void* next = text.c_str();
    // One clause per call; `next` becomes null after the last.
    while (next) {
        const char* clause = espeak_TextToPhonemes(&next, espeakCHARS_UTF8, 0);
        if (!clause)
            break;
        std::string part(clause);
        while (!part.empty() && part.front() == ' ')
            part.erase(part.begin());
        if (!part.empty())
            phonemes += (phonemes.empty() ? "" : " ") + part;
    }
    if (phonemes.empty())
        return Error{"espeak-ng: no phonemes for '" + text + "'"};
    return phonemes;
}

} // namespace fscope::io
