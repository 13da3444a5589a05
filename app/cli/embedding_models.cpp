#include "cli/embedding_models.h"

#include "cli/clip_helpers.h"
#include "cli/mini_helpers.h"

namespace fscope::cli {

std::unique_ptr<EmbeddingModel> openEmbeddingModel(const ParsedArgs& args, const GlobalOptions& options,
                                                   const char* command)
{
    const auto model = describeModel(args, options, command);
    if (!model.embedsSpace())
        throw CommandError{model.id + " answers questions about pictures; it does not embed items (" + model.description
                           + ")"};
    if (const auto folder = miniFolderFor(model))
        return tasks::wrapMiniSession(openMiniModel(*folder, options), args.value("--model"));
    return tasks::wrapClipSession(openClipModel(args, options, command));
}

} // namespace fscope::cli
