#pragma once
// The models FusionScope ships, trained by the project itself, and where their
// weights live under the resource folder. A model whose weights are not
// installed is still listed, with installed = false, so the UI and the CLI can
// say what is missing instead of failing later.
// Thread-safety: pure functions over the file system; any thread.

#include <string>
#include <vector>

namespace fscope::models {

struct BuiltinModel {
    std::string name;          // "builtin:mini", "builtin:shapes-xattn", ...
    std::string description;
    std::string weightsPath;   // absolute path of the safetensors file
    bool installed = false;    // the weights file exists
};

// resourceDir: the folder holding models/ (see the app's resource lookup).
std::vector<BuiltinModel> builtinModels(const std::string& resourceDir);

// True for names of the form "builtin:..."; other names are checkpoint paths.
bool isBuiltinName(const std::string& name);

} // namespace fscope::models
