#pragma once
// Embeddings of collection items kept on disk so the next query over the same
// files does not run the model again. Keyed by the item's content hash (SHA-256
// of the file, or of the text) and by the model's id; one safetensors file per
// model and modality under the cache folder:
//
//   auto cache = fscope::data::EmbeddingCache::open(dir, clip.modelId(), "image", 512);
//   if (auto hit = cache.find(hash)) use(*hit);   // std::vector<float>, 512 values
//   else { cache.put(hash, computed); }
//   cache.save();                                 // atomic: written beside, renamed over
//
// Validated on load: a file whose model id, modality or width differs, whose
// SHA-256 checksum (of its keys and embeddings, kept in the metadata) does not
// match, or that cannot be read as safetensors, is ignored (and replaced at the
// next save), so a stale or damaged cache costs a recomputation, never a wrong
// answer. The embeddings are one [n, width] matrix, so 20,000 entries load in a
// fraction of a second.
// Thread-safety: none; one owner at a time. Two processes saving the same file
// leave one complete version (rename is atomic).

#include "util/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fscope::data {

class EmbeddingCache {
public:
    static EmbeddingCache open(const std::string& dir, const std::string& modelId, const std::string& modality,
                               int64_t width);
    // The file open() reads and save() writes.
    static std::string pathFor(const std::string& dir, const std::string& modelId, const std::string& modality);

    std::optional<std::vector<float>> find(const std::string& contentHash) const;
    void put(const std::string& contentHash, std::vector<float> embedding);
    Result<void> save() const;

    size_t size() const { return m_entries.size(); }
    const std::string& path() const { return m_path; }
    // Why the file on disk was not used ("" when it was, or when there was none).
    const std::string& ignoredBecause() const { return m_ignoredBecause; }

private:
    std::string m_path;
    std::string m_modelId;
    std::string m_modality;
    int64_t m_width = 0;
    std::map<std::string, std::vector<float>> m_entries;
    bool m_dirty = false;
    std::string m_ignoredBecause;
};

// The default cache folder: $XDG_CACHE_HOME/fusionscope/embeddings, else
// ~/.cache/fusionscope/embeddings.
std::string defaultEmbeddingCacheDir();

} // namespace fscope::data
