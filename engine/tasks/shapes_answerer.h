#pragma once
// Answers questions about shapes scenes with a shapes VQA weights file (a
// built-in's, or one a training run wrote), and shows why: the probabilities of the ten answers, where the
// question looked (attention strategies), the late-fusion weights and the gates.
//
//   auto answerer = ShapesAnswerer::open(resourceDir + "/models/shapes/shapes-xattn.safetensors", resourceDir);
//   if (!answerer) return answerer.error();
//   auto a = (*answerer)->answer(image, "Is the red object on the left?");
//   a->answer == "yes"; a->attention.size() == grid() * grid() (row-major)
//
// Any picture works: it is resized to 75 x 75 first. The app answers through
// api/answering.h, which opens models by their catalogue records.
// Thread-safety: one thread at a time per answerer (the engine thread).

#include "io/audio.h"
#include "io/image.h"
#include "util/result.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fscope::models {
class ShapesVqaModelImpl;
}

namespace fscope::tasks {

class ShapesSpeechReader;

struct ShapesAnswer {
    std::string answer;
    std::vector<std::pair<std::string, double>> scores; // every answer with its probability, in model order
    std::vector<float> attention;                        // grid x grid cells; empty for early and late fusion
    std::vector<double> modalityWeights;                 // late fusion: image, text
    std::vector<double> attentionGates;                  // gated: tanh(alpha) per layer
    std::string heard;                                   // spoken questions: the words the reader heard
};

class ShapesAnswerer {
public:
    // path: the weights file; resourceDir: where the shipped speech reader lives.
    static Result<std::unique_ptr<ShapesAnswerer>> open(const std::string& path, const std::string& resourceDir);
    ~ShapesAnswerer();

    Result<ShapesAnswer> answer(const io::ImageRgb8& image, const std::string& question);
    // Several questions about several pictures in one pass: questions[i] is about images[imageOf[i]].
    Result<std::vector<ShapesAnswer>> answerMany(const std::vector<io::ImageRgb8>& images,
                                                 const std::vector<std::string>& questions,
                                                 const std::vector<size_t>& imageOf);
    // Spoken questions (any rate, any length up to the audio tower's 6.4 s): the
    // speech reader (tasks/shapes_speech.h) turns each clip into word
    // probabilities, which the model answers like typed words. The reader is
    // the shipped one under resourceDir unless useSpeechReader named another.
    Result<std::vector<ShapesAnswer>> answerSpoken(const std::vector<io::ImageRgb8>& images,
                                                   const std::vector<io::AudioClip>& questions,
                                                   const std::vector<size_t>& imageOf);
    void useSpeechReader(const std::string& readerPath, const std::string& miniFolder);
    std::string strategy() const; // "early", "late", "xattn", "gated"
    int grid() const;             // patches per side of the attention map
    const std::string& weightsPath() const { return m_path; }

private:
    ShapesAnswerer() = default;
    std::shared_ptr<models::ShapesVqaModelImpl> m_model;
    std::string m_path;
    std::string m_readerPath, m_miniFolder;
    std::unique_ptr<ShapesSpeechReader> m_speech; // opened at the first spoken question
};

} // namespace fscope::tasks
