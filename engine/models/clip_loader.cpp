#include "models/clip_loader.h"

#include "io/safetensors.h"
#include "util/json.h"

#include <torch/script.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace fscope::models {

namespace {

namespace fs = std::filesystem;
using Shape = std::vector<int64_t>;

std::string shapeText(const Shape& shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// How one model parameter is built from file tensors.
struct Mapping {
    enum class Kind { Copy, Transpose, Concat };
    std::string target; // OpenAI-style parameter name in ClipModel
    Kind kind = Kind::Copy;
    std::vector<std::pair<std::string, Shape>> sources; // file name and expected shape
};

void addLayers(std::vector<Mapping>& out, const std::string& to, const std::string& from, int64_t layers, int64_t width,
               int64_t mlpWidth)
{
    using K = Mapping::Kind;
    for (int64_t i = 0; i < layers; ++i) {
        const std::string t = to + std::to_string(i) + ".";
        const std::string f = from + std::to_string(i) + ".";
        // nn.MultiheadAttention packs q, k, v row-wise into one in_proj matrix.
        out.push_back({t + "attn.in_proj_weight", K::Concat,
                       {{f + "self_attn.q_proj.weight", {width, width}},
                        {f + "self_attn.k_proj.weight", {width, width}},
                        {f + "self_attn.v_proj.weight", {width, width}}}});
        out.push_back({t + "attn.in_proj_bias", K::Concat,
                       {{f + "self_attn.q_proj.bias", {width}},
                        {f + "self_attn.k_proj.bias", {width}},
                        {f + "self_attn.v_proj.bias", {width}}}});
        out.push_back({t + "attn.out_proj.weight", K::Copy, {{f + "self_attn.out_proj.weight", {width, width}}}});
        out.push_back({t + "attn.out_proj.bias", K::Copy, {{f + "self_attn.out_proj.bias", {width}}}});
        for (const char* p : {"weight", "bias"}) {
            out.push_back({t + "ln_1." + p, K::Copy, {{f + "layer_norm1." + p, {width}}}});
            out.push_back({t + "ln_2." + p, K::Copy, {{f + "layer_norm2." + p, {width}}}});
        }
        out.push_back({t + "mlp.c_fc.weight", K::Copy, {{f + "mlp.fc1.weight", {mlpWidth, width}}}});
        out.push_back({t + "mlp.c_fc.bias", K::Copy, {{f + "mlp.fc1.bias", {mlpWidth}}}});
        out.push_back({t + "mlp.c_proj.weight", K::Copy, {{f + "mlp.fc2.weight", {width, mlpWidth}}}});
        out.push_back({t + "mlp.c_proj.bias", K::Copy, {{f + "mlp.fc2.bias", {width}}}});
    }
}

std::vector<Mapping> huggingFaceMappings(const ClipConfig& c)
{
    using K = Mapping::Kind;
    const int64_t vw = c.visionWidth, tw = c.textWidth;
    std::vector<Mapping> m;
    m.push_back({"visual.conv1.weight", K::Copy,
                 {{"vision_model.embeddings.patch_embedding.weight", {vw, 3, c.visionPatchSize, c.visionPatchSize}}}});
    m.push_back({"visual.class_embedding", K::Copy, {{"vision_model.embeddings.class_embedding", {vw}}}});
    m.push_back({"visual.positional_embedding", K::Copy,
                 {{"vision_model.embeddings.position_embedding.weight", {c.visionTokens(), vw}}}});
    for (const char* p : {"weight", "bias"}) {
        // "pre_layrnorm" is Hugging Face's spelling.
        m.push_back(
            {std::string("visual.ln_pre.") + p, K::Copy, {{std::string("vision_model.pre_layrnorm.") + p, {vw}}}});
        m.push_back(
            {std::string("visual.ln_post.") + p, K::Copy, {{std::string("vision_model.post_layernorm.") + p, {vw}}}});
    }
    addLayers(m, "visual.transformer.resblocks.", "vision_model.encoder.layers.", c.visionLayers, vw, c.visionMlpWidth);
    // Hugging Face stores the projections as bias-free Linear weights [embed, width]: OpenAI's transpose.
    m.push_back({"visual.proj", K::Transpose, {{"visual_projection.weight", {c.embedDim, vw}}}});

    m.push_back({"token_embedding.weight", K::Copy,
                 {{"text_model.embeddings.token_embedding.weight", {c.vocabSize, tw}}}});
    m.push_back({"positional_embedding", K::Copy,
                 {{"text_model.embeddings.position_embedding.weight", {c.contextLength, tw}}}});
    addLayers(m, "transformer.resblocks.", "text_model.encoder.layers.", c.textLayers, tw, c.textMlpWidth);
    for (const char* p : {"weight", "bias"})
        m.push_back({std::string("ln_final.") + p, K::Copy, {{std::string("text_model.final_layer_norm.") + p, {tw}}}});
    m.push_back({"text_projection", K::Transpose, {{"text_projection.weight", {c.embedDim, tw}}}});
    m.push_back({"logit_scale", K::Copy, {{"logit_scale", {}}}});
    return m;
}

// Shape of a tensor the architecture is read from; throws naming it when absent or of the wrong rank.
Shape keyShape(const safetensors::File& file, const std::string& name, size_t rank)
{
    const safetensors::TensorInfo* info = file.find(name);
    if (!info)
        throw EngineError(file.path() + ": cannot infer the CLIP architecture: tensor '" + name + "' is missing");
    if (info->shape.size() != rank)
        throw EngineError(file.path() + ": cannot infer the CLIP architecture: tensor '" + name + "' has shape "
                          + shapeText(info->shape) + ", expected " + std::to_string(rank) + " dimensions");
    return info->shape;
}

// N for a name prefix + "N." + rest, else -1.
int64_t layerIndex(const std::string& name, const std::string& prefix)
{
    if (name.compare(0, prefix.size(), prefix) != 0)
        return -1;
    const std::string index = name.substr(prefix.size(), name.find('.', prefix.size()) - prefix.size());
    if (index.empty() || index.size() > 5
        || !std::all_of(index.begin(), index.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; }))
        return -1;
    return std::stoll(index);
}

// 1 + the largest N of tensors named prefix + "N." (0 when there are none).
int64_t countLayers(const safetensors::File& file, const std::string& prefix)
{
    int64_t layers = 0;
    for (const auto& info : file.tensors())
        layers = std::max(layers, layerIndex(info.name, prefix) + 1);
    return layers;
}

const json::Value* member(const json::Value* object, const char* key)
{
    return object ? object->find(key) : nullptr;
}

int64_t intOr(const json::Value* object, const char* key, int64_t fallback)
{
    const json::Value* v = member(object, key);
    return v && !v->isNull() ? v->asInt() : fallback;
}

ClipConfig inferConfig(const safetensors::File& file, const json::Value& json, const std::string& configPath)
{
    ClipConfig c;
    const Shape patch = keyShape(file, "vision_model.embeddings.patch_embedding.weight", 4);
    c.visionWidth = patch[0];
    c.visionPatchSize = patch[2];
    const Shape visionPositions = keyShape(file, "vision_model.embeddings.position_embedding.weight", 2);
    const auto grid = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(visionPositions[0] - 1))));
    if (grid * grid + 1 != visionPositions[0])
        throw EngineError(file.path() + ": vision_model.embeddings.position_embedding.weight has "
                          + std::to_string(visionPositions[0]) + " positions, not a square grid plus a class token");
    c.imageResolution = grid * c.visionPatchSize;
    c.embedDim = keyShape(file, "visual_projection.weight", 2)[0];
    const Shape tokens = keyShape(file, "text_model.embeddings.token_embedding.weight", 2);
    c.vocabSize = tokens[0];
    c.textWidth = tokens[1];
    c.contextLength = keyShape(file, "text_model.embeddings.position_embedding.weight", 2)[0];
    const json::Value* vision = json.find("vision_config");
    const json::Value* text = json.find("text_config");
    // A stated layer count wins so that a file short of whole layers is reported, not silently truncated.
    c.visionLayers = intOr(vision, "num_hidden_layers", countLayers(file, "vision_model.encoder.layers."));
    c.textLayers = intOr(text, "num_hidden_layers", countLayers(file, "text_model.encoder.layers."));
    // The MLP width of a missing fc1 falls back to config.json; the weight check then names the tensor.
    auto mlpWidth = [&](const std::string& prefix, const json::Value* sub, int64_t width) {
        const safetensors::TensorInfo* fc1 = file.find(prefix + "0.mlp.fc1.weight");
        return fc1 && fc1->shape.size() == 2 ? fc1->shape[0] : intOr(sub, "intermediate_size", 4 * width);
    };
    c.visionMlpWidth = mlpWidth("vision_model.encoder.layers.", vision, c.visionWidth);
    c.textMlpWidth = mlpWidth("text_model.encoder.layers.", text, c.textWidth);
    c.visionHeads = intOr(vision, "num_attention_heads", std::max<int64_t>(1, c.visionWidth / 64));
    c.textHeads = intOr(text, "num_attention_heads", std::max<int64_t>(1, c.textWidth / 64));
    for (const auto& [name, heads, width] :
         {std::tuple{"vision", c.visionHeads, c.visionWidth}, std::tuple{"text", c.textHeads, c.textWidth}}) {
        if (heads <= 0 || width % heads != 0)
            throw EngineError(configPath + ": " + name + " width " + std::to_string(width) + " is not divisible by "
                              + std::to_string(heads) + " attention heads");
    }

    const json::Value* eps = member(vision, "layer_norm_eps");
    c.layerNormEps = eps && !eps->isNull() ? eps->asDouble() : 1e-5;
    // Both towers share one activation in ClipConfig; Hugging Face's default is quick_gelu.
    std::string activation = "quick_gelu";
    for (const json::Value* sub : {vision, text}) {
        const json::Value* act = member(sub, "hidden_act");
        if (!act || act->isNull())
            continue;
        const std::string& name = act->asString();
        if (name != "quick_gelu" && name != "gelu")
            throw EngineError(configPath + ": hidden_act '" + name + "' is not supported (quick_gelu or gelu)");
        activation = name;
    }
    c.quickGelu = activation == "quick_gelu";
    return c;
}

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw EngineError(path + ": cannot be read");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every problem with the file's tensors, one entry each; empty when they fit the mappings.
std::vector<std::string> checkTensors(const safetensors::File& file, const std::vector<Mapping>& mappings)
{
    std::vector<std::string> problems;
    std::set<std::string> used;
    for (const auto& mapping : mappings) {
        for (const auto& [name, expected] : mapping.sources) {
            used.insert(name);
            const safetensors::TensorInfo* info = file.find(name);
            if (!info) {
                problems.push_back("missing '" + name + "' (expected " + shapeText(expected) + ")");
                continue;
            }
            if (info->shape != expected)
                problems.push_back("'" + name + "' has shape " + shapeText(info->shape) + ", expected "
                                   + shapeText(expected));
            const auto dtype = info->dtype;
            if (dtype != safetensors::DType::F32 && dtype != safetensors::DType::F16
                && dtype != safetensors::DType::BF16 && dtype != safetensors::DType::F64)
                problems.push_back("'" + name + "' has dtype " + std::string(safetensors::dtypeName(dtype))
                                   + ", expected a float type");
        }
    }
    for (const auto& info : file.tensors()) {
        // Older Hugging Face files carry these int64 index buffers; the model recomputes them.
        if (!used.count(info.name) && !endsWith(info.name, ".position_ids"))
            problems.push_back("unexpected '" + info.name + "' " + shapeText(info.shape));
    }
    return problems;
}

