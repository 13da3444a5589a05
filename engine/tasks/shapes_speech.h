#pragma once
// Spoken shapes questions made readable to the shapes VQA models: the audio
// tower of the built-in model "mini" (frozen) and the spoken-question reader
// trained on top of it (models/spoken_question.h), from audio samples to the
// words' probabilities that ShapesVqaModelImpl::fuseWords takes.
//
//   auto speech = ShapesSpeechReader::open(resourceDir + "/models/mini",
//                                          ShapesSpeechReader::builtinPath(resourceDir));
//   if (!speech) return speech.error();   // names the missing file, or a reader trained on another mini
//   models::HeardWords heard = (*speech)->hear({clip.mono()}, {clip.sampleRate});
//   models::heardText(heard)[0] == "what is the shape of the red object"
//
// Long clips are heard in windows (see audioTokens); the words come out as one
// of the 36 questions unless setFreeReading(true).
//
// Thread-safety: one thread at a time per reader (the engine thread).

#include "models/mini_model.h"
#include "models/spoken_question.h"
#include "util/result.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace fscope::tasks {

// [F, bins] log-mel features resampled: `tempo` > 1 is faster (fewer frames, same
// pitch), `binScale` > 1 moves the spectrum down (a longer vocal tract).
torch::Tensor stretchFeatures(const torch::Tensor& mel, double tempo, double binScale);

class ShapesSpeechReader {
public:
    // miniFolder: mini.safetensors and config.json; readerPath: the reader's weights.
    static Result<std::unique_ptr<ShapesSpeechReader>> open(const std::string& miniFolder, const std::string& readerPath);
    // Where the shipped reader lives under the resource folder.
    static std::string builtinPath(const std::string& resourceDir);
    static std::string builtinMiniFolder(const std::string& resourceDir);

    // Log-mel features as the audio tower sees them ([F, 80] each, any rate resampled to 16 kHz first).
    torch::Tensor features(const std::vector<float>& mono, int sampleRate) const;
    // The audio tower's tokens for a batch of feature matrices: {[B, S, width], mask [B, S]}
    // (with gradients only while the tower is being fine-tuned, see tuneAudioTower).
    std::pair<torch::Tensor, torch::Tensor> audioTokens(const std::vector<torch::Tensor>& features);
    // Training: the tower's audio parameters learn with the reader; tunedTower() lists them to save.
    void tuneAudioTower();
    std::vector<std::pair<std::string, torch::Tensor>> tunedTower() const;
    // What the clips say: by default the most likely of the 36 questions of the
    // shapes world (the language the models know); with free reading, each
    // slot's top word on its own.
    models::HeardWords hear(const std::vector<std::vector<float>>& monoClips, const std::vector<int>& sampleRates);
    void setFreeReading(bool free) { m_freeReading = free; }
    // Hear each clip several ways (a little slower and faster, the voice a little
    // deeper and higher) and read the mean of the word log-probabilities: a voice
    // unlike the training voices is then more often near one of the ways heard.
    void setListenSeveralWays(bool several) { m_severalWays = several; }
    models::HeardWords read(const torch::Tensor& logits) const;

    models::MiniModel& audioTower() { return m_mini; }
    models::SpokenQuestionReader& reader() { return m_reader; }
    const std::string& audioTowerSha256() const { return m_towerSha256; }
    const std::string& readerPath() const { return m_readerPath; }

    // For training a new reader on this mini: no reader file yet.
    static Result<std::unique_ptr<ShapesSpeechReader>> openAudioTower(const std::string& miniFolder,
                                                                      const models::SpokenQuestionConfig& config);

private:
    ShapesSpeechReader() = default;
    models::MiniModel m_mini{nullptr};
    models::SpokenQuestionReader m_reader{nullptr};
    std::string m_towerSha256;
    std::string m_readerPath;
    bool m_tuning = false;
    bool m_freeReading = false;
    bool m_severalWays = true;
    mutable torch::Tensor m_questions; // the 36 questions' word ids, made at the first reading
};

} // namespace fscope::tasks
