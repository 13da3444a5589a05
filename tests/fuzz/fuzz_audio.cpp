// The audio loader (io/audio.h, libsndfile underneath): WAV, FLAC, OGG/Vorbis
// and whatever else libsndfile recognises. Every file must load or fail with
// a message naming it; a clip that loads holds whole frames of finite samples
// in -1..1. The same bytes also go through the Ogg page rewriter.

#include "fuzz_support.h"

#include "io/audio.h"
#include "io/ogg_pages.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace fscope;
    static const std::string path = fuzz::writeScratch("input.wav", {});
    fuzz::writeScratch("input.wav", fuzz::asText(data, size));

    const auto probed = io::probeAudio(path);
    if (!probed)
        FSCOPE_FUZZ_CHECK(probed.error().message.rfind(path, 0) == 0, "error does not name the file");

    const auto clip = io::loadAudio(path);
    if (!clip) {
        FSCOPE_FUZZ_CHECK(clip.error().message.rfind(path, 0) == 0, "error does not name the file: " + clip.error().message);
    } else {
        FSCOPE_FUZZ_CHECK(clip->channels >= 1 && clip->sampleRate >= 1, "a clip without channels or rate");
        FSCOPE_FUZZ_CHECK(clip->frames() > 0 && clip->samples.size() % size_t(clip->channels) == 0,
                          "a clip without whole frames");
        for (const float v : clip->samples)
            FSCOPE_FUZZ_CHECK(std::isfinite(v) && v >= -1.0f && v <= 1.0f, "sample outside -1..1");
        FSCOPE_FUZZ_CHECK(clip->mono().size() == size_t(clip->frames()), "mono length differs");
    }

    std::vector<uint8_t> bytes(data, data + size);
    (void)io::setOggSerial(bytes, 0x46534f47);
    return 0;
}
