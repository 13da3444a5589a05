#pragma once
// The model --model names, for the embedding commands (embed, retrieve): an
// imported CLIP (images and texts) or the built-in mini (images, texts, audio).

#include "cli/commands.h"
#include "tasks/embedding_model.h"

#include <memory>

namespace fscope::cli {

using tasks::EmbeddingModel;

// A CommandError says what is wrong with the model.
std::unique_ptr<EmbeddingModel> openEmbeddingModel(const ParsedArgs& args, const GlobalOptions& options,
                                                   const char* command);

} // namespace fscope::cli
