#include "models/builtin.h"

#include <filesystem>

namespace fscope::models {

namespace {

struct Entry {
    const char* name;
    const char* description;
    const char* relativePath;
};

// The pinned model names of the command line (DESIGN.md).
constexpr Entry kEntries[] = {
    {"builtin:mini", "tri-modal image/text/audio space trained on the emoji pack", "models/mini/mini.safetensors"},
    {"builtin:shapes-early", "shapes VQA, early fusion", "models/shapes/shapes-early.safetensors"},
    {"builtin:shapes-late", "shapes VQA, late fusion", "models/shapes/shapes-late.safetensors"},
    {"builtin:shapes-xattn", "shapes VQA, cross-modal attention", "models/shapes/shapes-xattn.safetensors"},
    {"builtin:shapes-gated", "shapes VQA, gated cross-attention", "models/shapes/shapes-gated.safetensors"},
};

} // namespace

std::vector<BuiltinModel> builtinModels(const std::string& resourceDir)
{
    std::vector<BuiltinModel> models;
    for (const auto& entry : kEntries) {
        BuiltinModel model;
        model.name = entry.name;
        model.description = entry.description;
        const auto path = std::filesystem::path(resourceDir) / entry.relativePath;
        model.weightsPath = path.lexically_normal().string();
        std::error_code ec;
        model.installed = !resourceDir.empty() && std::filesystem::is_regular_file(path, ec);
        models.push_back(std::move(model));
    }
    return models;
}

bool isBuiltinName(const std::string& name)
{
    return name.rfind("builtin:", 0) == 0;
}

} // namespace fscope::models
