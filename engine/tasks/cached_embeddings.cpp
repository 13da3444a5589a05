#include "tasks/cached_embeddings.h"

#include "data/embedding_cache.h"
#include "util/result.h"
#include "util/sha256.h"

#include <optional>

namespace fscope::tasks {

namespace {

torch::Tensor cachedRows(const std::vector<std::string>& inputs, const std::vector<std::string>& keys,
                         const std::string& cacheDir, const std::string& modelId, const std::string& modality,
                         int64_t width, const EmbedInputs& embed, int* reused)
{
    std::optional<data::EmbeddingCache> cache;
    if (!cacheDir.empty())
        cache = data::EmbeddingCache::open(cacheDir, modelId, modality, width);
    torch::Tensor out = torch::empty({static_cast<int64_t>(keys.size()), width});
    std::vector<size_t> missing;
    int hits = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (auto hit = cache ? cache->find(keys[i]) : std::nullopt) {
            out[static_cast<int64_t>(i)].copy_(torch::tensor(*hit, torch::kFloat));
            ++hits;
        } else {
            missing.push_back(i);
        }
    }
    if (!missing.empty()) {
        std::vector<std::string> todo;
        for (const size_t i : missing)
            todo.push_back(inputs[i]);
        const torch::Tensor fresh = embed(todo).to(torch::kCPU, torch::kFloat).contiguous();
        for (size_t j = 0; j < missing.size(); ++j) {
            out[static_cast<int64_t>(missing[j])].copy_(fresh[static_cast<int64_t>(j)]);
            if (cache) {
                const float* row = fresh[static_cast<int64_t>(j)].data_ptr<float>();
                cache->put(keys[missing[j]], std::vector<float>(row, row + width));
            }
        }
        if (cache)
            (void)cache->save();
    }
    if (reused)
        *reused = hits;
    return out;
}

} // namespace

torch::Tensor cachedFileRows(const std::vector<std::string>& paths, const std::string& cacheDir,
                             const std::string& modelId, const std::string& modality, int64_t width,
                             const EmbedInputs& embed, int* reused)
{
    std::vector<std::string> keys;
    for (const auto& path : paths) {
        auto hash = sha256File(path);
        if (!hash)
            throw EngineError(hash.error().message);
        keys.push_back(*hash);
    }
    return cachedRows(paths, keys, cacheDir, modelId, modality, width, embed, reused);
}

torch::Tensor cachedTextRows(const std::vector<std::string>& texts, const std::string& cacheDir,
                             const std::string& modelId, int64_t width, const EmbedInputs& embed, int* reused)
{
    std::vector<std::string> keys;
    for (const auto& text : texts)
        keys.push_back(sha256Hex("text:" + text));
    return cachedRows(texts, keys, cacheDir, modelId, "text", width, embed, reused);
}

} // namespace fscope::tasks
