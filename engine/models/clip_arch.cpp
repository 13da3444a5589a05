#include "models/clip_arch.h"

namespace fscope::models {

namespace {

struct NamedArch {
    const char* name;
    int64_t embed, resolution, visionWidth, visionLayers, patch, textWidth, textLayers;
};

// Radford et al. 2021, table 20.
constexpr NamedArch kArchs[] = {
    {"ViT-B/32", 512, 224, 768, 12, 32, 512, 12},
    {"ViT-B/16", 512, 224, 768, 12, 16, 512, 12},
    {"ViT-L/14", 768, 224, 1024, 24, 14, 768, 12},
    {"ViT-L/14@336px", 768, 336, 1024, 24, 14, 768, 12},
};

ClipConfig toConfig(const NamedArch& a)
{
    ClipConfig c;
    c.embedDim = a.embed;
    c.imageResolution = a.resolution;
    c.visionPatchSize = a.patch;
    c.visionWidth = a.visionWidth;
    c.visionLayers = a.visionLayers;
    c.visionHeads = a.visionWidth / 64;
    c.visionMlpWidth = 4 * a.visionWidth;
    c.textWidth = a.textWidth;
    c.textLayers = a.textLayers;
    c.textHeads = a.textWidth / 64;
    c.textMlpWidth = 4 * a.textWidth;
    return c;
}

} // namespace

Result<ClipConfig> clipArchitecture(const std::string& name)
{
    const std::string wanted = name == "ViT-L/14@336" ? std::string("ViT-L/14@336px") : name;
    for (const auto& arch : kArchs)
        if (wanted == arch.name)
            return toConfig(arch);
    std::string known;
    for (const auto& n : clipArchitectureNames())
        known += (known.empty() ? "" : ", ") + n;
    return Error{"unknown CLIP architecture '" + name + "'; known: " + known};
}

std::vector<std::string> clipArchitectureNames()
{
    std::vector<std::string> names;
    for (const auto& arch : kArchs)
        names.emplace_back(arch.name);
    return names;
}

std::string clipArchitectureName(const ClipConfig& config)
{
    for (const auto& arch : kArchs) {
        const ClipConfig c = toConfig(arch);
        if (c.embedDim == config.embedDim && c.imageResolution == config.imageResolution
            && c.visionPatchSize == config.visionPatchSize && c.visionWidth == config.visionWidth
            && c.visionLayers == config.visionLayers && c.textWidth == config.textWidth
            && c.textLayers == config.textLayers)
            return arch.name;
    }
    return {};
}

} // namespace fscope::models
