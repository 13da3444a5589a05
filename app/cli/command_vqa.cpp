// vqa --model M --input Q.jsonl --output A.jsonl [--answer A]... [--template T]
//     [--speech-reader FILE] [--mini DIR]
// Lines are {"image", "question"} or, for the shapes models, {"image", "audio"}.
// The shapes models answer from their ten classes; embedding models (CLIP,
// mini) rank candidate answers zero-shot (cli/vqa_helpers.h).
#include "cli/vqa_helpers.h"

#include "cli/clip_helpers.h"
#include "util/json.h"

#include <filesystem>
#include <iostream>
#include <sstream>

namespace fscope::cli {

int runVqa(const ParsedArgs& args, const GlobalOptions& options)
{
    if (!args.positional.empty())
        throw CommandError{"vqa takes options only, got '" + args.positional.front() + "'"};
    const std::string inputPath = args.value("--input");
    const std::string outputPath = args.value("--output");
    if (inputPath.empty() || outputPath.empty())
        throw CommandError{"vqa needs --input QUESTIONS.jsonl and --output ANSWERS.jsonl"};
    auto model = openVqaModel(args, options, "vqa");
    const auto questions = readVqaQuestions(model, inputPath, args.values("--answer"), false);
    const auto answers = answerVqaQuestions(model, questions);

    std::ostringstream output;
    for (size_t i = 0; i < answers.size(); ++i) {
        const auto& p = answers[i];
        json::Value scores = json::Value::object();
        for (const auto& [name, probability] : p.scores)
            scores[name] = probability;
        json::Value line = json::Value::object();
        line["answer"] = p.answer;
        line["scores"] = scores;
        if (!p.heard.empty())
            line["heard"] = p.heard;
        output << json::serialize(line) << "\n";
        if (!options.json)
            std::cout << (questions[i].audio.empty() ? questions[i].question
                                                     : std::filesystem::path(questions[i].audio).filename().string()
                                                           + " (heard: " + p.heard + ")")
                      << " -> " << p.answer << "  ("
                      << std::filesystem::path(questions[i].image).filename().string() << ")\n";
    }
    writeFileAtomically(outputPath, output.str());
    if (options.json) {
        json::Value summary = json::Value::object();
        summary["questions"] = static_cast<int64_t>(questions.size());
        summary["output"] = outputPath;
        std::cout << json::serialize(summary) << "\n";
    }
    return 0;
}

} // namespace fscope::cli
