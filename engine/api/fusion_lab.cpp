#include "api/fusion_lab.h"

#include "data/shapes_world.h"
#include "fusion/fusion.h"
#include "train/shapes_lab.h"

namespace fscope::api {

namespace {

FusionLabCurvePoint toPoint(const train::ShapesCurvePoint& p)
{
    return {p.step, p.seconds, p.loss, p.trainAccuracy, p.testAccuracy};
}

FusionLabResult toResult(const train::ShapesLabResult& r)
{
    FusionLabResult out;
    out.strategy = fusion::strategyName(r.strategy);
    out.parameters = r.parameters;
    out.steps = r.steps;
    out.trainingSeconds = r.trainingSeconds;
    out.millisecondsPerQuestion = r.test.millisecondsPerQuestion;
    out.overall = r.test.overall();
    out.relational = r.test.relational();
    out.nonRelational = r.test.nonRelational();
    for (int t = 0; t < data::kShapesQuestionTypes; ++t) {
        const auto type = data::ShapesQuestionType(t);
        out.perType.emplace_back(data::shapesQuestionTypeName(type), r.test.accuracy(type));
    }
    out.attentionShare = r.test.attentionShare;
    out.imageDroppedAccuracy = r.imageDroppedAccuracy;
    out.questionDroppedAccuracy = r.questionDroppedAccuracy;
    out.lateWeights = r.modalityWeights;
    out.attentionGates = r.attentionGates;
    out.feedForwardGates = r.feedForwardGates;
    for (const auto& p : r.curve)
        out.curve.push_back(toPoint(p));
    out.report = r.toJson();
    return out;
}

double number(const json::Value& object, const char* key, double otherwise)
{
    const json::Value* value = object.isObject() ? object.find(key) : nullptr;
    return value && value->isNumber() ? value->asDouble() : otherwise;
}

std::vector<double> numbers(const json::Value& object, const char* key)
{
    std::vector<double> out;
    if (const json::Value* list = object.find(key); list && list->isArray())
        for (const auto& item : list->asArray())
            if (item.isNumber())
                out.push_back(item.asDouble());
    return out;
}

} // namespace

std::vector<std::string> fusionLabStrategies()
{
    std::vector<std::string> ids;
    for (const auto strategy : fusion::answerStrategies())
        ids.push_back(fusion::strategyName(strategy));
    return ids;
}

Result<std::vector<FusionLabResult>> fusionLabResultsFromJson(const json::Value& document)
{
    const json::Value* strategies = document.isObject() ? document.find("strategies") : nullptr;
    if (!strategies || !strategies->isArray())
        return Error{"not a Fusion Lab result: no \"strategies\" list"};
    std::vector<FusionLabResult> out;
    for (const auto& entry : strategies->asArray()) {
        const json::Value* name = entry.isObject() ? entry.find("strategy") : nullptr;
        const json::Value* test = entry.isObject() ? entry.find("test") : nullptr;
        if (!name || !name->isString() || !test || !test->isObject())
            return Error{"a Fusion Lab strategy needs \"strategy\" and \"test\""};
        FusionLabResult r;
        r.strategy = name->asString();
        r.parameters = int64_t(number(entry, "parameters", 0));
        r.steps = int64_t(number(entry, "steps", 0));
        r.trainingSeconds = number(entry, "training_seconds", 0);
        r.overall = number(*test, "overall", 0);
        r.relational = number(*test, "relational", 0);
        r.nonRelational = number(*test, "non_relational", 0);
        r.millisecondsPerQuestion = number(*test, "ms_per_question", 0);
        r.attentionShare = number(*test, "attention_share", -1);
        if (const json::Value* perType = test->find("per_type"); perType && perType->isObject())
            for (const auto& [type, value] : perType->asObject())
                if (value.isNumber())
                    r.perType.emplace_back(type, value.asDouble());
        r.imageDroppedAccuracy = number(entry, "accuracy_image_dropped", 0);
        r.questionDroppedAccuracy = number(entry, "accuracy_question_dropped", 0);
        if (const json::Value* weights = entry.find("late_weights"); weights && weights->isObject())
            r.lateWeights = {number(*weights, "image", 0), number(*weights, "question", 0)};
        r.attentionGates = numbers(entry, "attention_gates");
        r.feedForwardGates = numbers(entry, "feed_forward_gates");
        if (const json::Value* curve = entry.find("curve"); curve && curve->isArray())
            for (const auto& p : curve->asArray())
                r.curve.push_back({int64_t(number(p, "step", 0)), number(p, "seconds", 0), number(p, "loss", 0),
                                   number(p, "train_accuracy", 0), number(p, "test_accuracy", -1)});
        r.report = entry;
        out.push_back(std::move(r));
    }
    if (out.empty())
        return Error{"a Fusion Lab result without strategies"};
    return out;
}

json::Value fusionLabDocument(const std::vector<FusionLabResult>& results, double epochs, int64_t trainImages)
{
    json::Value out = json::Value::object();
    out["task"] = "shapes";
    out["epochs"] = epochs;
    out["train_images"] = trainImages;
    json::Value list = json::Value::array();
    for (const auto& r : results)
        list.asArray().push_back(r.report);
    out["strategies"] = list;
    return out;
}

Result<std::vector<FusionLabResult>> runFusionLab(const FusionLabOptions& options,
                                                  const std::function<bool(const FusionLabProgress&)>& progress)
{
    train::ShapesLabOptions lab;
    for (const auto& name : options.strategies) {
        const auto strategy = fusion::parseStrategy(name);
        if (!strategy || *strategy == fusion::Strategy::Contrastive || *strategy == fusion::Strategy::Unified)
            return Error{"lab: the strategies are early, late, xattn and gated (got '" + name + "')"};
        lab.strategies.push_back(*strategy);
    }
    if (!(options.epochs > 0))
        return Error{"lab: epochs must be above 0"};
    lab.epochs = options.epochs;
    lab.limitImages = options.limitImages;
    lab.packDir = options.packDir;
    lab.workDir = options.workDir;
    lab.seed = options.seed;
    auto results = train::runShapesLab(lab, [&](const train::ShapesLabProgress& p) {
        if (!progress)
            return true;
        FusionLabProgress out;
        out.strategyIndex = p.strategyIndex;
        out.strategies = p.strategies;
        out.strategy = options.strategies[p.strategyIndex];
        out.stage = p.training.stage;
        out.step = p.training.step;
        out.steps = p.training.steps;
        const double within = p.training.steps > 0 ? double(p.training.step) / double(p.training.steps) : 0;
        out.fraction = (double(p.strategyIndex) + within) / double(std::max<size_t>(1, p.strategies));
        if (p.training.newPoint)
            out.point = toPoint(*p.training.newPoint);
        return progress(out);
    });
    if (!results)
        return results.error();
    std::vector<FusionLabResult> out;
    for (const auto& r : *results)
        out.push_back(toResult(r));
    return out;
}

} // namespace fscope::api
