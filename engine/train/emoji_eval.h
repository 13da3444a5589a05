#pragma once
// Retrieval figures of the built-in model on the emoji pack, as
// `fusionscope-cli eval-retrieval` reports them: every emoji of the chosen
// split is a query and every image of that split is in the gallery.
//
//   auto figures = fscope::train::evaluateEmojiRetrieval(mini, "packs/emoji", "");   // all splits
//   figures->tasks["text_en_to_image"].recall.at(10);
//
// Tasks: English and Chinese names to image, speech in the held-out voices to
// image, image to English and Chinese names. The random baseline is what a
// scorer without information gets: K / gallery size.
// Thread-safety: runs on the session's thread.

#include "tasks/mini_session.h"
#include "util/json.h"
#include "util/result.h"

#include <functional>
#include <map>
#include <string>

namespace fscope::train {

struct RetrievalFigures {
    size_t queries = 0, gallery = 0;
    std::map<int, double> recall; // K -> Recall@K
    double medianRank = 0;
};

struct EmojiEvaluation {
    std::string split; // "" for all
    size_t emoji = 0;
    std::map<std::string, RetrievalFigures> tasks;
    std::map<int, double> randomRecall; // K -> K / gallery
    json::Value toJson() const;
};

Result<EmojiEvaluation> evaluateEmojiRetrieval(tasks::MiniSession& session, const std::string& packDir, const std::string& split,
                                               const std::function<void(const std::string&)>& onStage = {});

} // namespace fscope::train