// One line, but bounded: a wrong architecture can mismatch every tensor.
Error problemsError(const std::string& path, const std::vector<std::string>& problems)
{
    constexpr size_t kShown = 12;
    std::string message = path + ": " + std::to_string(problems.size()) + " problem"
                          + (problems.size() == 1 ? "" : "s") + " with the CLIP weights: ";
    for (size_t i = 0; i < std::min(kShown, problems.size()); ++i)
        message += (i ? "; " : "") + problems[i];
    if (problems.size() > kShown)
        message += "; and " + std::to_string(problems.size() - kShown) + " more";
    return Error{message};
}

// The architecture of an OpenAI state dict, read as clip/model.py's build_model reads it.
ClipConfig inferOpenAiConfig(const std::map<std::string, torch::Tensor>& tensors, const std::string& path)
{
    auto shape = [&](const std::string& name, int64_t rank) {
        const auto it = tensors.find(name);
        if (it == tensors.end()) {
            if (name == "visual.conv1.weight" && tensors.count("visual.layer1.0.conv1.weight"))
                throw EngineError(path + ": ResNet CLIP checkpoints are not supported (ViT only)");
            throw EngineError(path + ": cannot infer the CLIP architecture: tensor '" + name + "' is missing");
        }
        if (it->second.dim() != rank)
            throw EngineError(path + ": cannot infer the CLIP architecture: tensor '" + name + "' has shape "
                              + shapeText(it->second.sizes().vec()) + ", expected " + std::to_string(rank)
                              + " dimensions");
        return it->second.sizes().vec();
    };
    auto layers = [&](const std::string& prefix) {
        int64_t count = 0;
        for (const auto& entry : tensors)
            count = std::max(count, layerIndex(entry.first, prefix) + 1);
        return count;
    };
    ClipConfig c;
    const Shape conv = shape("visual.conv1.weight", 4);
    c.visionWidth = conv[0];
    c.visionPatchSize = conv[3];
    const int64_t positions = shape("visual.positional_embedding", 2)[0];
    const auto grid = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(positions - 1))));
    if (grid * grid + 1 != positions)
        throw EngineError(path + ": visual.positional_embedding has " + std::to_string(positions)
                          + " positions, not a square grid plus a class token");
    c.imageResolution = grid * c.visionPatchSize;
    c.visionLayers = layers("visual.transformer.resblocks.");
    c.embedDim = shape("text_projection", 2)[1];
    const Shape tokens = shape("token_embedding.weight", 2);
    c.vocabSize = tokens[0];
    c.textWidth = tokens[1];
    c.contextLength = shape("positional_embedding", 2)[0];
    c.textLayers = layers("transformer.resblocks.");
    // OpenAI checkpoints do not store head counts; every released model uses 64-wide heads.
    c.visionHeads = std::max<int64_t>(1, c.visionWidth / 64);
    c.textHeads = std::max<int64_t>(1, c.textWidth / 64);
    auto mlp = [&](const std::string& name, int64_t width) {
        const auto it = tensors.find(name);
        return it != tensors.end() && it->second.dim() == 2 ? it->second.size(0) : 4 * width;
    };
    c.visionMlpWidth = mlp("visual.transformer.resblocks.0.mlp.c_fc.weight", c.visionWidth);
    c.textMlpWidth = mlp("transformer.resblocks.0.mlp.c_fc.weight", c.textWidth);
    c.layerNormEps = 1e-5;
    c.quickGelu = true;
    return c;
}

} // namespace

