#include "cli/vqa_helpers.h"

namespace fscope::cli {

VqaModel openVqaModel(const ParsedArgs& args, const GlobalOptions& options, const char* command)
{
    VqaModel model;
    model.record = describeModel(args, options, command);
    if (model.record.answers == api::AnswerStyle::None)
        throw CommandError{model.record.id + " does not answer questions about pictures (" + model.record.description + ")"};
    auto answerer = api::Answerer::open(model.record, modelCatalog(options), requireDevice(options));
    if (!answerer)
        throw CommandError{answerer.error().message};
    model.answerer = std::move(*answerer);
    model.options.zeroShotTemplate = args.value("--template"); // empty: the model's own default
    model.options.speechReader = args.value("--speech-reader");
    model.options.speechMiniFolder = args.value("--mini");
    return model;
}

std::vector<api::VqaQuestion> readVqaQuestions(const VqaModel& model, const std::string& path,
                                               const std::vector<std::string>& defaultCandidates, bool needReferences)
{
    auto questions = api::readVqaQuestions(path, defaultCandidates, model.answerer->needsCandidates(), needReferences,
                                           model.record.hearsSpokenQuestions);
    if (!questions)
        throw CommandError{questions.error().message};
    return std::move(*questions);
}

std::vector<api::Answer> answerVqaQuestions(VqaModel& model, const std::vector<api::VqaQuestion>& questions)
{
    auto answers = model.answerer->answer(questions, model.options);
    if (!answers)
        throw CommandError{answers.error().message};
    return std::move(*answers);
}

} // namespace fscope::cli
