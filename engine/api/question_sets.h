#pragma once
// Question sets for visual question answering: reading them, and scoring
// answers against their references (DESIGN.md "Metrics": accuracy after VQA
// answer normalisation, soft with several references, overall and per question
// type; corpus BLEU-4 and BLEU-1; ROUGE-L).
//
// A question set holds one JSON object per line:
//   {"image": path, "question": text, "answers": [candidates...],
//    "answer": reference or "references": [...], "type": question type}
// Paths are relative to the file. Candidates matter to zero-shot answering
// only; references and type to scoring only.
//
//   auto questions = readVqaQuestions("sample/test.jsonl", {}, false, true);
//   if (!questions) return questions.error();      // names the file and the line
//   VqaScores s = scoreVqaAnswers(answers, *questions);
//
// Plain functions and values; any thread.

#include "util/json.h"
#include "util/result.h"

#include <map>
#include <string>
#include <vector>

namespace fscope::api {

struct VqaQuestion {
    std::string image;     // absolute
    std::string question;  // empty for a spoken question
    std::string audio;     // a spoken question's file, absolute; empty for typed ones
    std::string type;      // may be empty
    bool relational = false;
    std::vector<std::string> candidates;
    std::vector<std::string> references;
};

// needCandidates: every question must have at least two candidate answers (its
// own "answers", else defaultCandidates). needReferences: every question must
// have "answer" or "references". Spoken questions ({"image", "audio": path}
// without "question") are read when allowSpoken (the shapes models hear them),
// else refused naming the line.
Result<std::vector<VqaQuestion>> readVqaQuestions(const std::string& path, const std::vector<std::string>& defaultCandidates,
                                                  bool needCandidates, bool needReferences, bool allowSpoken = false);

struct VqaScores {
    size_t count = 0;
    double accuracy = 0;
    std::map<std::string, double> accuracyByType;
    std::map<std::string, size_t> countByType;
    double bleu4 = 0;  // one-word answers have no 4-grams: 0 by definition
    double bleu1 = 0;  // how their words compare
    double rougeL = 0; // mean over the answers
    json::Value toJson() const; // {"questions", "accuracy", "per_type", "bleu4", "bleu1", "rouge_l"}
};

// predicted[i] answers questions[i]; the sizes must match (else EngineError).
VqaScores scoreVqaAnswers(const std::vector<std::string>& predicted, const std::vector<VqaQuestion>& questions);

} // namespace fscope::api
