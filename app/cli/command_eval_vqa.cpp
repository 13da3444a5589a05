// eval-vqa --model SHAPES-MODEL --pack DIR [--split test|train] [--limit IMAGES]
// eval-vqa --model SHAPES-MODEL --pack DIR --spoken [--voice ID]... [--speech-reader FILE] [--mini DIR]
//          [--free-reading] [--listen-once]
//   (the questions as spoken in the pack's held-out voices, or the voices named; read
//   as one of the 36 questions, or with --free-reading word by word)
// eval-vqa --model M --input Q.jsonl [--answer A]... [--template T]
// Accuracy after VQA answer normalisation (soft accuracy with several
// references), per question type, plus corpus BLEU-4 and ROUGE-L of the
// answers against the references (DESIGN.md "Metrics").
#include "cli/vqa_helpers.h"

#include "data/shapes_world.h"
#include "api/evaluation.h"
#include "data/shapes_pack.h"
#include "train/shapes_eval.h"
#include "train/spoken_question_trainer.h"
#include "util/json.h"

#include <cstdio>
#include <iostream>

namespace fscope::cli {

namespace {

// Scores as eval-vqa prints them, with BLEU and ROUGE of the answers.
json::Value packScores(const train::ShapesVqaScores& scores, const train::ShapesSplit& split)
{
    std::vector<api::VqaQuestion> asked;
    std::vector<std::string> predicted;
    const auto& answers = data::shapesAnswers();
    for (size_t q = 0; q < split.questions.size(); ++q) {
        if (scores.predictions[q] < 0)
            continue;
        const auto& record = split.questions[q];
        api::VqaQuestion question;
        question.references = {answers[size_t(record.answer)]};
        question.type = data::shapesQuestionTypeName(data::ShapesQuestionType(record.type));
        asked.push_back(std::move(question));
        predicted.push_back(answers[size_t(scores.predictions[q])]);
    }
    json::Value v = api::scoreVqaAnswers(predicted, asked).toJson();
    v["relational"] = scores.relational();
    v["non_relational"] = scores.nonRelational();
    v["ms_per_question"] = scores.millisecondsPerQuestion;
    if (scores.attentionShare >= 0)
        v["attention_share"] = scores.attentionShare;
    return v;
}

// The pack's questions as spoken: per voice, and the mean over the voices.
json::Value evaluateSpoken(const ParsedArgs& args, const GlobalOptions& options, models::ShapesVqaModel& model,
                           const train::ShapesSplit& split, const train::ShapesEvalOptions& eval)
{
    const std::string resources = resourceDir(options);
    auto speech = tasks::ShapesSpeechReader::open(
        args.value("--mini", tasks::ShapesSpeechReader::builtinMiniFolder(resources)),
        args.value("--speech-reader", tasks::ShapesSpeechReader::builtinPath(resources)));
    if (!speech)
        throw CommandError{speech.error().message};
    (*speech)->setFreeReading(args.hasFlag("--free-reading"));
    (*speech)->setListenSeveralWays(!args.hasFlag("--listen-once"));
    std::vector<std::string> voices = args.values("--voice");
    if (voices.empty())
        for (const auto& voice : data::shapesPackVoices())
            if (voice.heldOut)
                voices.push_back(voice.id);
    const auto [typedIds, typedMask] = train::shapesQuestionTable(model->config().maxQuestionTokens);
    json::Value perVoice = json::Value::object();
    double accuracy = 0, relational = 0, nonRelational = 0;
    for (const auto& voice : voices) {
        auto heard = train::hearPackVoice(**speech, args.value("--pack"), voice);
        if (!heard)
            throw CommandError{heard.error().message};
        auto spokenEval = eval;
        spokenEval.spoken = &*heard;
        const auto scores = train::evaluateShapesVqa(model, split, spokenEval);
        json::Value v = packScores(scores, split);
        const auto heardScore = train::scoreHeard(*heard, typedIds);
        v["questions_heard_right"] = heardScore.questionAccuracy;
        v["words_heard_right"] = heardScore.wordAccuracy;
        json::Value misheard = json::Value::array();
        const auto texts = models::heardText(*heard);
        for (int type = 0; type < data::kShapesQuestionTypes; ++type)
            for (int colour = 0; colour < data::kShapesColours; ++colour) {
                auto [ids, mask] = models::encodeShapesQuestion(
                    data::shapesQuestionText(data::ShapesQuestionType(type), colour), model->config().maxQuestionTokens);
                const auto& text = texts[size_t(type * data::kShapesColours + colour)];
                if (models::heardText({torch::one_hot(ids, int64_t(models::shapesQuestionVocabulary().size()))
                                           .to(torch::kFloat),
                                       mask})[0]
                    != text) {
                    json::Value m = json::Value::object();
                    m["question"] = data::shapesQuestionText(data::ShapesQuestionType(type), colour);
                    m["heard"] = text;
                    misheard.push(m);
                }
            }
        v["misheard"] = misheard;
        accuracy += v.find("accuracy")->asDouble();
        relational += scores.relational();
        nonRelational += scores.nonRelational();
        perVoice[voice] = v;
    }
    const double n = double(voices.size());
    json::Value v = json::Value::object();
    v["model"] = args.value("--model");
    v["split"] = args.value("--split", "test");
    v["speech_reader"] = (*speech)->readerPath();
    v["reading"] = args.hasFlag("--free-reading") ? "free" : "one of the 36 questions";
    v["listening"] = args.hasFlag("--listen-once") ? "once" : "nine ways";
    v["accuracy"] = accuracy / n;
    v["relational"] = relational / n;
    v["non_relational"] = nonRelational / n;
    v["voices"] = perVoice;
    return v;
}

json::Value evaluatePack(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string model = args.value("--model");
    const auto record = describeModel(args, options, "eval-vqa");
    if (record.family != api::ModelFamily::ShapesVqa) {
        std::string shapes;
        const auto catalog = modelCatalog(options);
        for (const auto& builtin : catalog.builtins())
            if (builtin.family == api::ModelFamily::ShapesVqa)
                shapes += (shapes.empty() ? "" : ", ") + builtin.id;
        throw CommandError{"eval-vqa --pack needs a shapes model (" + shapes + ", or a shapes weights file)"};
    }
    auto loaded = models::loadShapesVqaModel(record.weightsPath);
    if (!loaded)
        throw CommandError{loaded.error().message};
    const std::string splitName = args.value("--split", "test");
    auto split = train::loadShapesSplit(args.value("--pack"), splitName);
    if (!split)
        throw CommandError{split.error().message};
    train::ShapesEvalOptions eval;
    eval.limitImages = intOption(args, "--limit", 0, 0, 1000000);
    eval.keepPredictions = true;
    if (args.hasFlag("--spoken"))
        return evaluateSpoken(args, options, *loaded, *split, eval);
    json::Value v = packScores(train::evaluateShapesVqa(*loaded, *split, eval), *split);
    v["model"] = model;
    v["split"] = splitName;
    return v;
}

json::Value evaluateFile(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string input = args.value("--input");
    auto model = openVqaModel(args, options, "eval-vqa");
    const auto questions = readVqaQuestions(model, input, args.values("--answer"), true);
    auto scored = api::evaluateQuestionSet(*model.answerer, questions, model.options);
    if (!scored)
        throw CommandError{scored.error().message};
    json::Value v = scored->scores.toJson();
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
        throw CommandError{"eval-vqa needs --model (a built-in name, see info; a shapes weights file; or a CLIP checkpoint)"};
    const bool pack = !args.value("--pack").empty();
    if (pack == !args.value("--input").empty())
        throw CommandError{"eval-vqa needs either --pack DIR (a shapes pack) or --input QUESTIONS.jsonl"};
    if (args.hasFlag("--spoken") && !pack)
        throw CommandError{"eval-vqa --spoken needs --pack DIR (a shapes pack with its speech)"};
    const json::Value result = pack ? evaluatePack(args, options) : evaluateFile(args, options);
    if (options.json) {
        std::cout << json::serialize(result, 2) << "\n";
        return 0;
    }
    if (const auto* voices = result.find("voices")) {
        std::printf("spoken questions: accuracy %.4f (relational %.4f, non-relational %.4f), mean over %zu voices\n",
                    result.find("accuracy")->asDouble(), result.find("relational")->asDouble(),
                    result.find("non_relational")->asDouble(), voices->asObject().size());
        for (const auto& [voice, v] : voices->asObject()) {
            std::printf("  %-22s accuracy %.4f (relational %.4f, non-relational %.4f); questions heard right %.4f\n",
                        voice.c_str(), v.find("accuracy")->asDouble(), v.find("relational")->asDouble(),
                        v.find("non_relational")->asDouble(), v.find("questions_heard_right")->asDouble());
            for (const auto& m : v.find("misheard")->asArray())
                std::printf("    \"%s\" heard as \"%s\"\n", m.find("question")->asString().c_str(),
                            m.find("heard")->asString().c_str());
        }
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