Result<ClipModel> loadHuggingFaceClip(const std::string& folder)
{
    try {
        std::error_code ec;
        if (!fs::is_directory(folder, ec))
            return Error{folder + ": no such folder (expected a Hugging Face CLIPModel folder)"};
        const std::string configPath = (fs::path(folder) / "config.json").string();
        const std::string weightsPath = (fs::path(folder) / "model.safetensors").string();
        if (!fs::exists(configPath, ec))
            return Error{configPath
                         + ": missing (a Hugging Face CLIPModel folder holds config.json and model.safetensors)"};
        if (!fs::exists(weightsPath, ec)) {
            const bool sharded = fs::exists(fs::path(folder) / "model.safetensors.index.json", ec);
            // Pickled pytorch_model.bin files can run code when read, so they are never loaded.
            return Error{weightsPath + ": missing"
                         + std::string(sharded ? " (sharded checkpoints are not supported)"
                                               : " (pytorch_model.bin is not read; convert it to safetensors)")};
        }

        auto json = json::parse(readText(configPath));
        if (!json)
            return Error{configPath + ": " + json.error().message};
        if (!json->isObject())
            return Error{configPath + ": expected a JSON object"};
        if (const json::Value* type = json->find("model_type"); type && type->isString() && type->asString() != "clip")
            return Error{configPath + ": model_type is '" + type->asString() + "', expected 'clip'"};

        auto file = safetensors::File::open(weightsPath);
        if (!file)
            return file.error();
        const ClipConfig config = inferConfig(*file, *json, configPath);
        const std::vector<Mapping> mappings = huggingFaceMappings(config);

        const std::vector<std::string> problems = checkTensors(*file, mappings);
        if (!problems.empty())
            return problemsError(weightsPath, problems);

        ClipModel model(config);
        auto params = model->named_parameters(/*recurse=*/true);
        if (params.size() != mappings.size())
            throw EngineError("CLIP: the model has " + std::to_string(params.size())
                              + " parameters but the loader maps " + std::to_string(mappings.size()));
        torch::NoGradGuard noGrad;
        for (const auto& mapping : mappings) {
            torch::Tensor* param = params.find(mapping.target);
            if (!param)
                throw EngineError("CLIP: the model has no parameter '" + mapping.target + "'");
            std::vector<torch::Tensor> parts;
            for (const auto& source : mapping.sources)
                parts.push_back(file->tensor(source.first).to(torch::kFloat));
            torch::Tensor value = mapping.kind == Mapping::Kind::Concat ? torch::cat(parts, 0)
                                  : mapping.kind == Mapping::Kind::Transpose ? parts.front().t()
                                                                             : parts.front();
            param->copy_(value);
        }
        model->eval();
        return model;
    } catch (...) {
        // Messages thrown here usually name a file in the folder already.
        const std::string what = describeCurrentException();
        return Error{what.compare(0, folder.size(), folder) == 0 ? what : folder + ": " + what};
    }
}


