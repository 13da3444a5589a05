#include "tasks/cached_embeddings.h"

#include "data/embedding_cache.h"
#include "util/result.h"
#include "util/sha256.h"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

namespace fscope::tasks {

namespace {

namespace fs = std::filesystem;

// Open caches stay in memory between calls. Inside a DeferCacheSaves scope (a
// large library embedded chunk by chunk) a cache file is written every few
// seconds, not once per chunk: 20,000 images in chunks of 32 would otherwise
// rewrite a growing file 625 times. A file changed on disk by someone else
// since it was read or written here is read again.
constexpr auto kSaveInterval = std::chrono::seconds(3);

struct OpenCache {
    data::EmbeddingCache cache;
    std::chrono::steady_clock::time_point savedAt;
    bool pending = false;
    std::optional<std::pair<fs::file_time_type, uintmax_t>> stamp; // of the file as last seen
};

std::mutex g_cachesMutex;
std::map<std::string, OpenCache> g_caches; // by cache file path
thread_local int t_deferDepth = 0;

std::optional<std::pair<fs::file_time_type, uintmax_t>> stampOf(const std::string& path)
{
    std::error_code ec;
    const auto time = fs::last_write_time(path, ec);
    if (ec)
        return std::nullopt;
    const auto bytes = fs::file_size(path, ec);
    if (ec)
        return std::nullopt;
    return std::pair{time, bytes};
}

OpenCache& openCache(const std::string& cacheDir, const std::string& modelId, const std::string& modality,
                     int64_t width)
{
    const std::string path = data::EmbeddingCache::pathFor(cacheDir, modelId, modality);
    auto it = g_caches.find(path);
    if (it != g_caches.end() && (it->second.pending || stampOf(path) == it->second.stamp))
        return it->second;
    OpenCache fresh{data::EmbeddingCache::open(cacheDir, modelId, modality, width), std::chrono::steady_clock::now(),
                    false, stampOf(path)};
    if (it == g_caches.end())
        it = g_caches.emplace(path, std::move(fresh)).first;
    else
        it->second = std::move(fresh);
    return it->second;
}

void save(OpenCache& open)
{
    (void)open.cache.save(); // a cache that cannot be written costs speed next time, never this answer
    open.savedAt = std::chrono::steady_clock::now();
    open.pending = false;
    open.stamp = stampOf(open.cache.path());
}

torch::Tensor cachedRows(const std::vector<std::string>& inputs, const std::vector<std::string>& keys,
                         const std::string& cacheDir, const std::string& modelId, const std::string& modality,
                         int64_t width, const EmbedInputs& embed, int* reused)
{
    std::unique_lock lock(g_cachesMutex, std::defer_lock);
    OpenCache* cache = nullptr;
    if (!cacheDir.empty()) {
        lock.lock();
        cache = &openCache(cacheDir, modelId, modality, width);
    }
    torch::Tensor out = torch::empty({static_cast<int64_t>(keys.size()), width});
    std::vector<size_t> missing;
    int hits = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (auto hit = cache ? cache->cache.find(keys[i]) : std::nullopt) {
            std::memcpy(out[static_cast<int64_t>(i)].data_ptr<float>(), hit->data(), size_t(width) * sizeof(float));
            ++hits;
        } else {
            missing.push_back(i);
        }
    }
    if (!missing.empty()) {
        std::vector<std::string> todo;
        for (const size_t i : missing)
            todo.push_back(inputs[i]);
        if (lock.owns_lock())
            lock.unlock(); // the model may take long; other caches stay usable
        const torch::Tensor fresh = embed(todo).to(torch::kCPU, torch::kFloat).contiguous();
        for (size_t j = 0; j < missing.size(); ++j)
            out[static_cast<int64_t>(missing[j])].copy_(fresh[static_cast<int64_t>(j)]);
        if (cache) {
            lock.lock();
            for (size_t j = 0; j < missing.size(); ++j) {
                const float* row = fresh[static_cast<int64_t>(j)].data_ptr<float>();
                cache->cache.put(keys[missing[j]], std::vector<float>(row, row + width));
            }
            cache->pending = true;
            if (t_deferDepth == 0 || std::chrono::steady_clock::now() - cache->savedAt >= kSaveInterval)
                save(*cache);
        }
    }
    if (reused)
        *reused = hits;
    return out;
}

} // namespace

DeferCacheSaves::DeferCacheSaves()
{
    ++t_deferDepth;
}

DeferCacheSaves::~DeferCacheSaves()
{
    if (--t_deferDepth == 0)
        flushEmbeddingCaches();
}

void flushEmbeddingCaches()
{
    std::lock_guard lock(g_cachesMutex);
    for (auto& [path, open] : g_caches)
        if (open.pending)
            save(open);
}

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
