#pragma once
// Workspaces: what a person has loaded and chosen, saved as one JSON file with
// a cache folder beside it (embeddings keyed by content hash and model, so
// reopening recomputes nothing). Writes are atomic (write, fsync, rename).
//
// The file (`.fsw`, UTF-8 JSON):
//   {"format": "fusionscope-workspace", "version": 1,
//    "model": "...",                           // a catalogue id: a built-in name or a checkpoint path
//    "page": "similarity",                     // the page shown
//    "items": [{"kind": "image" | "text" | "audio",
//               "content": "images/a.png",    // a path (relative to the file when inside its folder) or the text
//               "label": "...", "group": "g1", "collection": "...", "language": "zh"}]}
// The cache folder is `<file>-cache/`.
//
//   WorkspaceState state{model, page, library.items()};
//   QString error;
//   if (!saveWorkspace("/home/me/apples.fsw", state, &error)) show(error);
//   auto loaded = loadWorkspace("/home/me/apples.fsw", &error);   // std::nullopt + error naming the file
//
// GUI thread only (pure file functions, but they use Qt types).

#include "ui/library_model.h"

#include <QString>

#include <optional>
#include <vector>

namespace fscope::ui {

struct WorkspaceState {
    QString model;
    QString page;
    std::vector<LibraryItem> items; // ids are not stored: they are given anew on load
};

bool saveWorkspace(const QString& path, const WorkspaceState& state, QString* error);
std::optional<WorkspaceState> loadWorkspace(const QString& path, QString* error);
QString workspaceCacheDir(const QString& path);

} // namespace fscope::ui
