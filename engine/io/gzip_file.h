#pragma once
// Reads a gzip-compressed file whole (OpenAI's bpe_simple_vocab_16e6.txt.gz).
//
//   auto text = fscope::io::readGzipFile(dir + "/bpe_simple_vocab_16e6.txt.gz");
//   if (!text) return text.error(); // ".../x.gz: not a gzip file" or "...: truncated"
//
// A plain (uncompressed) file is rejected rather than passed through, so a
// renamed file is reported instead of being parsed as something it is not.
// Decompressed data above maxBytes is an error (a guard against gzip bombs).
// Thread-safety: pure; any thread.

#include "util/result.h"

#include <cstddef>
#include <string>

namespace fscope::io {

Result<std::string> readGzipFile(const std::string& path, size_t maxBytes = 64u << 20);

} // namespace fscope::io
