#include "train/shapes_eval.h"

#include <chrono>

namespace fscope::train {

namespace {


double ratio(int64_t correct, int64_t total)
{
    return total > 0 ? double(correct) / double(total) : 0.0;
}

} // namespace

double ShapesVqaScores::accuracy(data::ShapesQuestionType type) const
{
    return ratio(correct[size_t(type)], total[size_t(type)]);
}

double ShapesVqaScores::relational() const
{
    int64_t c = 0, t = 0;
    for (int i = 0; i < data::kShapesQuestionTypes; ++i)
        if (data::isRelational(data::ShapesQuestionType(i))) {
            c += correct[size_t(i)];
            t += total[size_t(i)];
        }
    return ratio(c, t);
}

double ShapesVqaScores::nonRelational() const
{
    int64_t c = 0, t = 0;
    for (int i = 0; i < data::kShapesQuestionTypes; ++i)
        if (!data::isRelational(data::ShapesQuestionType(i))) {
            c += correct[size_t(i)];
            t += total[size_t(i)];
        }
    return ratio(c, t);
}

double ShapesVqaScores::overall() const
{
    int64_t c = 0, t = 0;
    for (int i = 0; i < data::kShapesQuestionTypes; ++i) {
        c += correct[size_t(i)];
        t += total[size_t(i)];
    }
    return ratio(c, t);
}

json::Value ShapesVqaScores::toJson() const
{
    json::Value v = json::Value::object();
    v["overall"] = overall();
    v["relational"] = relational();
    v["non_relational"] = nonRelational();
    json::Value perType = json::Value::object();
    int64_t questions = 0;
    for (int i = 0; i < data::kShapesQuestionTypes; ++i) {
        perType[data::shapesQuestionTypeName(data::ShapesQuestionType(i))] = accuracy(data::ShapesQuestionType(i));
        questions += total[size_t(i)];
    }
    v["per_type"] = perType;
    v["questions"] = questions;
    v["ms_per_question"] = millisecondsPerQuestion;
    if (attentionShare >= 0) {
        v["attention_share"] = attentionShare;
        v["attention_questions"] = attentionQuestions;
    }
    return v;
}

std::pair<torch::Tensor, torch::Tensor> shapesQuestionTable(int64_t maxTokens)
{
    std::vector<torch::Tensor> ids, masks;
    for (int t = 0; t < data::kShapesQuestionTypes; ++t)
        for (int c = 0; c < data::kShapesColours; ++c) {
            auto [id, mask] = models::encodeShapesQuestion(data::shapesQuestionText(data::ShapesQuestionType(t), c),
                                                           maxTokens);
            ids.push_back(id);
            masks.push_back(mask);
        }
    return {torch::cat(ids), torch::cat(masks)};
}

std::vector<int64_t> shapesCellsOf(const data::ShapesObject& object, int grid)
{
    const double cell = double(data::kShapesImageSize) / grid;
    const double half = data::kShapesObjectHalf + 0.5;
    const auto cellRange = [&](int centre) {
        const int first = std::max(0, int((centre - half) / cell));
        const int last = std::min(grid - 1, int((centre + half) / cell));
        return std::make_pair(first, last);
    };
    const auto [x0, x1] = cellRange(object.x);
    const auto [y0, y1] = cellRange(object.y);
    std::vector<int64_t> cells;
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            cells.push_back(int64_t(y) * grid + x);
    return cells;
}

// Per grid cell: the offset from the cell's centre to the centre of the object
// covering most of it, in place units (ShapesVqaModelImpl::placeOffsets), and
// whether any object covers it. [grid^2, 3]: dx, dy, covered.
torch::Tensor questionAttention(const torch::Tensor& attention, const torch::Tensor& questionMask)
{
    const auto mask = questionMask.narrow(1, 0, attention.size(2)).to(attention.scalar_type());
    return (attention.mean(1) * mask.unsqueeze(-1)).sum(1) / mask.sum(1, true).clamp_min(1);
}

torch::Tensor shapesPlaceTargets(const data::ShapesScene& scene, int grid)
{
    auto targets = torch::zeros({int64_t(grid) * grid, 3});
    auto t = targets.accessor<float, 2>();
    std::vector<double> bestOverlap(size_t(grid) * grid, 0);
    const double cell = double(data::kShapesImageSize) / grid;
    const double spacing = 2.0 / double(grid - 1);
    const double half = data::kShapesObjectHalf + 0.5;
    // Pixel i spans [i, i + 1); an object at pixel (x, y) covers [x + 0.5 - half, x + 0.5 + half].
    const auto place = [&](double pixelCentre) { return (pixelCentre / cell - 0.5) * spacing - 1.0; };
    for (const auto& object : scene.objects) {
        const double cx = object.x + 0.5, cy = object.y + 0.5;
        for (int64_t index : shapesCellsOf(object, grid)) {
            const int gx = int(index % grid), gy = int(index / grid);
            const double ox = std::min(cx + half, (gx + 1) * cell) - std::max(cx - half, gx * cell);
            const double oy = std::min(cy + half, (gy + 1) * cell) - std::max(cy - half, gy * cell);
            const double overlap = std::max(0.0, ox) * std::max(0.0, oy);
            if (overlap <= bestOverlap[size_t(index)])
                continue;
            bestOverlap[size_t(index)] = overlap;
            t[index][0] = float(std::clamp(place(cx) - (gx * spacing - 1.0), -spacing, spacing));
            t[index][1] = float(std::clamp(place(cy) - (gy * spacing - 1.0), -spacing, spacing));
            t[index][2] = 1;
        }
    }
    return targets;
}

ShapesVqaScores evaluateShapesVqa(models::ShapesVqaModel& model, const ShapesSplit& split,
                                  const ShapesEvalOptions& options)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = model->is_training();
    model->eval();
    auto [tableIds, tableMask] = shapesQuestionTable(model->config().maxQuestionTokens);
    if (options.spoken)
        tableMask = options.spoken->mask;

