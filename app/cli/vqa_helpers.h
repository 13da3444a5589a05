#pragma once
// Questions about images for the vqa and eval-vqa commands: reading a
// questions file, and answering with a shapes VQA model (its ten answers) or a
// CLIP model (zero-shot: each candidate answer becomes a caption built from the
// question, and the picture picks the caption it matches best).
//
// A questions file holds one JSON object per line:
//   {"image": path, "question": text, "answers": [candidates...],
//    "answer": reference or "references": [...], "type": question type}
// Paths are relative to the file. Candidates are needed by CLIP only;
// references and type by eval-vqa only. Errors name the file and the line.

#include "cli/commands.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace fscope::cli {

struct VqaQuestion {
    std::string image;     // absolute
    std::string question;
    std::string type;      // may be empty
    std::vector<std::string> candidates;
    std::vector<std::string> references;
};

struct VqaPrediction {
    std::string answer;
    std::vector<std::pair<std::string, double>> scores;
};

bool isShapesModel(const std::string& model);

// needCandidates: every question must have at least two candidate answers
// (its own "answers", else defaultCandidates). needReferences: every question
// must have "answer" or "references".
std::vector<VqaQuestion> readVqaQuestions(const std::string& path, const std::vector<std::string>& defaultCandidates,
                                          bool needCandidates, bool needReferences);

// Answers every question with --model (and --template for CLIP); calls
// onAnswer after each one. Throws CommandError naming the file on failure.
std::vector<VqaPrediction> answerVqaQuestions(const ParsedArgs& args, const GlobalOptions& options,
                                              const std::vector<VqaQuestion>& questions,
                                              const std::function<void(size_t, const VqaPrediction&)>& onAnswer = {});

} // namespace fscope::cli
