#include "cli/clip_helpers.h"
#include "tasks/explorer.h"

#include "io/image.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fscope::cli {

namespace {

struct Question {
    std::string image;
    std::string question;
    std::vector<std::string> answers;
};

} // namespace

// CLIP zero-shot VQA: each candidate answer becomes a caption built from the
// question, and the image picks the caption it matches best (softmax over the
// candidates' logits).
int runVqa(const ParsedArgs& args, const GlobalOptions& options)
{
    if (!args.positional.empty())
        throw CommandError{"vqa takes options only, got '" + args.positional.front() + "'"};
    const std::string inputPath = args.value("--input");
    const std::string outputPath = args.value("--output");
    if (inputPath.empty() || outputPath.empty())
        throw CommandError{"vqa needs --input QUESTIONS.jsonl and --output ANSWERS.jsonl"};
    const std::vector<std::string>& defaultAnswers = args.values("--answer");
    const std::string templ = args.value("--template", "question: {question} answer: {answer}");

    std::ifstream in(inputPath, std::ios::binary);
    if (!in)
        throw CommandError{inputPath + ": cannot open"};
    const auto base = std::filesystem::absolute(inputPath).parent_path();
    std::vector<Question> questions;
    size_t lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const std::string where = inputPath + ": line " + std::to_string(lineNo) + ": ";
        auto doc = json::parse(line);
        if (!doc)
            throw CommandError{where + doc.error().message};
        const json::Value* image = doc->isObject() ? doc->find("image") : nullptr;
        const json::Value* question = doc->isObject() ? doc->find("question") : nullptr;
        if (doc->isObject() && doc->find("audio"))
            throw CommandError{where + "spoken questions need a model with an audio encoder; CLIP reads text"};
        if (!image || !image->isString() || !question || !question->isString())
            throw CommandError{where + "expected {\"image\": path, \"question\": text}"};
        Question q{(base / image->asString()).lexically_normal().string(), question->asString(), defaultAnswers};
        if (const json::Value* answers = doc->find("answers")) {
            if (!answers->isArray())
                throw CommandError{where + "'answers' must be an array of strings"};
            q.answers.clear();
            for (const auto& a : answers->asArray()) {
                if (!a.isString())
                    throw CommandError{where + "'answers' must be an array of strings"};
                q.answers.push_back(a.asString());
            }
        }
        if (q.answers.size() < 2)
            throw CommandError{where + "needs at least two candidate answers (--answer A --answer B, or an "
                               "'answers' array on the line)"};
        questions.push_back(std::move(q));
    }
    if (questions.empty())
        throw CommandError{inputPath + ": holds no questions"};

    auto clip = openClipModel(args, options, "vqa");
    std::ostringstream output;
    try {
        for (const auto& q : questions) {
            std::vector<std::string> captions;
            for (const auto& answer : q.answers)
                captions.push_back(tasks::fillQuestionTemplate(templ, q.question, answer));
            const torch::Tensor probs =
                torch::softmax(clip.logits(clip.embedImageFiles({q.image}), clip.embedTexts(captions)), -1)[0];
            json::Value scores = json::Value::object();
            int64_t best = 0;
            for (size_t a = 0; a < q.answers.size(); ++a) {
                scores[q.answers[a]] = probs[static_cast<int64_t>(a)].item<double>();
                if (probs[static_cast<int64_t>(a)].item<double>() > probs[best].item<double>())
                    best = static_cast<int64_t>(a);
            }
            json::Value line = json::Value::object();
            line["answer"] = q.answers[static_cast<size_t>(best)];
            line["scores"] = scores;
            output << json::serialize(line) << "\n";
            if (!options.json)
                std::cout << q.question << " -> " << q.answers[static_cast<size_t>(best)] << "  ("
                          << std::filesystem::path(q.image).filename().string() << ")\n";
        }
    } catch (const EngineError& e) {
        throw CommandError{e.what()};
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