    const int64_t images = options.limitImages > 0 ? std::min<int64_t>(options.limitImages, split.images.size(0))
                                                   : split.images.size(0);
    std::vector<std::vector<size_t>> questionsOf(static_cast<size_t>(images));
    for (size_t q = 0; q < split.questions.size(); ++q)
        if (split.questions[q].image < images)
            questionsOf[size_t(split.questions[q].image)].push_back(q);

    ShapesVqaScores scores;
    if (options.keepPredictions)
        scores.predictions.assign(split.questions.size(), -1);
    double shareSum = 0;
    double seconds = 0;
    int64_t answered = 0;
    for (int64_t begin = 0; begin < images; begin += options.imagesPerBatch) {
        const int64_t end = std::min(images, begin + options.imagesPerBatch);
        std::vector<int64_t> rowOf, tableRow;
        std::vector<size_t> questionIndex;
        for (int64_t image = begin; image < end; ++image)
            for (size_t q : questionsOf[size_t(image)]) {
                rowOf.push_back(image - begin);
                tableRow.push_back(int64_t(split.questions[q].type) * data::kShapesColours + split.questions[q].colour);
                questionIndex.push_back(q);
            }
        if (questionIndex.empty())
            continue;
        const auto started = std::chrono::steady_clock::now();
        const auto pixels = split.images.narrow(0, begin, end - begin).to(torch::kFloat) / 127.5 - 1.0;
        const auto rows = torch::tensor(rowOf, torch::kLong);
        const auto which = torch::tensor(tableRow, torch::kLong);
        const auto imageTokens = model->encodeImage(pixels).index_select(0, rows);
        const auto logits = options.spoken ? model->fuseWords(imageTokens, options.spoken->probs.index_select(0, which),
                                                              tableMask.index_select(0, which), options.dropped)
                                           : model->fuse(imageTokens, tableIds.index_select(0, which),
                                                         tableMask.index_select(0, which), options.dropped);
        const auto predicted = logits.argmax(1);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        answered += int64_t(questionIndex.size());
        const auto p = predicted.accessor<int64_t, 1>();
        for (size_t i = 0; i < questionIndex.size(); ++i) {
            const auto& record = split.questions[questionIndex[i]];
            scores.total[size_t(record.type)] += 1;
            scores.correct[size_t(record.type)] += p[int64_t(i)] == record.answer ? 1 : 0;
            if (options.keepPredictions)
                scores.predictions[questionIndex[i]] = int8_t(p[int64_t(i)]);
        }

        const auto seen = model->fusionModule()->inspect();
        if (!options.measureAttention || seen.attention.empty() || split.scenes.size() < size_t(images))
            continue;
        const auto perQuestion = questionAttention(seen.attention.back(), tableMask.index_select(0, which)); // [B, K]
        const auto a = perQuestion.accessor<float, 2>();
        for (size_t i = 0; i < questionIndex.size(); ++i) {
            const auto& record = split.questions[questionIndex[i]];
            if (data::isRelational(data::ShapesQuestionType(record.type)))
                continue;
            const auto& scene = split.scenes[size_t(record.image)];
            const auto object = std::find_if(scene.objects.begin(), scene.objects.end(),
                                             [&](const data::ShapesObject& o) { return o.colour == record.colour; });
            if (object == scene.objects.end())
                continue;
            double share = 0;
            for (int64_t cell : shapesCellsOf(*object, int(model->config().grid)))
                share += a[int64_t(i)][cell];
            shareSum += share;
            scores.attentionQuestions += 1;
        }
    }
    if (scores.attentionQuestions > 0)
        scores.attentionShare = shareSum / double(scores.attentionQuestions);
    scores.millisecondsPerQuestion = answered > 0 ? 1000.0 * seconds / double(answered) : 0;
    if (wasTraining)
        model->train();
    return scores;
}

} // namespace fscope::train
