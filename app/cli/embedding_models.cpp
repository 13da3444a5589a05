#include "cli/embedding_models.h"

#include "cli/clip_helpers.h"
#include "cli/mini_helpers.h"

namespace fscope::cli {

std::unique_ptr<EmbeddingModel> openEmbeddingModel(const ParsedArgs& args, const GlobalOptions& options,
                                                   const char* command)
{
    const std::string name = args.value("--model");
    if (!name.empty())
        if (const auto folder = miniFolderFor(name, options))
            return tasks::wrapMiniSession(openMiniModel(*folder, options), name);
    return tasks::wrapClipSession(openClipModel(args, options, command));
}

} // namespace fscope::cli
