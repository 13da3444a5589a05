#pragma once
// Embeddings through the on-disk cache (data/embedding_cache.h), for any model:
// rows whose key is cached are read, the others computed by `embed` (given the
// missing inputs, in order) and added, and the cache saved.
//
//   auto rows = fscope::tasks::cachedFileRows(paths, cacheDir, modelId, "image", width,
//                                             [&](const auto& todo) { return model.embedImageFiles(todo); });
//
// Files are keyed by the SHA-256 of their content, texts by that of the text.
// An empty cacheDir computes everything. A cache that cannot be written costs
// speed next time, never this answer. *reused (optional) counts cached rows.
// The caches stay open in memory (read again when the file changes on disk).
// Each call writes its new rows at once, except inside a DeferCacheSaves scope,
// where a cache is written at most every 3 seconds and the rest when the scope
// ends: embedding a large library chunk by chunk then costs a few writes.
// Thread-safety: as the embed callback's model; the open caches are shared under
// a lock; one writing process per cache folder.

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace fscope::tasks {

using EmbedInputs = std::function<torch::Tensor(const std::vector<std::string>&)>;

// Throws EngineError when a file cannot be read.
torch::Tensor cachedFileRows(const std::vector<std::string>& paths, const std::string& cacheDir,
                             const std::string& modelId, const std::string& modality, int64_t width,
                             const EmbedInputs& embed, int* reused = nullptr);

torch::Tensor cachedTextRows(const std::vector<std::string>& texts, const std::string& cacheDir,
                             const std::string& modelId, int64_t width, const EmbedInputs& embed,
                             int* reused = nullptr);

// While one lives on a thread, that thread's cache writes are spaced out; the
// last one to end writes what is pending (also when a job is cancelled).
class DeferCacheSaves {
public:
    DeferCacheSaves();
    ~DeferCacheSaves();
    DeferCacheSaves(const DeferCacheSaves&) = delete;
    DeferCacheSaves& operator=(const DeferCacheSaves&) = delete;
};

// Writes every open cache with rows not yet on disk.
void flushEmbeddingCaches();

} // namespace fscope::tasks
