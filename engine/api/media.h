#pragma once
// What a person brings, read for the app: pictures, sounds, speech and
// collections (manifests and folders). These are the engine's decoders (io/,
// data/collection.h), offered here so the app includes one door; their names
// keep their own namespaces.
//
//   auto image = io::loadImage("/photos/cat.jpg");       // Result<io::ImageRgb8>: 8-bit RGB, row-major
//   if (!image) show(image.error().message);              // names the file and what is wrong
//   auto clip = io::loadAudio("/sounds/dog.flac");        // Result<io::AudioClip>: float samples, any rate
//   auto spoken = io::synthesizeSpeech("red apple", {"en-gb-x-rp", 170});
//   auto mel = io::logMel(clip->mono());                  // 80-bin log-mel frames for the spectrogram view
//   auto collection = data::loadCollection("/data/captions.jsonl"); // JSONL, CSV, COCO or a folder
//
// Thread-safety: plain functions without shared state; any thread (the app
// decodes on the engine thread so the window never waits on a large file).

#include "data/collection.h"
#include "io/audio.h"
#include "io/audio_preprocess.h"
#include "io/image.h"
#include "io/speech.h"
