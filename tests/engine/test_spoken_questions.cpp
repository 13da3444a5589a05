// Spoken shapes questions: word probabilities reach the VQA models exactly as
// typed words do, the reader's file round-trips and bad ones are named, what
// was heard reads back as words, and the shipped reader hears questions spoken
// by espeak-ng in a voice it never heard well enough that the cross-attention
// model answers them as it answers the typed ones.
#include "check.h"

#include "data/shapes_world.h"
#include "io/safetensors.h"
#include "io/speech.h"
#include "models/shapes_vqa.h"
#include "models/spoken_question.h"
#include "api/model_catalog.h"
#include "tasks/shapes_answerer.h"
#include "tasks/shapes_speech.h"
#include "temp_dir.h"

#include <torch/torch.h>

#include <cctype>
#include <sstream>

namespace fd = fscope::data;
namespace fm = fscope::models;
using fscope::check::TempDir;

namespace {

int64_t vocabularySize()
{
    return int64_t(fm::shapesQuestionVocabulary().size());
}

} // namespace

FS_TEST(spoken_questions, one_hot_words_give_the_typed_answer)
{
    torch::manual_seed(3);
    for (const auto strategy : {fscope::fusion::Strategy::CrossAttention, fscope::fusion::Strategy::Early}) {
        fm::ShapesVqaConfig config;
        config.strategy = strategy;
        fm::ShapesVqaModel model(config);
        model->eval();
        torch::NoGradGuard noGrad;
        fd::ShapesRng rng(5);
        const auto pixels = fm::shapesPixels(fd::renderScene(fd::randomScene(rng))).unsqueeze(0);
        const auto [ids, mask] = fm::encodeShapesQuestion("What is the shape of the object closest to the gray object?",
                                                          config.maxQuestionTokens);
        const auto image = model->encodeImage(pixels);
        const auto typed = model->fuse(image, ids, mask);
        const auto words = model->fuseWords(image, torch::one_hot(ids, vocabularySize()).to(torch::kFloat), mask);
        FS_CHECK(torch::allclose(typed, words, 1e-6, 1e-6));
        // A blend of two colours is neither answer's logits.
        auto blended = torch::one_hot(ids, vocabularySize()).to(torch::kFloat);
        const int64_t colourSlot = mask.sum().item<int64_t>() - 2;
        blended[0][colourSlot].zero_();
        blended[0][colourSlot][22] = 0.5; // red
        blended[0][colourSlot][23] = 0.5; // green
        FS_CHECK(!torch::allclose(typed, model->fuseWords(image, blended, mask), 1e-4, 1e-4));
    }
}

FS_TEST(spoken_questions, heard_words_read_back_as_text)
{
    const auto [ids, mask] = fm::encodeShapesQuestion("Is the yellow object at the top?", 16);
    const auto logits = torch::one_hot(ids, vocabularySize()).to(torch::kFloat) * 10;
    const auto heard = fm::heardWords(logits);
    FS_CHECK_EQ(heard.mask.sum().item<int64_t>(), int64_t(7));
    FS_CHECK_EQ(fm::heardText(heard).front(), std::string("is the yellow object at the top"));
}

FS_TEST(spoken_questions, reader_round_trips_and_bad_files_are_named)
{
    TempDir dir;
    torch::manual_seed(7);
    fm::SpokenQuestionConfig config;
    config.width = 32;
    config.layers = 1;
    fm::SpokenQuestionReader reader(config);
    reader->eval();
    const auto tower = std::vector<std::pair<std::string, torch::Tensor>>{{"audio_cls", torch::randn({1, 1, 192})}};
    const auto path = (dir.path() / "speech.safetensors").string();
    FS_REQUIRE(fm::saveSpokenQuestionReader(path, reader, "abc", tower));
    auto loaded = fm::loadSpokenQuestionReader(path);
    FS_REQUIRE(loaded);
    FS_CHECK_EQ(loaded->audioTowerSha256, std::string("abc"));
    FS_REQUIRE(loaded->towerTensors.size() == 1);
    FS_CHECK_EQ(loaded->towerTensors[0].first, std::string("audio_cls"));
    // Stored as float16: close, not equal.
    FS_CHECK(torch::allclose(loaded->towerTensors[0].second, tower[0].second, 1e-2, 1e-2));
    torch::NoGradGuard noGrad;
    const auto tokens = torch::randn({2, 30, 192});
    auto mask = torch::ones({2, 30}, torch::kBool);
    mask[1].narrow(0, 20, 10).fill_(false);
    FS_CHECK(torch::allclose(reader->forward(tokens, mask), loaded->reader->forward(tokens, mask), 1e-6, 1e-6));
    // Padding past a clip's end changes nothing.
    const auto alone = reader->forward(tokens[1].narrow(0, 0, 20).unsqueeze(0), torch::ones({1, 20}, torch::kBool));
    FS_CHECK(torch::allclose(alone[0], reader->forward(tokens, mask)[1], 1e-5, 1e-5));

    const auto other = (dir.path() / "other.safetensors").string();
    FS_REQUIRE(fscope::safetensors::write(other, {{"x", torch::zeros({2})}}, {{"format", "something-else"}}));
    auto refused = fm::loadSpokenQuestionReader(other);
    FS_REQUIRE(!refused);
    FS_CHECK(refused.error().message.find(other) != std::string::npos);
    FS_CHECK(refused.error().message.find("not a spoken-question reader") != std::string::npos);

    // A reader made for another mini is refused by name.
    auto speech = fscope::tasks::ShapesSpeechReader::open(FUSIONSCOPE_SOURCE_RESOURCES "/models/mini", path);
    FS_REQUIRE(!speech);
    FS_CHECK(speech.error().message.find("trained on another version") != std::string::npos);
}

