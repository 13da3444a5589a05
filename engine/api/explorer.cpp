#include "api/explorer.h"

#include "tasks/cached_embeddings.h"

#include "explain/attention_maps.h"
#include "explain/clip_explain.h"
#include "explain/mini_explain.h"
#include "io/audio.h"
#include "io/audio_preprocess.h"
#include "io/image_preprocess.h"
#include "models/mini_preprocess.h"
#include "runtime/torch_device.h"
#include "runtime/worker.h"
#include "tasks/embedding_model.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

namespace fscope::api {

namespace {

constexpr size_t kChunk = 32; // items per model call between progress reports

FloatGrid toGrid(const torch::Tensor& tensor)
{
    const auto t = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
    FloatGrid grid;
    grid.rows = t.dim() == 2 ? static_cast<int>(t.size(0)) : 1;
    grid.columns = static_cast<int>(t.dim() == 2 ? t.size(1) : t.numel());
    grid.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    return grid;
}

std::vector<float> toVector(const torch::Tensor& tensor)
{
    return toGrid(tensor.reshape({-1})).values;
}

io::ImageRgb8 loadImageOrThrow(const std::string& path)
{
    auto image = io::loadImage(path);
    if (!image)
        throw EngineError(image.error().message);
    return std::move(*image);
}

using tasks::ClipSession;
using tasks::DeferCacheSaves;
using tasks::EmbeddingModel;
using tasks::MiniSession;

} // namespace

std::string itemKindName(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Image: return "image";
    case ItemKind::Text: return "text";
    case ItemKind::Audio: return "audio";
    }
    return "?";
}

std::string fillQuestionTemplate(std::string templ, const std::string& question, const std::string& answer)
{
    for (const auto& [slot, value] : {std::pair<std::string, std::string>{"{question}", question}, {"{answer}", answer}})
        for (size_t at = templ.find(slot); at != std::string::npos; at = templ.find(slot, at + value.size()))
            templ.replace(at, slot.size(), value);
    return templ;
}

FloatGrid cosineMatrix(const FloatGrid& a, const FloatGrid& b)
{
    if (a.columns != b.columns)
        throw EngineError("cosineMatrix: widths differ (" + std::to_string(a.columns) + " and "
                          + std::to_string(b.columns) + ")");
    FloatGrid out{a.rows, b.rows, std::vector<float>(size_t(a.rows) * size_t(b.rows))};
    for (int i = 0; i < a.rows; ++i)
        for (int j = 0; j < b.rows; ++j) {
            double sum = 0;
            for (int k = 0; k < a.columns; ++k)
                sum += double(a.at(i, k)) * double(b.at(j, k));
            out.values[size_t(i) * size_t(b.rows) + size_t(j)] = static_cast<float>(sum);
        }
    return out;
}

struct Explorer::Impl {
    std::string name;
    ModelRecord record;
    std::unique_ptr<EmbeddingModel> model;
    std::string cacheDir;
    std::map<std::pair<ItemKind, std::string>, std::vector<float>> memo;
    Explorer::CacheStats stats;

    torch::Tensor embedKind(ItemKind kind, const std::vector<std::string>& contents)
    {
        int reused = 0;
        torch::Tensor rows;
        switch (kind) {
        case ItemKind::Image: rows = model->imagesCached(contents, cacheDir, &reused); break;
        case ItemKind::Text: rows = model->textsCached(contents, cacheDir, &reused); break;
        case ItemKind::Audio: rows = model->audioCached(contents, cacheDir, &reused); break;
        }
        stats.fromDisk += reused;
        stats.computed += static_cast<int>(contents.size()) - reused;
        return rows;
    }

    PairExplanationData explainMini(MiniSession& mini, const ExplorerItem& query, const io::ImageRgb8& image);
    PairExplanationData explainClip(ClipSession& clip, const ExplorerItem& query, const io::ImageRgb8& image);
};

Explorer::Explorer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Explorer::~Explorer() = default;

