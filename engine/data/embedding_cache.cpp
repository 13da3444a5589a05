#include "data/embedding_cache.h"

#include "io/safetensors.h"

#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>

namespace fscope::data {

namespace fs = std::filesystem;

EmbeddingCache EmbeddingCache::open(const std::string& dir, const std::string& modelId, const std::string& modality,
                                    int64_t width)
{
    EmbeddingCache cache;
    cache.m_modelId = modelId;
    cache.m_modality = modality;
    cache.m_width = width;
    // The model id is a hex hash: safe as a file name.
    cache.m_path = (fs::path(dir) / (modelId.substr(0, 32) + "-" + modality + ".safetensors")).string();
    std::error_code ec;
    if (!fs::exists(cache.m_path, ec))
        return cache;
    auto file = safetensors::File::open(cache.m_path);
    if (!file) {
        cache.m_ignoredBecause = file.error().message;
        return cache;
    }
    const auto& meta = file->metadata();
    const auto get = [&](const char* key) {
        const auto it = meta.find(key);
        return it == meta.end() ? std::string() : it->second;
    };
    if (get("model_id") != modelId || get("modality") != modality || get("width") != std::to_string(width)) {
        cache.m_ignoredBecause = cache.m_path + ": made for another model, modality or width";
        return cache;
    }
    for (const auto& info : file->tensors()) {
        const torch::Tensor t = file->tensor(info.name);
        if (t.scalar_type() != torch::kFloat || t.dim() != 1 || t.size(0) != width) {
            cache.m_ignoredBecause = cache.m_path + ": entry " + info.name + " has the wrong shape or type";
            cache.m_entries.clear();
            return cache;
        }
        const torch::Tensor c = t.contiguous();
        cache.m_entries[info.name] = std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + width);
    }
    return cache;
}

std::optional<std::vector<float>> EmbeddingCache::find(const std::string& contentHash) const
{
    const auto it = m_entries.find(contentHash);
    if (it == m_entries.end())
        return std::nullopt;
    return it->second;
}

void EmbeddingCache::put(const std::string& contentHash, std::vector<float> embedding)
{
    if (static_cast<int64_t>(embedding.size()) != m_width)
        throw EngineError("embedding cache: an embedding of " + std::to_string(embedding.size())
                          + " values for a cache of width " + std::to_string(m_width));
    m_entries[contentHash] = std::move(embedding);
    m_dirty = true;
}

Result<void> EmbeddingCache::save() const
{
    if (!m_dirty)
        return {};
    std::error_code ec;
    fs::create_directories(fs::path(m_path).parent_path(), ec);
    if (ec)
        return Error{fs::path(m_path).parent_path().string() + ": cannot create the cache folder: " + ec.message()};
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [hash, values] : m_entries)
        tensors.emplace_back(hash, torch::tensor(values, torch::kFloat));
    return safetensors::write(m_path, tensors,
                              {{"model_id", m_modelId}, {"modality", m_modality}, {"width", std::to_string(m_width)}});
}

std::string defaultEmbeddingCacheDir()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return (fs::path(xdg) / "fusionscope" / "embeddings").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / ".cache" / "fusionscope" / "embeddings").string();
    return (fs::temp_directory_path() / "fusionscope-embeddings").string();
}

} // namespace fscope::data