FS_TEST(spoken_questions, the_shipped_reader_hears_a_voice_it_never_heard)
{
    const std::string resources = FUSIONSCOPE_SOURCE_RESOURCES;
    auto speech = fscope::tasks::ShapesSpeechReader::open(fscope::tasks::ShapesSpeechReader::builtinMiniFolder(resources),
                                                          fscope::tasks::ShapesSpeechReader::builtinPath(resources));
    FS_REQUIRE(speech);
    auto model = fscope::api::ModelCatalog(resources).describe("builtin:shapes-xattn");
    FS_REQUIRE(model);
    auto answerer = fscope::tasks::ShapesAnswerer::open(model->weightsPath, resources);
    FS_REQUIRE(answerer);
    // Every template about one colour, spoken in a held-out accent by the
    // library (not the program that made the training clips).
    std::vector<fscope::io::AudioClip> clips;
    std::vector<std::string> texts;
    for (int type = 0; type < fd::kShapesQuestionTypes; ++type) {
        texts.push_back(fd::shapesQuestionText(fd::ShapesQuestionType(type), 2));
        auto clip = fscope::io::synthesizeSpeech(texts.back(), {"en-gb-x-rp", 170});
        FS_REQUIRE(clip);
        clips.push_back(std::move(*clip));
    }
    fd::ShapesRng rng(11);
    const auto image = fd::renderScene(fd::randomScene(rng));
    auto typed = (*answerer)->answerMany({image}, texts, std::vector<size_t>(texts.size(), 0));
    auto spoken = (*answerer)->answerSpoken({image}, clips, std::vector<size_t>(clips.size(), 0));
    FS_REQUIRE(typed && spoken);
    int heardRight = 0, sameAnswer = 0;
    for (size_t i = 0; i < texts.size(); ++i) {
        std::string plain;
        for (char c : texts[i])
            plain += std::isalpha(static_cast<unsigned char>(c)) ? char(std::tolower(static_cast<unsigned char>(c))) : ' ';
        std::string words, word;
        std::istringstream split(plain);
        while (split >> word)
            words += (words.empty() ? "" : " ") + word;
        heardRight += (*spoken)[i].heard == words ? 1 : 0;
        sameAnswer += (*spoken)[i].answer == (*typed)[i].answer ? 1 : 0;
    }
    FS_CHECK(heardRight >= 5);
    FS_CHECK(sameAnswer >= 5);

    // No sound at all is an error, not a guess.
    fscope::io::AudioClip silence;
    silence.sampleRate = 16000;
    silence.channels = 1;
    auto refused = (*answerer)->answerSpoken({image}, {silence}, {0});
    FS_REQUIRE(!refused);
    FS_CHECK(refused.error().message.find("no sound") != std::string::npos);
    // A missing reader is named.
    (*answerer)->useSpeechReader("/nowhere/speech.safetensors", fscope::tasks::ShapesSpeechReader::builtinMiniFolder(resources));
    auto missing = (*answerer)->answerSpoken({image}, {clips[0]}, {0});
    FS_REQUIRE(!missing);
    FS_CHECK(missing.error().message.find("/nowhere/speech.safetensors") != std::string::npos);
}
