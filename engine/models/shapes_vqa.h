#pragma once
// The shapes VQA models (Sort-of-CLEVR): one architecture, four fusion
// strategies. An image encoder turns the 75 x 75 scene into a 5 x 5 grid of
// patch features (four stride-2 convolutions, as in Santoro et al. 2017, with
// each patch's coordinates appended, then self-attention among the patches so
// each can learn about the others: nearest, furthest, same shape); a question
// encoder turns the words into tokens that know the whole question (one
// self-attention layer); a fusion module of the chosen strategy
// (fusion/fusion.h) combines them, and a small MLP picks one of the ten
// answers.
//
// Twenty questions share each scene, so training encodes a scene once and
// answers several questions about it: fuse() takes per-question image tokens
// gathered from encodeImage()'s rows.
//
//   ShapesVqaConfig config;
//   config.strategy = fusion::Strategy::CrossAttention;
//   ShapesVqaModel model(config);
//   auto ids = encodeShapesQuestion("What is the shape of the red object?", config.maxQuestionTokens);
//   torch::Tensor logits = model->forward(pixels, ids.first, ids.second); // [B, 10]
//
// Pixels: [B, 3, 75, 75] floats from shapesPixels(). The answers are
// data::shapesAnswers() in order (circle, square, yes, no, 1 .. 6).
// Thread-safety: a module is used by one thread at a time; load/save any thread.

#include "fusion/fusion.h"
#include "fusion/gated_cross_attention.h"
#include "io/image.h"
#include "util/json.h"
#include "util/result.h"

#include <torch/torch.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fscope::models {

struct ShapesVqaConfig {
    fusion::Strategy strategy = fusion::Strategy::CrossAttention;
    int64_t imageChannels = 32;
    int64_t width = 64;
    int64_t heads = 4;
    int64_t layers = 2;
    int64_t outputDim = 128;
    int64_t maxQuestionTokens = 16;
    int64_t answers = 10;
    int64_t questionLayers = 1;  // self-attention over the question's words
    int64_t imageLayers = 0;     // self-attention over the patches (it blurred where things are: off)
    int64_t grid = 5;            // patches per side: 5, 10 or 19 (four, three or two stride-2 convolutions)
    // The place features also appended after the normalisation, so the fusion's
    // keys and values see exact positions (the normalisation scales them by
    // each patch's content, which blurs distances between objects).
    bool exactPlaces = false;
    // Attention strategies: later layers prefer patches near (or far from) where
    // the layer before looked (fusion::FusionConfig::distanceBias), as "the
    // object closest to the red one" asks.
    bool distanceBias = false;
    // Each patch also says where in its cell (or next to it) the object it shows
    // sits: a learned offset from the cell's centre, so distances between objects
    // in neighbouring cells are measured between the objects, not the 15-pixel
    // cells (the distance bias and the attention's centroid use these places).
    bool refinePlaces = false;

    json::Value toJson() const;
    static Result<ShapesVqaConfig> fromJson(const json::Value& value);
};

// The words of the question templates and the colours; 0 is padding, 1 unknown.
const std::vector<std::string>& shapesQuestionVocabulary();
// Lower-cased words without punctuation as ids, padded to `length`: ids [1, L] and mask [1, L].
std::pair<torch::Tensor, torch::Tensor> encodeShapesQuestion(const std::string& question, int64_t length);
// [3, 75, 75] floats in [-1, 1] from an RGB image of any size (resized when it is not 75 x 75).
torch::Tensor shapesPixels(const io::ImageRgb8& image);

struct ShapesFusion {
    torch::Tensor logits;                  // [B, answers]
    std::vector<torch::Tensor> attention;  // per fusion layer [B, H, T, grid^2], with gradient (attention strategies)
};

class ShapesVqaModelImpl : public torch::nn::Module {
public:
    explicit ShapesVqaModelImpl(const ShapesVqaConfig& config);

