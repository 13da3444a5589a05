#include "tasks/clip_session.h"

#include "tasks/cached_embeddings.h"

#include "data/embedding_cache.h"
#include "io/gzip_file.h"
#include "models/clip_loader.h"
#include "util/json.h"
#include "util/sha256.h"

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

namespace fscope::tasks {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kBatch = 16;

bool bothExist(const fs::path& dir)
{
    std::error_code ec;
    return fs::is_regular_file(dir / "vocab.json", ec) && fs::is_regular_file(dir / "merges.txt", ec);
}

// image_mean / image_std from a Hugging Face preprocessor_config.json, when present and well-formed.
io::Normalization normalizationFor(const std::string& checkpointPath)
{
    io::Normalization norm = io::clipNormalization();
    std::error_code ec;
    if (!fs::is_directory(checkpointPath, ec))
        return norm;
    std::ifstream in(fs::path(checkpointPath) / "preprocessor_config.json");
    if (!in)
        return norm;
    std::ostringstream text;
    text << in.rdbuf();
    auto doc = json::parse(text.str());
    if (!doc || !doc->isObject())
        return norm;
    auto read = [&](const char* key, std::array<float, 3>& out) {
        const json::Value* v = doc->find(key);
        if (!v || !v->isArray() || v->size() != 3)
            return;
        for (size_t i = 0; i < 3; ++i)
            if (!v->asArray()[i].isNumber())
                return;
        for (size_t i = 0; i < 3; ++i)
            out[i] = static_cast<float>(v->asArray()[i].asDouble());
    };
    read("image_mean", norm.mean);
    read("image_std", norm.std);
    return norm;
}

Result<std::string> weightsId(const std::string& checkpointPath)
{
    std::error_code ec;
    const fs::path weights = fs::is_directory(checkpointPath, ec) ? fs::path(checkpointPath) / "model.safetensors"
                                                                    : fs::path(checkpointPath);
    std::ifstream in(weights, std::ios::binary);
    if (!in)
        return Error{weights.string() + ": cannot open"};
    const auto size = static_cast<int64_t>(fs::file_size(weights, ec));
    Sha256 hash;
    hash.update("fusionscope-clip-weights:" + std::to_string(size) + ":");
    constexpr int64_t kMiB = 1 << 20;
    std::vector<char> buffer(static_cast<size_t>(kMiB));
    for (const int64_t offset : {int64_t(0), std::max<int64_t>(0, size - kMiB)}) {
        in.clear();
        in.seekg(offset);
        in.read(buffer.data(), kMiB);
        hash.update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    return hash.hexDigest();
}

} // namespace

Result<text::ClipTokenizer> findClipTokenizer(const std::string& checkpointPath)
{
    std::error_code ec;
    const bool folder = fs::is_directory(checkpointPath, ec);
    const fs::path dir = folder ? fs::path(checkpointPath) : fs::path(checkpointPath).parent_path();
    const fs::path where = dir.empty() ? fs::path(".") : dir;
    if (bothExist(where))
        return text::ClipTokenizer::fromFiles((where / "vocab.json").string(), (where / "merges.txt").string());
    const fs::path gz = where / "bpe_simple_vocab_16e6.txt.gz";
    if (!folder && fs::is_regular_file(gz, ec)) {
        auto bpe = io::readGzipFile(gz.string());
        if (!bpe)
            return bpe.error();
        return text::ClipTokenizer::fromOpenAiBpe(*bpe, gz.string());
    }
    return Error{checkpointPath + ": no tokenizer found: expected vocab.json and merges.txt"
                 + std::string(folder ? " in the folder" : " (or bpe_simple_vocab_16e6.txt.gz) beside the file")
                 + " in " + where.string()};
}

std::string fillTemplate(const std::string& templ, const std::string& label)
{
    const size_t slot = templ.find("{}");
    if (slot == std::string::npos)
        return templ.empty() ? label : templ + " " + label;
    return templ.substr(0, slot) + label + templ.substr(slot + 2);
}

ClipSession::ClipSession(models::ClipModel model, text::ClipTokenizer tokenizer)
    : m_model(std::move(model))
    , m_tokenizer(std::move(tokenizer))
{
}

Result<ClipSession> ClipSession::open(const std::string& path, const torch::Device& device)
{
    auto model = models::loadClipCheckpoint(path);
    if (!model)
        return model.error();
    auto tokenizer = findClipTokenizer(path);
    if (!tokenizer)
        return tokenizer.error();
    if (static_cast<int64_t>(tokenizer->vocabSize()) != (*model)->config().vocabSize)
        return Error{path + ": the tokenizer has " + std::to_string(tokenizer->vocabSize())
                     + " symbols but the model's token embedding has " + std::to_string((*model)->config().vocabSize)};
    ClipSession session(std::move(*model), std::move(*tokenizer));
    session.m_normalization = normalizationFor(path);
    session.m_device = device;
    session.m_source = path;
    auto id = weightsId(path);
    if (!id)
        return id.error();
    session.m_modelId = *id;
    session.m_model->to(device);
    session.m_model->eval();
    return session;
}

torch::Tensor ClipSession::pixels(const io::ImageRgb8& image) const
{
    const int r = static_cast<int>(m_model->config().imageResolution);
    // The long side rounds: the reference outputs (the clip-tiny fixture) were made so,
    // e.g. 2162x762 -> 91x32 where torchvision's truncation gives 90x32. One pixel of
    // the long side, cropped away on all but the smallest models; see image_preprocess.h.
    std::vector<float> chw = io::clipPreprocess(image, r, m_normalization, io::LongSideRule::Round);
    return torch::from_blob(chw.data(), {1, 3, r, r}, torch::kFloat).clone().to(m_device);
}

torch::Tensor ClipSession::embedImages(const std::vector<io::ImageRgb8>& images)
{
    c10::InferenceMode guard;
    std::vector<torch::Tensor> out;
    for (size_t start = 0; start < images.size(); start += kBatch) {
        std::vector<torch::Tensor> batch;
        for (size_t i = start; i < std::min(images.size(), start + kBatch); ++i)
            batch.push_back(pixels(images[i]));
        out.push_back(m_model->encodeImage(torch::cat(batch, 0)).to(torch::kCPU));
    }
    if (out.empty())
        return torch::empty({0, m_model->config().embedDim});
    return torch::cat(out, 0);
}

torch::Tensor ClipSession::embedImageFiles(const std::vector<std::string>& paths)
{
    std::vector<torch::Tensor> out;
    for (size_t start = 0; start < paths.size(); start += kBatch) {
        std::vector<io::ImageRgb8> images;
        for (size_t i = start; i < std::min(paths.size(), start + kBatch); ++i) {
            auto image = io::loadImage(paths[i]);
            if (!image)
                throw EngineError(image.error().message);
            images.push_back(std::move(*image));
        }
        out.push_back(embedImages(images));
    }
    if (out.empty())
        return torch::empty({0, m_model->config().embedDim});
    return torch::cat(out, 0);
}

torch::Tensor ClipSession::embedTexts(const std::vector<std::string>& texts,
                                      std::vector<std::vector<int64_t>>* idsOut)
{
    c10::InferenceMode guard;
    const auto contextLength = static_cast<size_t>(m_model->config().contextLength);
    std::vector<torch::Tensor> out;
    for (size_t start = 0; start < texts.size(); start += kBatch) {
        const size_t end = std::min(texts.size(), start + kBatch);
        torch::Tensor ids = torch::zeros({static_cast<int64_t>(end - start), static_cast<int64_t>(contextLength)},
                                         torch::kLong);
        for (size_t i = start; i < end; ++i) {
            const std::vector<int64_t> row = m_tokenizer->encodeWithSpecial(texts[i], contextLength);
            std::copy(row.begin(), row.end(), ids[static_cast<int64_t>(i - start)].data_ptr<int64_t>());
            if (idsOut)
                idsOut->push_back(row);
        }
        out.push_back(m_model->encodeText(ids.to(m_device)).to(torch::kCPU));
    }
    if (out.empty())
        return torch::empty({0, m_model->config().embedDim});
    return torch::cat(out, 0);
}

torch::Tensor ClipSession::embedImageFilesCached(const std::vector<std::string>& paths, const std::string& cacheDir,
                                                int* reused)
{
    return cachedFileRows(paths, cacheDir, m_modelId, "image", m_model->config().embedDim,
                          [&](const std::vector<std::string>& todo) { return embedImageFiles(todo); }, reused);
}

torch::Tensor ClipSession::embedTextsCached(const std::vector<std::string>& texts, const std::string& cacheDir,
                                           int* reused)
{
    return cachedTextRows(texts, cacheDir, m_modelId, m_model->config().embedDim,
                          [&](const std::vector<std::string>& todo) { return embedTexts(todo); }, reused);
}

torch::Tensor ClipSession::logits(const torch::Tensor& rows, const torch::Tensor& cols)
{
    c10::InferenceMode guard;
    return m_model->logitsPerImage(rows.to(m_device), cols.to(m_device)).to(torch::kCPU);
}

double ClipSession::logitScaleParameter() const
{
    return m_model->logitScale().item<double>();
}

} // namespace fscope::tasks
