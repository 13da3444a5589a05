#include "data/embedding_cache.h"

#include "io/safetensors.h"
#include "util/sha256.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace fscope::data {

namespace fs = std::filesystem;

namespace {

// Two tensors: "keys" (U8 [n, L], each content hash's bytes, zero-padded) and
// "embeddings" (F32 [n, width]), in key order; "sha256" in the metadata covers
// both, so a file damaged on disk is noticed and rebuilt, never trusted.
constexpr const char* kFormat = "fusionscope-embedding-cache-2";

std::string checksum(const uint8_t* keys, size_t keyBytes, const float* values, size_t valueCount)
{
    Sha256 hash;
    hash.update(keys, keyBytes);
    hash.update(values, valueCount * sizeof(float));
    return hash.hexDigest();
}

} // namespace

std::string EmbeddingCache::pathFor(const std::string& dir, const std::string& modelId, const std::string& modality)
{
    // The model id is a hex hash: safe as a file name.
    return (fs::path(dir) / (modelId.substr(0, 32) + "-" + modality + ".safetensors")).string();
}

EmbeddingCache EmbeddingCache::open(const std::string& dir, const std::string& modelId, const std::string& modality,
                                    int64_t width)
{
    EmbeddingCache cache;
    cache.m_modelId = modelId;
    cache.m_modality = modality;
    cache.m_width = width;
    cache.m_path = pathFor(dir, modelId, modality);
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
    if (get("format") != kFormat) {
        cache.m_ignoredBecause = cache.m_path + ": an older or unknown cache layout";
        return cache;
    }
    if (get("model_id") != modelId || get("modality") != modality || get("width") != std::to_string(width)) {
        cache.m_ignoredBecause = cache.m_path + ": made for another model, modality or width";
        return cache;
    }
    const auto* keysInfo = file->find("keys");
    const auto* valuesInfo = file->find("embeddings");
    if (!keysInfo || !valuesInfo || keysInfo->dtype != safetensors::DType::U8 || keysInfo->shape.size() != 2
        || valuesInfo->dtype != safetensors::DType::F32 || valuesInfo->shape.size() != 2
        || valuesInfo->shape[0] != keysInfo->shape[0] || valuesInfo->shape[1] != width) {
        cache.m_ignoredBecause = cache.m_path + ": 'keys' and 'embeddings' have the wrong shapes or types";
        return cache;
    }
    const torch::Tensor keys = file->tensor("keys").contiguous();
    const torch::Tensor values = file->tensor("embeddings").contiguous();
    const auto* keyBytes = keys.data_ptr<uint8_t>();
    const float* data = values.data_ptr<float>();
    if (checksum(keyBytes, size_t(keys.numel()), data, size_t(values.numel())) != get("sha256")) {
        cache.m_ignoredBecause = cache.m_path + ": checksum mismatch (the file was damaged); rebuilding it";
        return cache;
    }
    const int64_t rows = keys.size(0), keyLength = keys.size(1);
    for (int64_t r = 0; r < rows; ++r) {
        const char* key = reinterpret_cast<const char*>(keyBytes + r * keyLength);
        const std::string name(key, strnlen(key, size_t(keyLength)));
        cache.m_entries[name] = std::vector<float>(data + r * width, data + (r + 1) * width);
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
    size_t keyLength = 1;
    for (const auto& entry : m_entries)
        keyLength = std::max(keyLength, entry.first.size());
    const int64_t rows = int64_t(m_entries.size());
    torch::Tensor keys = torch::zeros({rows, int64_t(keyLength)}, torch::kUInt8);
    torch::Tensor values = torch::empty({rows, m_width}, torch::kFloat);
    int64_t r = 0;
    for (const auto& [hash, embedding] : m_entries) {
        std::memcpy(keys.data_ptr<uint8_t>() + r * int64_t(keyLength), hash.data(), hash.size());
        std::memcpy(values.data_ptr<float>() + r * m_width, embedding.data(), embedding.size() * sizeof(float));
        ++r;
    }
    const std::string sum = checksum(keys.data_ptr<uint8_t>(), size_t(keys.numel()), values.data_ptr<float>(),
                                     size_t(values.numel()));
    return safetensors::write(m_path, {{"keys", keys}, {"embeddings", values}},
                              {{"format", kFormat}, {"model_id", m_modelId}, {"modality", m_modality},
                               {"width", std::to_string(m_width)}, {"sha256", sum}});
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