    // pixels [B, 3, 75, 75], ids [B, T] long, mask [B, T] bool -> answer logits [B, answers]
    torch::Tensor forward(const torch::Tensor& pixels, const torch::Tensor& ids, const torch::Tensor& mask);
    torch::Tensor encodeImage(const torch::Tensor& pixels);                           // [B, grid^2, width]
    torch::Tensor encodeQuestion(const torch::Tensor& ids, const torch::Tensor& mask); // [B, T, width]
    // The same from word probabilities [B, T, vocabulary] (a spoken question,
    // models/spoken_question.h): each slot's embedding is the probability-weighted
    // mean of the word embeddings; one-hot rows give exactly encodeQuestion.
    torch::Tensor encodeQuestionWords(const torch::Tensor& wordProbs, const torch::Tensor& mask);
    // imageTokens [B, grid^2, imageDim()] (rows of encodeImage, one per question) -> logits [B, answers].
    // `dropped`: that modality is marked missing for every sample (masked, not zeroed).
    torch::Tensor fuse(const torch::Tensor& imageTokens, const torch::Tensor& ids, const torch::Tensor& mask,
                       std::optional<fusion::Modality> dropped = std::nullopt);
    // fuse() that also gives each layer's attention with its gradient, so
    // training can say where the model should look.
    ShapesFusion fuseTraced(const torch::Tensor& imageTokens, const torch::Tensor& ids, const torch::Tensor& mask);
    // fuse() for a question given as word probabilities (encodeQuestionWords).
    torch::Tensor fuseWords(const torch::Tensor& imageTokens, const torch::Tensor& wordProbs, const torch::Tensor& mask,
                            std::optional<fusion::Modality> dropped = std::nullopt);
    int64_t imageDim() const;
    // Where each patch sits: [1, grid^2, 2] (x, y) in [-1, 1], row-major.
    torch::Tensor patchPlaces(const torch::Tensor& like) const;
    // Where each patch's content sits: patchPlaces() moved by the learned offsets
    // when refinePlaces ([B, grid^2, 2]), else patchPlaces() itself.
    torch::Tensor contentPlaces(const torch::Tensor& imageTokens);
    // The learned offsets from each cell's centre, in place units ([B, grid^2, 2]);
    // undefined without refinePlaces.
    torch::Tensor placeOffsets(const torch::Tensor& imageTokens);
    // Training aid: from each patch token, logits of "the colour-c object
    // overlaps this cell" and "it is a square" ([B, 25, 12]). Supervising them
    // teaches the image encoder what is where long before the answers alone do;
    // answering never uses them.
    torch::Tensor probePatches(const torch::Tensor& imageTokens);
    const ShapesVqaConfig& config() const { return m_config; }
    fusion::FusionModule fusionModule() const { return m_fusion; }

private:
    torch::Tensor contextualiseQuestion(torch::Tensor words, const torch::Tensor& mask);
    ShapesFusion fuseQuestion(const torch::Tensor& imageTokens, const torch::Tensor& questionTokens,
                              const torch::Tensor& questionMask, std::optional<fusion::Modality> dropped);

    ShapesVqaConfig m_config;
    torch::nn::Sequential m_convs{nullptr};
    torch::nn::Linear m_patchIn{nullptr};
    std::vector<fusion::SelfAttentionBlock> m_patchLayers;
    std::vector<fusion::SelfAttentionBlock> m_questionLayers;
    torch::nn::LayerNorm m_patchNorm{nullptr}, m_questionNorm{nullptr};
    torch::nn::Linear m_patchProbe{nullptr};
    torch::nn::Linear m_placeOffset{nullptr}; // refinePlaces only
    torch::nn::Embedding m_words{nullptr};
    torch::Tensor m_positions;
    fusion::FusionModule m_fusion;
    torch::nn::Sequential m_head{nullptr};
};
TORCH_MODULE(ShapesVqaModel);

// One safetensors file: parameters, BatchNorm statistics, and the config in the
// metadata ("format": "fusionscope-shapes-vqa"). Errors name the file and tensor.
Result<void> saveShapesVqaModel(const std::string& weightsPath, ShapesVqaModel& model);
Result<ShapesVqaModel> loadShapesVqaModel(const std::string& weightsPath); // in eval mode

} // namespace fscope::models