Result<std::unique_ptr<Explorer>> Explorer::open(const std::string& model, const std::string& resourceDir,
                                                 const runtime::DeviceInfo& device, const std::string& cacheDir)
{
    try {
        auto record = ModelCatalog(resourceDir).describe(model);
        if (!record)
            return record.error();
        if (!record->embedsSpace())
            return Error{model + " answers questions about pictures; it does not embed items (" + record->description
                         + ")"};
        auto impl = std::make_unique<Impl>();
        impl->name = model;
        impl->record = *record;
        impl->cacheDir = cacheDir;
        const torch::Device torchDevice = runtime::torchDevice(device);
        if (record->family == ModelFamily::Mini) {
            const std::string folder = record->builtin
                                           ? std::filesystem::path(record->weightsPath).parent_path().string()
                                           : record->weightsPath;
            auto session = MiniSession::open(folder, torchDevice);
            if (!session)
                return session.error();
            impl->model = tasks::wrapMiniSession(std::move(*session), model);
        } else {
            auto session = ClipSession::open(record->id, torchDevice);
            if (!session)
                return session.error();
            impl->model = tasks::wrapClipSession(std::move(*session));
        }
        return std::unique_ptr<Explorer>(new Explorer(std::move(impl)));
    } catch (const std::exception& e) {
        return Error{e.what()};
    }
}

const std::string& Explorer::modelName() const { return m_impl->name; }
const ModelRecord& Explorer::model() const { return m_impl->record; }
bool Explorer::hasAudio() const { return m_impl->model->hasAudio(); }
double Explorer::logitScale() const { return std::min(100.0, std::exp(m_impl->model->logitScaleParameter())); }
int Explorer::embeddingWidth() const { return static_cast<int>(m_impl->model->width()); }
void Explorer::setCacheDir(const std::string& cacheDir) { m_impl->cacheDir = cacheDir; }
Explorer::CacheStats Explorer::cacheStats() const { return m_impl->stats; }

FloatGrid Explorer::embed(const std::vector<ExplorerItem>& items, const std::function<bool(int, int)>& progress)
{
    // What the session has not seen yet, by kind, each content once.
    std::map<ItemKind, std::vector<std::string>> todo;
    std::set<std::pair<ItemKind, std::string>> queued;
    for (const auto& item : items)
        if (!m_impl->memo.count({item.kind, item.content}) && queued.insert({item.kind, item.content}).second)
            todo[item.kind].push_back(item.content);
    // Chunk after chunk goes to the on-disk cache; write it every few seconds and
    // at the end (a cancelled job keeps what it computed).
    DeferCacheSaves deferSaves;
    size_t total = 0, done = 0;
    for (const auto& [kind, list] : todo)
        total += list.size();
    torch::InferenceMode inference;
    for (const auto& [kind, list] : todo)
        for (size_t begin = 0; begin < list.size(); begin += kChunk) {
            if (progress && !progress(static_cast<int>(done), static_cast<int>(total)))
                throw runtime::JobCancelled{};
            const std::vector<std::string> chunk(list.begin() + long(begin),
                                                 list.begin() + long(std::min(list.size(), begin + kChunk)));
            const auto rows = torch::nn::functional::normalize(
                m_impl->embedKind(kind, chunk).to(torch::kCPU, torch::kFloat),
                torch::nn::functional::NormalizeFuncOptions().dim(-1));
            for (size_t i = 0; i < chunk.size(); ++i)
                m_impl->memo[{kind, chunk[i]}] = toVector(rows[long(i)]);
            done += chunk.size();
        }
    if (progress)
        progress(static_cast<int>(total), static_cast<int>(total));

    FloatGrid out;
    out.rows = static_cast<int>(items.size());
    out.columns = embeddingWidth();
    out.values.reserve(size_t(out.rows) * size_t(out.columns));
    for (const auto& item : items) {
        const auto& row = m_impl->memo.at({item.kind, item.content});
        out.values.insert(out.values.end(), row.begin(), row.end());
    }
    return out;
}

