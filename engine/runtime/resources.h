#pragma once
// Where FusionScope's resources (built-in models, sample indexes) live:
//  1. $FUSIONSCOPE_RESOURCES, when set;
//  2. <exe dir>/../share/fusionscope (an installed or moved prefix);
//  3. the fallbacks the caller passes (the source tree's resources/ in a build tree).
// The first folder that exists wins; an empty string when none does.
// Thread-safety: any thread.

#include <string>
#include <vector>

namespace fscope::runtime {

std::string findResourceDir(const std::string& executablePath, const std::vector<std::string>& fallbacks = {});

// The running program's file: /proc/self/exe where there is one, else `argv0`
// made absolute (argv[0] is only the bare name when the shell found the
// program on PATH, which would put the resources next to the working folder).
std::string currentExecutablePath(const std::string& argv0);

} // namespace fscope::runtime
