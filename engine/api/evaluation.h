#pragma once
// Evaluation: how well a model retrieves paired items in every direction, and
// how well it answers a question set. The Evaluation page and the eval-retrieval
// and eval-vqa commands call these, so the figures are the same in both.
//
//   std::vector<api::PairedItem> items = ...;           // an image, its captions and its speech share a group
//   auto directions = api::evaluateRetrieval(*explorer, items);
//   directions[0].recallAtK.at(5);                       // text -> image Recall@5
//
//   auto scored = api::evaluateQuestionSet(*answerer, questions);
//   if (!scored) return scored.error();
//   scored->scores.accuracy;                             // api/question_sets.h: VqaScores
//
// Retrieval directions: from every modality side (texts apart per language) to
// every other modality whose pairs exist; texts as targets are the untagged
// ones. Each query ranks all the target items of the evaluation; a query's
// correct items are those of its group (metrics/retrieval.h: Recall@K, median
// and mean rank, ties counted against the query).
// Thread-safety: run on the thread that owns the Explorer or Answerer (the engine's).

#include "api/answering.h"
#include "api/explorer.h"
#include "api/question_sets.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace fscope::api {

struct PairedItem {
    int id = 0;           // the caller's own id (a library item, a manifest line)
    ExplorerItem item;    // what is embedded
    std::string group;    // items of one group are each other's pairs; "" for none
    std::string language; // texts: "zh" for text_zh fields; "" for untagged (usually English)
};

struct RetrievalDirection {
    ItemKind from = ItemKind::Text;
    std::string fromLanguage; // texts: the queries' language ("" untagged)
    ItemKind to = ItemKind::Image;
    std::vector<int> queryIds;   // PairedItem ids
    std::vector<int> galleryIds;
    std::vector<std::vector<size_t>> relevant; // per query, indices into galleryIds

    // Filled by evaluateRetrieval:
    std::vector<size_t> ranks;              // per query, the 1-based rank of its best pair
    std::vector<int> bestIds;               // per query, the top-ranked item
    std::vector<std::vector<int>> topIds;   // per query, the ten best
    std::map<int, double> recallAtK;        // K = 1, 5, 10
    double medianRank = 0;
    double meanRank = 0;

    // "text -> image", "text (zh) -> image"
    std::string name() const;
};

// The items of a collection (api/media.h: a manifest or a folder), as the
// library reads them: each manifest line is a group holding its image, its
// caption, its captions in other languages ("text_zh" fields) and its speech; a
// folder's files stand alone. Ids are positions in the returned list. Lines
// skipped for missing files are listed in *problems.
Result<std::vector<PairedItem>> readPairedItems(const std::string& collection,
                                                std::vector<std::string>* problems = nullptr);

// The directions the items' pairs allow, without figures.
std::vector<RetrievalDirection> planRetrievalDirections(const std::vector<PairedItem>& items);

// Embeds every item (progress(done, total) may return false to cancel:
// runtime::JobCancelled) and scores each planned direction by cosine.
std::vector<RetrievalDirection> evaluateRetrieval(Explorer& explorer, const std::vector<PairedItem>& items,
                                                  const std::function<bool(int, int)>& progress = {});

struct QuestionSetEvaluation {
    std::vector<Answer> answers; // answers[i] for questions[i]
    VqaScores scores;
};

// Answers every question and scores the answers against the references.
Result<QuestionSetEvaluation> evaluateQuestionSet(Answerer& answerer, const std::vector<VqaQuestion>& questions,
                                                  const AnsweringOptions& options = {});

} // namespace fscope::api