std::vector<double> Explorer::answerProbabilities(const std::string& imagePath, const std::string& question,
                                                  const std::vector<std::string>& answers, const std::string& templ)
{
    if (answers.size() < 2)
        throw EngineError("zero-shot answers need at least two candidates");
    std::vector<ExplorerItem> items{{ItemKind::Image, imagePath}};
    for (const auto& answer : answers)
        items.push_back({ItemKind::Text, fillQuestionTemplate(templ, question, answer)});
    const FloatGrid space = embed(items);
    std::vector<double> logits;
    for (int row = 1; row < space.rows; ++row) {
        double dot = 0;
        for (int k = 0; k < space.columns; ++k)
            dot += double(space.at(0, k)) * space.at(row, k);
        logits.push_back(logitScale() * dot);
    }
    const double top = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (auto& v : logits)
        sum += v = std::exp(v - top);
    for (auto& v : logits)
        v /= sum;
    return logits;
}

PairExplanationData Explorer::explain(const ExplorerItem& query, const std::string& imagePath)
{
    const io::ImageRgb8 image = loadImageOrThrow(imagePath);
    if (auto* mini = m_impl->model->miniSession())
        return m_impl->explainMini(*mini, query, image);
    return m_impl->explainClip(*m_impl->model->clipSession(), query, image);
}

namespace {

// Per layer, per head, plus the mean over heads as the last "head".
template <class MapOf>
std::vector<std::vector<FloatGrid>> attentionGrids(int layers, int heads, MapOf mapOf)
{
    std::vector<std::vector<FloatGrid>> out(static_cast<size_t>(layers));
    for (int layer = 0; layer < layers; ++layer)
        for (int head = 0; head <= heads; ++head)
            out[size_t(layer)].push_back(toGrid(explain::normalizeMap(mapOf(layer, head < heads ? head : -1))));
    return out;
}

io::ImageRgb8 squareCrop(const io::ImageRgb8& image, int size)
{
    return io::centerCrop(io::resizeShortestSide(image, size, io::LongSideRule::Round), size);
}

} // namespace

PairExplanationData Explorer::Impl::explainMini(MiniSession& mini, const ExplorerItem& query, const io::ImageRgb8& image)
{
    const auto& config = mini.model()->config();
    explain::MiniQuery miniQuery;
    PairExplanationData out;
    switch (query.kind) {
    case ItemKind::Text:
        miniQuery.kind = explain::MiniQuery::Kind::Text;
        miniQuery.ids = mini.tokenizer().encode(query.content, static_cast<size_t>(config.textContext));
        out.queryIds = miniQuery.ids;
        out.queryTokens = mini.tokenizer().tokenStrings(miniQuery.ids);
        for (auto& token : out.queryTokens) // the end-of-word mark is the tokenizer's business
            if (token.size() > 4 && token.compare(token.size() - 4, 4, "</w>") == 0)
                token.resize(token.size() - 4);
        break;
    case ItemKind::Audio: {
        miniQuery.kind = explain::MiniQuery::Kind::Audio;
        auto clip = io::loadAudio(query.content);
        if (!clip)
            throw EngineError(clip.error().message);
        auto mono = clip->mono();
        if (clip->sampleRate != models::kMiniSampleRate)
            mono = io::resample(mono, clip->sampleRate, models::kMiniSampleRate);
        miniQuery.mel = models::miniAudioFeatures(mono, config.audioMaxFrames()).unsqueeze(0);
        break;
    }
    case ItemKind::Image:
        miniQuery.kind = explain::MiniQuery::Kind::Image;
        miniQuery.pixels = models::miniImagePixels(loadImageOrThrow(query.content), config.imageSize).unsqueeze(0);
        break;
    }
    const auto why = explain::explainMiniPair(mini.model(), miniQuery,
                                              models::miniImagePixels(image, config.imageSize).unsqueeze(0));
    out.cosine = why.cosine;
    out.logit = why.logit;
    out.grid = static_cast<int>(why.grid);
    out.layers = static_cast<int>(why.imageAttention.size());
    out.heads = static_cast<int>(config.heads);
    out.imageAttention = attentionGrids(out.layers, out.heads, [&](int layer, int head) {
        return explain::miniImageAttentionMap(why, layer, head);
    });
    out.imageRollout = toGrid(explain::normalizeMap(why.imageRollout));
    out.imageRelevancy = toGrid(explain::normalizeMap(why.imageRelevancy));
    out.modelInput = squareCrop(image, static_cast<int>(config.imageSize));
    for (int layer = 0; layer < out.layers; ++layer)
        out.unscaled.imageAttention.push_back(toGrid(explain::miniImageAttentionMap(why, layer, -1)));
    out.unscaled.imageRollout = toGrid(why.imageRollout);
    out.unscaled.imageRelevancy = toGrid(why.imageRelevancy);
    if (query.kind != ItemKind::Image) {
        out.queryRelevancy = toVector(explain::normalizeMap(why.queryRelevancy));
        out.queryRollout = toVector(explain::normalizeMap(why.queryRollout));
        out.unscaled.queryRelevancy = toVector(why.queryRelevancy);
        out.unscaled.queryRollout = toVector(why.queryRollout);
    }
    if (query.kind == ItemKind::Audio) {
        // 10 ms frames, kAudioSubsampling frames per token; token 0 is the class token.
        out.secondsPerToken = 0.01 * double(models::MiniConfig::kAudioSubsampling);
        out.queryMelFrames = static_cast<int>(miniQuery.mel.size(1));
        out.queryMelBins = static_cast<int>(miniQuery.mel.size(2));
        out.queryMel = toVector(miniQuery.mel);
        out.queryTokens.push_back("[CLS]");
        for (size_t t = 1; t < out.queryRelevancy.size(); ++t) {
            char label[32];
            std::snprintf(label, sizeof label, "%.2f s", double(t - 1) * out.secondsPerToken);
            out.queryTokens.push_back(label);
        }
    }
    return out;
}

