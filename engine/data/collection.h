#pragma once
// A user's collection of items to search: a folder of files or a manifest.
//
//   auto collection = fscope::data::loadCollection("/photos");            // or "pairs.jsonl"
//   if (!collection) return collection.error(); // "pairs.jsonl: line 3: 'cat.jpg' does not exist"
//   for (const auto& item : collection->items) if (!item.image.empty()) ...;
//
// Folders (not recursive, files in name order): images (png, jpg, jpeg, bmp,
// webp, tif, tiff) and audio (wav, flac, ogg, mp3) become one item each; each
// non-blank line of a .txt file becomes a text item. Manifests: JSONL with one
// {"image": ..., "text": ..., "audio": ...} object per line (other fields kept),
// CSV with a header naming those columns, or COCO captions JSON (one item per
// caption, with its image). Paths are relative to the manifest's folder. A line
// naming a file that does not exist is skipped and reported in `problems` (the
// rest loads); malformed lines are errors that name the manifest and the line.
// Text files must be UTF-8 (others are skipped and reported).
// Thread-safety: pure functions over the file system; any thread.

#include "util/json.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace fscope::data {

struct CollectionItem {
    json::Value fields; // the manifest line's fields as written; for folders {"image"|"audio"|"text": ...}
    std::string image;  // absolute path, or "" when the item has no image
    std::string audio;  // absolute path, or "" (the first, when the line lists several)
    std::string text;   // the caption, or ""
    bool hasText = false;
};

struct Collection {
    std::string source;
    std::vector<CollectionItem> items;
    // What was skipped, one line each ("pairs.jsonl: line 3: 'cat.jpg' does not
    // exist (line skipped)"); the first 20 are kept, `skipped` counts them all.
    std::vector<std::string> problems;
    size_t skipped = 0;
};

Result<Collection> loadCollection(const std::string& path);

bool isImageFileName(const std::string& name);
bool isAudioFileName(const std::string& name);

} // namespace fscope::data
