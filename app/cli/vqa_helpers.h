#pragma once
// Questions about images for the vqa and eval-vqa commands: the model --model
// names, opened through the engine's answering door (api/answering.h), the
// same one the Questions and Evaluation pages use: a shapes VQA model answers
// from its ten classes (typed or spoken questions), an embedding model ranks
// candidate answers zero-shot.
//
// The questions file's format: api/question_sets.h.

#include "cli/commands.h"
#include "api/answering.h"

#include <memory>
#include <string>
#include <vector>

namespace fscope::cli {

struct VqaModel {
    api::ModelRecord record;
    std::unique_ptr<api::Answerer> answerer;
    api::AnsweringOptions options; // --template, --speech-reader, --mini
};

// Opens --model for answering; a CommandError when it does not answer.
VqaModel openVqaModel(const ParsedArgs& args, const GlobalOptions& options, const char* command);

// api::readVqaQuestions for this model (candidates when it answers zero-shot,
// spoken lines when it hears them), with its error as a CommandError.
std::vector<api::VqaQuestion> readVqaQuestions(const VqaModel& model, const std::string& path,
                                               const std::vector<std::string>& defaultCandidates, bool needReferences);

// Every answer, or a CommandError naming the file that failed.
std::vector<api::Answer> answerVqaQuestions(VqaModel& model, const std::vector<api::VqaQuestion>& questions);

} // namespace fscope::cli