PairExplanationData Explorer::Impl::explainClip(ClipSession& clip, const ExplorerItem& query, const io::ImageRgb8& image)
{
    if (query.kind != ItemKind::Text)
        throw EngineError(clip.source() + " is a CLIP model: it explains text queries against images, not "
                          + itemKindName(query.kind) + " queries");
    const auto ids = clip.tokenizer().encodeWithSpecial(query.content, clip.model()->config().contextLength);
    const auto why = explain::explainClipPair(clip.model(), clip.pixels(image), ids);
    PairExplanationData out;
    out.cosine = why.cosine;
    out.logit = why.logit;
    out.grid = static_cast<int>(why.grid);
    out.layers = static_cast<int>(why.imageAttention.size());
    out.heads = out.layers > 0 ? static_cast<int>(why.imageAttention.front().size(0)) : 0;
    out.imageAttention = attentionGrids(out.layers, out.heads, [&](int layer, int head) {
        return explain::imageAttentionMap(why, layer, head);
    });
    out.imageRollout = toGrid(explain::normalizeMap(why.imageRollout));
    out.imageRelevancy = toGrid(explain::normalizeMap(why.imageRelevancy));
    out.modelInput = squareCrop(image, clip.resolution());
    out.queryTokens = clip.tokenizer().tokenStrings(ids);
    out.queryIds = ids;
    out.queryRelevancy = toVector(explain::normalizeMap(why.textRelevancy));
    out.queryRollout = toVector(explain::normalizeMap(why.textRollout));
    for (int layer = 0; layer < out.layers; ++layer)
        out.unscaled.imageAttention.push_back(toGrid(explain::imageAttentionMap(why, layer, -1)));
    out.unscaled.imageRollout = toGrid(why.imageRollout);
    out.unscaled.imageRelevancy = toGrid(why.imageRelevancy);
    out.unscaled.queryRelevancy = toVector(why.textRelevancy);
    out.unscaled.queryRollout = toVector(why.textRollout);
    if (!why.textAttention.empty())
        out.unscaled.queryAttention =
            toVector(explain::textAttentionMap(why, static_cast<int64_t>(why.textAttention.size()) - 1, -1));
    return out;
}

} // namespace fscope::api
