#pragma once
// Ogg page surgery. libsndfile gives each new Ogg stream a serial number drawn
// from the clock, so the same audio saved twice makes different bytes; data
// packs must not. setOggSerial rewrites the serial number of every page and
// recomputes the page checksums, leaving the audio packets untouched.
// Thread-safety: pure functions; any thread.

#include "util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fscope::io {

// Rewrites `bytes` (a whole single-stream Ogg file) in place. An error names
// the byte offset of the first page that is not a well-formed Ogg page.
Result<void> setOggSerial(std::vector<uint8_t>& bytes, uint32_t serial);

// The same on a file, which is replaced in place.
Result<void> setOggFileSerial(const std::string& path, uint32_t serial);

} // namespace fscope::io
