#pragma once
// Questions about images for the vqa and eval-vqa commands: reading a
// questions file, and answering with a shapes VQA model (its ten answers) or a
// CLIP model (zero-shot: each candidate answer becomes a caption built from the
// question, and the picture picks the caption it matches best).
//
// The questions file's format: tasks/vqa_questions.h.

#include "cli/commands.h"
#include "tasks/vqa_questions.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace fscope::cli {

using VqaQuestion = tasks::VqaQuestion;

struct VqaPrediction {
    std::string answer;
    std::vector<std::pair<std::string, double>> scores;
    std::string heard; // a spoken question's words as heard
};

bool isShapesModel(const std::string& model);

// tasks::readVqaQuestions, with its error as a CommandError.
// allowSpoken: {"image", "audio"} lines are read (the shapes models hear them).
std::vector<VqaQuestion> readVqaQuestions(const std::string& path, const std::vector<std::string>& defaultCandidates,
                                          bool needCandidates, bool needReferences, bool allowSpoken);

// Answers every question with --model (and --template for CLIP; a shapes model
// hears spoken questions with --speech-reader FILE --mini DIR, default the
// shipped reader); calls
// onAnswer after each one. Throws CommandError naming the file on failure.
std::vector<VqaPrediction> answerVqaQuestions(const ParsedArgs& args, const GlobalOptions& options,
                                              const std::vector<VqaQuestion>& questions,
                                              const std::function<void(size_t, const VqaPrediction&)>& onAnswer = {});

} // namespace fscope::cli
