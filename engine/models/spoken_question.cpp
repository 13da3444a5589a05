#include "models/spoken_question.h"

#include "models/module_weights.h"
#include "models/shapes_vqa.h"
#include "io/safetensors.h"

#include <cstring>

namespace fscope::models {

namespace {
constexpr const char* kTowerPrefix = "tower.";
} // namespace

json::Value SpokenQuestionConfig::toJson() const
{
    json::Value v = json::Value::object();
    v["audio_width"] = audioWidth;
    v["width"] = width;
    v["heads"] = heads;
    v["audio_layers"] = audioLayers;
    v["layers"] = layers;
    v["slots"] = slots;
    v["vocabulary"] = vocabulary;
    v["audio_tokens"] = audioTokens;
    return v;
}

Result<SpokenQuestionConfig> SpokenQuestionConfig::fromJson(const json::Value& value)
{
    SpokenQuestionConfig c;
    const std::pair<const char*, int64_t*> fields[] = {
        {"audio_width", &c.audioWidth}, {"width", &c.width}, {"heads", &c.heads}, {"audio_layers", &c.audioLayers},
        {"layers", &c.layers}, {"slots", &c.slots}, {"vocabulary", &c.vocabulary}, {"audio_tokens", &c.audioTokens}};
    try {
        for (const auto& [name, field] : fields) {
            const auto* item = value.find(name);
            if (!item)
                return Error{std::string("spoken-question config lacks \"") + name + "\""};
            *field = item->asInt();
            if (*field < 0 || *field > 1 << 16)
                return Error{std::string("spoken-question config: \"") + name + "\" is out of range"};
        }
    } catch (const EngineError& e) {
        return Error{std::string("spoken-question config: ") + e.what()};
    }
    if (c.heads < 1 || c.width % c.heads != 0 || c.slots < 1 || c.audioTokens < 1)
        return Error{"spoken-question config: width must be a multiple of heads, and there is at least one slot"};
    if (c.vocabulary != int64_t(shapesQuestionVocabulary().size()))
        return Error{"spoken-question config: " + std::to_string(c.vocabulary) + " words, but the shapes questions have "
                     + std::to_string(shapesQuestionVocabulary().size())};
    return c;
}

SpokenQuestionReaderImpl::SpokenQuestionReaderImpl(const SpokenQuestionConfig& config) : m_config(config)
{
    m_in = register_module("audio_in", torch::nn::Linear(config.audioWidth, config.width));
    m_inNorm = register_module("audio_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width})));
    m_time = register_parameter("time", torch::randn({config.audioTokens, config.width}) * 0.02);
    for (int64_t i = 0; i < config.audioLayers; ++i)
        m_audioLayers.push_back(register_module("audio_layers_" + std::to_string(i),
                                                fusion::SelfAttentionBlock(config.width, config.heads, 2)));
    m_slots = register_parameter("slots", torch::randn({config.slots, config.width}) * 0.02);
    for (int64_t i = 0; i < config.layers; ++i) {
        m_listen.push_back(register_module("listen_" + std::to_string(i),
                                           fusion::CrossAttentionLayer(config.width, config.heads, 2)));
        m_slotLayers.push_back(register_module("slot_layers_" + std::to_string(i),
                                               fusion::SelfAttentionBlock(config.width, config.heads, 2)));
    }
    m_words = register_module("words", torch::nn::Linear(config.width, config.vocabulary));
}

torch::Tensor SpokenQuestionReaderImpl::forward(const torch::Tensor& audioTokens, const torch::Tensor& audioMask)
{
    const int64_t length = std::min(audioTokens.size(1), m_config.audioTokens);
    auto audio = m_inNorm(m_in(audioTokens.narrow(1, 0, length))) + m_time.narrow(0, 0, length);
    const auto mask = audioMask.narrow(1, 0, length);
    for (auto& layer : m_audioLayers)
        audio = layer(audio, mask);
    auto slots = m_slots.unsqueeze(0).expand({audioTokens.size(0), m_config.slots, m_config.width});
    for (size_t i = 0; i < m_listen.size(); ++i) {
        slots = m_listen[i](slots, audio, mask).output;
        slots = m_slotLayers[i](slots, torch::Tensor());
    }
    return m_words(slots);
}

HeardWords heardWords(const torch::Tensor& logits)
{
    const auto top = logits.argmax(-1);
    return {torch::one_hot(top, logits.size(-1)).to(logits.scalar_type()), top.ne(0)}; // 0 is [PAD]
}

HeardWords heardAmong(const torch::Tensor& logits, const torch::Tensor& candidates)
{
    const auto logp = torch::log_softmax(logits, -1);                       // [B, S, V]
    const auto ids = candidates.to(logits.device());                          // [Q, S]
    const int64_t slots = std::min(logits.size(1), ids.size(1));
    // score[b, q] = sum over slots s of logp[b, s, ids[q, s]]
    const auto perSlot = logp.narrow(1, 0, slots).unsqueeze(1).expand({logits.size(0), ids.size(0), slots, logits.size(2)});
    const auto index = ids.narrow(1, 0, slots).unsqueeze(0).unsqueeze(-1).expand({logits.size(0), ids.size(0), slots, 1});
    const auto best = perSlot.gather(3, index).squeeze(-1).sum(-1).argmax(1); // [B]
    auto chosen = torch::zeros({logits.size(0), logits.size(1)}, torch::kLong);
    chosen.narrow(1, 0, slots).copy_(ids.index_select(0, best).narrow(1, 0, slots));
    return {torch::one_hot(chosen, logits.size(-1)).to(logits.scalar_type()), chosen.ne(0)};
}

std::vector<std::string> heardText(const HeardWords& heard)
{
    const auto& vocabulary = shapesQuestionVocabulary();
    const auto top = heard.probs.argmax(-1).to(torch::kCPU);
    const auto mask = heard.mask.to(torch::kCPU);
    std::vector<std::string> texts;
    for (int64_t row = 0; row < top.size(0); ++row) {
        std::string text;
        for (int64_t slot = 0; slot < top.size(1); ++slot) {
            if (!mask[row][slot].item<bool>())
                continue;
            if (!text.empty())
                text += ' ';
            text += vocabulary[size_t(top[row][slot].item<int64_t>())];
        }
        texts.push_back(std::move(text));
    }
    return texts;
}

Result<void> saveSpokenQuestionReader(const std::string& path, SpokenQuestionReader& reader,
                                      const std::string& audioTowerSha256,
                                      const std::vector<std::pair<std::string, torch::Tensor>>& towerTensors)
{
    auto tensors = moduleTensors(*reader, torch::kFloat, false);
    for (const auto& [name, tensor] : towerTensors)
        tensors.emplace_back(std::string(kTowerPrefix) + name, tensor.detach().to(torch::kCPU, torch::kHalf));
    return safetensors::write(path, tensors,
                              {{"format", "fusionscope-shapes-speech"},
                               {"config", json::serialize(reader->config().toJson())},
                               {"audio_tower_sha256", audioTowerSha256}});
}

Result<LoadedSpokenQuestionReader> loadSpokenQuestionReader(const std::string& path)
{
    auto file = safetensors::File::open(path);
    if (!file)
        return file.error();
    const auto& metadata = file->metadata();
    const auto format = metadata.find("format");
    const auto configText = metadata.find("config");
    const auto tower = metadata.find("audio_tower_sha256");
    if (format == metadata.end() || format->second != "fusionscope-shapes-speech" || configText == metadata.end()
        || tower == metadata.end())
        return Error{path + ": not a spoken-question reader (its metadata lacks format "
                            "\"fusionscope-shapes-speech\", a config and the audio tower's SHA-256)"};
    auto parsed = json::parse(configText->second);
    if (!parsed)
        return Error{path + ": config: " + parsed.error().message};
    auto config = SpokenQuestionConfig::fromJson(*parsed);
    if (!config)
        return Error{path + ": " + config.error().message};
    LoadedSpokenQuestionReader loaded{SpokenQuestionReader(*config), tower->second};
    if (auto filled = fillModule(*file, *loaded.reader, false); !filled)
        return filled.error();
    try {
        for (const auto& info : file->tensors())
            if (info.name.rfind(kTowerPrefix, 0) == 0)
                loaded.towerTensors.emplace_back(info.name.substr(std::strlen(kTowerPrefix)),
                                                 file->tensor(info.name).to(torch::kFloat));
    } catch (const std::exception& e) {
        return Error{path + ": " + e.what()};
    }
    loaded.reader->eval();
    return loaded;
}

} // namespace fscope::models