Result<ClipModel> loadOpenAiClip(const std::string& path)
{
    try {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec))
            return Error{path + ": no such file (expected an OpenAI CLIP .pt checkpoint)"};
        torch::jit::Module archive;
        try {
            // Reading the archive deserialises its parameters; none of its methods is ever called.
            archive = torch::jit::load(path, torch::kCPU);
        } catch (...) {
            return Error{path + ": not a TorchScript archive (only the released OpenAI .pt files are read): "
                         + describeCurrentException()};
        }
        std::map<std::string, torch::Tensor> tensors;
        for (const auto& p : archive.named_parameters(/*recurse=*/true))
            tensors[p.name] = p.value;
        for (const auto& b : archive.named_buffers(/*recurse=*/true))
            tensors[b.name] = b.value;

        const ClipConfig config = inferOpenAiConfig(tensors, path);
        ClipModel model(config);
        auto params = model->named_parameters(/*recurse=*/true);
        std::vector<std::string> problems;
        for (const auto& param : params) {
            const auto it = tensors.find(param.key());
            const Shape expected = param.value().sizes().vec();
            if (it == tensors.end())
                problems.push_back("missing '" + param.key() + "' (expected " + shapeText(expected) + ")");
            else if (it->second.sizes().vec() != expected)
                problems.push_back("'" + param.key() + "' has shape " + shapeText(it->second.sizes().vec())
                                   + ", expected " + shapeText(expected));
            else if (!it->second.is_floating_point())
                problems.push_back("'" + param.key() + "' has dtype "
                                   + std::string(c10::toString(it->second.scalar_type())) + ", expected a float type");
        }
        for (const auto& [name, tensor] : tensors) {
            // Scalars the released files keep beside the weights; the shapes already tell them.
            const bool knownScalar = name == "input_resolution" || name == "context_length" || name == "vocab_size";
            if (!params.contains(name) && !knownScalar)
                problems.push_back("unexpected '" + name + "' " + shapeText(tensor.sizes().vec()));
        }
        if (!problems.empty())
            return problemsError(path, problems);

        torch::NoGradGuard noGrad;
        for (auto& param : params) // float16 matrices of the released files become float32
            param.value().copy_(tensors.at(param.key()).to(torch::kFloat));
        model->eval();
        return model;
    } catch (...) {
        const std::string what = describeCurrentException();
        return Error{what.compare(0, path.size(), path) == 0 ? what : path + ": " + what};
    }
}

} // namespace fscope::models

namespace fscope::models {

Result<ClipModel> loadClipCheckpoint(const std::string& path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return loadHuggingFaceClip(path);
    if (fs::is_regular_file(path, ec))
        return loadOpenAiClip(path);
    return Error{path + ": no such file or folder (expected a CLIP .pt file or a Hugging Face CLIP folder)"};
}

} // namespace fscope::models
