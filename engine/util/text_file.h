#pragma once
// Whole small text files (configs, manifests, tokenizers): read in one piece,
// and written atomically (a temporary beside the file, flushed to the disk with
// fsync, then a rename), so a
// crash never leaves half a file. Errors name the path.
// Thread-safety: pure functions over the file system; any thread.

#include "util/result.h"

#include <string>

namespace fscope {

Result<std::string> readTextFile(const std::string& path);
Result<void> writeTextFileAtomically(const std::string& path, const std::string& text);

} // namespace fscope
