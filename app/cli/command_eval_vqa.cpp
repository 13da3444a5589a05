// eval-vqa --model builtin:shapes-S --pack DIR [--split test|train] [--limit IMAGES]
// eval-vqa --model M --input Q.jsonl [--answer A]... [--template T]
// Accuracy after VQA answer normalisation (soft accuracy with several
// references), per question type, plus corpus BLEU-4 and ROUGE-L of the
// answers against the references (DESIGN.md "Metrics").
#include "cli/vqa_helpers.h"

#include "data/shapes_world.h"
#include "models/builtin.h"
#include "train/shapes_eval.h"
#include "util/json.h"

#include <cstdio>
#include <iostream>

namespace fscope::cli {

namespace {

std::string shapesWeights(const std::string& model, const GlobalOptions& options)
{
    if (!models::isBuiltinName(model))
        return model;
    for (const auto& builtin : models::builtinModels(resourceDir(options)))
        if (builtin.name == model) {
            if (!builtin.installed)
                throw CommandError{model + " is not installed: " + builtin.weightsPath + " is missing"};
            return builtin.weightsPath;
        }
    throw CommandError{"eval-vqa: unknown built-in model '" + model + "'"};
}

json::Value evaluatePack(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string model = args.value("--model");
    if (!isShapesModel(model))
        throw CommandError{"eval-vqa --pack needs a shapes model (builtin:shapes-early, late, xattn or gated)"};
    auto loaded = models::loadShapesVqaModel(shapesWeights(model, options));
    if (!loaded)
        throw CommandError{loaded.error().message};
    const std::string splitName = args.value("--split", "test");
    auto split = train::loadShapesSplit(args.value("--pack"), splitName);
    if (!split)
        throw CommandError{split.error().message};
    train::ShapesEvalOptions eval;
    eval.limitImages = intOption(args, "--limit", 0, 0, 1000000);
    eval.keepPredictions = true;
    const auto scores = train::evaluateShapesVqa(*loaded, *split, eval);

    std::vector<tasks::VqaQuestion> asked;
    std::vector<std::string> predicted;
    const auto& answers = data::shapesAnswers();
    for (size_t q = 0; q < split->questions.size(); ++q) {
        if (scores.predictions[q] < 0)
            continue;
        const auto& record = split->questions[q];
        tasks::VqaQuestion question;
        question.references = {answers[size_t(record.answer)]};
        question.type = data::shapesQuestionTypeName(data::ShapesQuestionType(record.type));
        asked.push_back(std::move(question));
        predicted.push_back(answers[size_t(scores.predictions[q])]);
    }
    json::Value v = tasks::scoreVqaAnswers(predicted, asked).toJson();
    v["model"] = model;
    v["split"] = splitName;
    v["relational"] = scores.relational();
    v["non_relational"] = scores.nonRelational();
    v["ms_per_question"] = scores.millisecondsPerQuestion;
    if (scores.attentionShare >= 0)
        v["attention_share"] = scores.attentionShare;
    return v;
}

json::Value evaluateFile(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string input = args.value("--input");
    const auto questions =
        readVqaQuestions(input, args.values("--answer"), !isShapesModel(args.value("--model")), true);
    const auto predictions = answerVqaQuestions(args, options, questions);
    std::vector<std::string> answers;
    for (const auto& prediction : predictions)
        answers.push_back(prediction.answer);
    json::Value v = tasks::scoreVqaAnswers(answers, questions).toJson();
    v["model"] = args.value("--model");
    v["input"] = input;
    return v;
}

} // namespace

int runEvalVqa(const ParsedArgs& args, const GlobalOptions& options)
{
    if (!args.positional.empty())
        throw CommandError{"eval-vqa takes options only, got '" + args.positional.front() + "'"};
    if (args.value("--model").empty())
        throw CommandError{"eval-vqa needs --model (builtin:shapes-..., a shapes weights file, or a CLIP checkpoint)"};
    const bool pack = !args.value("--pack").empty();
    if (pack == !args.value("--input").empty())
        throw CommandError{"eval-vqa needs either --pack DIR (a shapes pack) or --input QUESTIONS.jsonl"};
    const json::Value result = pack ? evaluatePack(args, options) : evaluateFile(args, options);
    if (options.json) {
        std::cout << json::serialize(result, 2) << "\n";
        return 0;
    }
    std::printf("%lld questions: accuracy %.4f, BLEU-4 %.4f (BLEU-1 %.4f), ROUGE-L %.4f\n",
                (long long)result.find("questions")->asInt(), result.find("accuracy")->asDouble(),
                result.find("bleu4")->asDouble(), result.find("bleu1")->asDouble(), result.find("rouge_l")->asDouble());
    if (const auto* relational = result.find("relational"))
        std::printf("relational %.4f, non-relational %.4f\n", relational->asDouble(),
                    result.find("non_relational")->asDouble());
    for (const auto& [type, value] : result.find("per_type")->asObject())
        std::printf("  %-10s %.4f\n", type.c_str(), value.asDouble());
    if (const auto* share = result.find("attention_share"))
        std::printf("attention share on the asked-about object: %.3f\n", share->asDouble());
    return 0;
}

} // namespace fscope::cli
