#pragma once
// The checks every loader makes before decoding a file, with the wording the
// user sees ("photo.jpg: file not found"). Pure functions, any thread.

#include "util/result.h"

#include <optional>
#include <string>

namespace fscope::io {

// "<path>: <what>" as an Error.
inline Error fileError(const std::string& path, const std::string& what)
{
    return Error{path + ": " + what};
}

// Why `path` cannot be read as an input file (missing, a folder, or empty when
// `allowEmpty` is false), or nothing when it looks readable.
std::optional<Error> inputFileProblem(const std::string& path, bool allowEmpty);

} // namespace fscope::io
