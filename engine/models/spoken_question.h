#pragma once
// Reads a spoken shapes question: from the audio tower of the built-in model
// "mini" (its output tokens, one per 80 ms of speech) to the question's words,
// slot by slot, so a shapes VQA model answers speech through the same question
// encoder as text (ShapesVqaModelImpl::fuseWords).
//
//   tokens, mask = mini->audioTokens(mel, frameMask)       // frozen, [B, S, 192]
//   logits = reader->forward(tokens, mask)                 // [B, slots, words]
//   HeardWords heard = heardWords(logits);                 // the words heard and the slots in use
//   model->fuseWords(imageTokens, heard.probs, heard.mask) // answer logits
//
// Architecture: the audio tokens (heard in windows, see tasks/shapes_speech.h)
// are projected, given their time in the question, and contextualised by
// `audioLayers` self-attention blocks; `slots` learned queries (one per word
// position of the question) then attend to them through `layers` cross-
// attention layers, each followed by self-attention among the slots (so slot
// 5 knows what slot 4 heard); a linear layer gives each slot's word
// distribution over shapesQuestionVocabulary(), [PAD] for the slots past the
// question's end. Training: cross-entropy per slot against the typed words.
// fuseWords takes probabilities, so a model could also be trained through the
// reader; answering passes the heard words as one-hot rows (measured: soft
// rows changed answers to questions heard right).
// Thread-safety: a module is used by one thread at a time; load/save any thread.

#include "fusion/cross_attention.h"
#include "fusion/gated_cross_attention.h"
#include "util/json.h"
#include "util/result.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace fscope::models {

struct SpokenQuestionConfig {
    int64_t audioWidth = 192;  // the audio tower's token width (mini's width)
    int64_t width = 128;
    int64_t heads = 4;
    int64_t audioLayers = 1;
    int64_t layers = 2;
    int64_t slots = 16;        // ShapesVqaConfig::maxQuestionTokens
    int64_t vocabulary = 28;   // shapesQuestionVocabulary().size()
    int64_t audioTokens = 80;  // the longest question heard, in tokens of 80 ms (6.4 s)

    json::Value toJson() const;
    static Result<SpokenQuestionConfig> fromJson(const json::Value& value);
};

class SpokenQuestionReaderImpl : public torch::nn::Module {
public:
    explicit SpokenQuestionReaderImpl(const SpokenQuestionConfig& config);
    // audioTokens [B, S, audioWidth], audioMask [B, S] bool -> word logits [B, slots, vocabulary]
    torch::Tensor forward(const torch::Tensor& audioTokens, const torch::Tensor& audioMask);
    const SpokenQuestionConfig& config() const { return m_config; }

private:
    SpokenQuestionConfig m_config;
    torch::nn::Linear m_in{nullptr};
    torch::nn::LayerNorm m_inNorm{nullptr};
    torch::Tensor m_time;
    std::vector<fusion::SelfAttentionBlock> m_audioLayers;
    torch::Tensor m_slots;
    std::vector<fusion::CrossAttentionLayer> m_listen;
    std::vector<fusion::SelfAttentionBlock> m_slotLayers;
    torch::nn::Linear m_words{nullptr};
};
TORCH_MODULE(SpokenQuestionReader);

// What a reader heard, as the words a VQA model reads: one-hot rows of the
// heard word per slot [B, slots, vocabulary] and the slots holding a word [B,
// slots]. The model then answers exactly what heardText() shows (the answer
// to a question heard right is the typed question's answer).
struct HeardWords {
    torch::Tensor probs;
    torch::Tensor mask;
};
// The top word of every slot, on its own.
HeardWords heardWords(const torch::Tensor& logits);
// The most likely of the questions `candidates` ([Q, slots] word ids, 0 past the
// end): the one whose words have the highest summed log-probability over all slots.
HeardWords heardAmong(const torch::Tensor& logits, const torch::Tensor& candidates);
// The top word of each slot in use, joined by spaces: "what is the shape of the red object".
std::vector<std::string> heardText(const HeardWords& heard);

// One safetensors file: the reader's parameters, its config, the SHA-256 of
// the audio tower's weights it started from ("format":
// "fusionscope-shapes-speech") and the tower's parameters as fine-tuned with
// the reader, named "tower.<name in the tower>". Errors name the file and tensor.
Result<void> saveSpokenQuestionReader(const std::string& path, SpokenQuestionReader& reader,
                                      const std::string& audioTowerSha256,
                                      const std::vector<std::pair<std::string, torch::Tensor>>& towerTensors);
struct LoadedSpokenQuestionReader {
    SpokenQuestionReader reader{nullptr};
    std::string audioTowerSha256;
    std::vector<std::pair<std::string, torch::Tensor>> towerTensors; // names without "tower."
};
Result<LoadedSpokenQuestionReader> loadSpokenQuestionReader(const std::string& path); // in eval mode

} // namespace fscope::models
