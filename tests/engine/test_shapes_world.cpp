// The shapes world (Sort-of-CLEVR): scenes, rendering, the six question
// templates and their answers checked by hand, and the pack's determinism.
#include "check.h"
#include "temp_dir.h"

#include "data/accents.h"
#include "data/shapes_pack.h"
#include "data/shapes_world.h"
#include "train/shapes_dataset.h"
#include "util/text_file.h"

#include <algorithm>
#include <map>
#include <set>

namespace fd = fscope::data;
using fscope::check::TempDir;

namespace {

std::array<uint8_t, 3> pixel(const fscope::io::ImageRgb8& image, int x, int y)
{
    const auto* p = &image.pixels[(size_t(y) * size_t(image.width) + size_t(x)) * 3];
    return {p[0], p[1], p[2]};
}

// Red square at the top left, the others placed by hand.
fd::ShapesScene handMadeScene()
{
    fd::ShapesScene scene;
    const int xy[6][2] = {{10, 10}, {30, 12}, {60, 60}, {12, 60}, {40, 40}, {64, 10}};
    const bool square[6] = {true, false, true, false, false, true};
    for (int c = 0; c < 6; ++c)
        scene.objects.push_back({c, square[c], xy[c][0], xy[c][1]});
    return scene;
}

} // namespace

FS_TEST(shapes_world, scenes_hold_six_separate_objects_inside_the_image)
{
    fd::ShapesRng rng(7);
    for (int n = 0; n < 200; ++n) {
        const auto scene = fd::randomScene(rng);
        FS_REQUIRE(scene.objects.size() == 6u);
        for (int c = 0; c < 6; ++c) {
            const auto& o = scene.objects[size_t(c)];
            FS_CHECK_EQ(o.colour, c);
            FS_CHECK(o.x >= 5 && o.y >= 5 && o.x <= 69 && o.y <= 69);
            for (int d = 0; d < c; ++d) {
                const auto& p = scene.objects[size_t(d)];
                FS_CHECK((o.x - p.x) * (o.x - p.x) + (o.y - p.y) * (o.y - p.y) >= 144);
            }
        }
    }
}

FS_TEST(shapes_world, rendering_draws_squares_and_circles_in_their_colours)
{
    const auto scene = handMadeScene();
    const auto image = fd::renderScene(scene);
    FS_CHECK_EQ(image.width, 75);
    FS_CHECK_EQ(image.height, 75);
    for (const auto& o : scene.objects)
        FS_CHECK(pixel(image, o.x, o.y) == fd::shapesColourRgb(o.colour));
    // A square fills its corners; a circle leaves them white.
    FS_CHECK(pixel(image, 15, 15) == fd::shapesColourRgb(0));
    FS_CHECK((pixel(image, 35, 17) == std::array<uint8_t, 3>{255, 255, 255}));
    FS_CHECK((pixel(image, 0, 74) == std::array<uint8_t, 3>{255, 255, 255}));
}

FS_TEST(shapes_world, a_smooth_drawing_matches_the_plain_one_up_to_its_edges)
{
    const auto scene = handMadeScene();
    const auto plain = fd::renderScene(scene);
    const auto smooth = fd::renderSceneSmooth(scene, 0, 0, 1.0, 4);
    int differing = 0;
    for (int y = 0; y < 75; ++y)
        for (int x = 0; x < 75; ++x) {
            const auto a = pixel(plain, x, y), b = pixel(smooth, x, y);
            int worst = 0;
            for (int c = 0; c < 3; ++c)
                worst = std::max(worst, std::abs(int(a[size_t(c)]) - int(b[size_t(c)])));
            differing += worst > 100 ? 1 : 0;
        }
    // Only edge pixels of the three circles may change much (those between
    // radius 5 and 6: renderScene draws the pixels within 5 of the centre).
    FS_CHECK(differing < 80);
    for (const auto& o : scene.objects)
        FS_CHECK(pixel(smooth, o.x, o.y) == fd::shapesColourRgb(o.colour));
    // Moved by two pixels to the right: the red square's centre moves with it.
    const auto moved = fd::renderSceneSmooth(scene, 2, 0, 1.0, 4);
    FS_CHECK(pixel(moved, 17, 10) == fd::shapesColourRgb(0));
    FS_CHECK((pixel(moved, 4, 10) == std::array<uint8_t, 3>{255, 255, 255}));
}

FS_TEST(shapes_world, answers_follow_the_templates)
{
    using T = fd::ShapesQuestionType;
    const auto scene = handMadeScene();
    auto ask = [&](T type, int colour) { return fd::askQuestion(scene, type, colour); };
    FS_CHECK_EQ(ask(T::Shape, 0).text, std::string("What is the shape of the red object?"));
    FS_CHECK_EQ(ask(T::Shape, 0).answer, std::string("square"));
    FS_CHECK_EQ(ask(T::Shape, 1).answer, std::string("circle"));
    FS_CHECK_EQ(ask(T::Left, 3).text, std::string("Is the orange object on the left?"));
    FS_CHECK_EQ(ask(T::Left, 3).answer, std::string("yes"));  // x = 12
    FS_CHECK_EQ(ask(T::Left, 4).answer, std::string("no"));   // x = 40 > 37.5
    FS_CHECK_EQ(ask(T::Top, 5).text, std::string("Is the yellow object at the top?"));
    FS_CHECK_EQ(ask(T::Top, 5).answer, std::string("yes"));   // y = 10
    FS_CHECK_EQ(ask(T::Top, 2).answer, std::string("no"));
    // Red (10, 10): green (30, 12) is nearest, blue (60, 60) furthest.
    FS_CHECK_EQ(ask(T::Closest, 0).text, std::string("What is the shape of the object closest to the red object?"));
    FS_CHECK_EQ(ask(T::Closest, 0).answer, std::string("circle"));
    FS_CHECK_EQ(ask(T::Furthest, 0).text, std::string("What is the shape of the object furthest from the red object?"));
    FS_CHECK_EQ(ask(T::Furthest, 0).answer, std::string("square"));
    // Squares: red, blue, yellow (3); circles: green, orange, gray (3).
    FS_CHECK_EQ(ask(T::Count, 4).text, std::string("How many objects have the same shape as the gray object?"));
    FS_CHECK_EQ(ask(T::Count, 4).answer, std::string("3"));
    for (int t = 0; t < 6; ++t)
        FS_CHECK(fd::isRelational(T(t)) == (t >= 3));
}

FS_TEST(shapes_world, questions_are_ten_plain_then_ten_relational_with_valid_answers)
{
    fd::ShapesRng rng(3);
    std::map<std::string, int> answers;
    std::set<int> types;
    for (int n = 0; n < 300; ++n) {
        const auto scene = fd::randomScene(rng);
        const auto questions = fd::questionsFor(scene, rng);
        FS_REQUIRE(questions.size() == 20u);
        for (size_t i = 0; i < questions.size(); ++i) {
            FS_CHECK(fd::isRelational(questions[i].type) == (i >= 10));
            const auto& valid = fd::shapesAnswers();
            FS_CHECK(std::find(valid.begin(), valid.end(), questions[i].answer) != valid.end());
            ++answers[questions[i].answer];
            types.insert(int(questions[i].type));
        }
    }
    FS_CHECK_EQ(types.size(), 6u);
    // Yes and no come about equally often (positions are uniform).
    const double yes = answers["yes"], no = answers["no"];
    FS_CHECK(yes / (yes + no) > 0.4 && yes / (yes + no) < 0.6);
}

FS_TEST(shapes_world, accents_change_the_phonemes_they_name)
{
    const std::string phonemes = "h,aU m'Eni; '0bdZEkts hav D@ s'eIm S'eIp";
    FS_CHECK_EQ(fd::accentedPhonemes(phonemes, 0), phonemes);
    // 1: h-dropping and the northern "foot-strut" vowel.
    FS_CHECK_EQ(fd::accentedPhonemes(phonemes, 1), ",aU m'Eni; '0bdZEkts av D@ s'eIm S'eIp");
    FS_CHECK_EQ(fd::accentedPhonemes("w,Vt", 1), "w,Ut");
    // 2: also "face" as a monophthong and th as d: two-letter phonemes stay whole.
    FS_CHECK_EQ(fd::accentedPhonemes(phonemes, 2), ",aU m'Eni; '0bdZEkts av d@ s'e:m S'e:p");
    FS_CHECK_EQ(fd::accentDescription(1), "h-dropping, foot-strut");
    std::set<std::string> seen;
    for (int k = 1; k <= fd::shapesAccentCount(); ++k)
        seen.insert(fd::accentedPhonemes(phonemes + " w,Vt Iz D@2 'Ed 0v hi", k));
    FS_CHECK_EQ(seen.size(), size_t(fd::shapesAccentCount())); // every accent differs
    // The pack speaks each training accent in each of them, never a held-out one.
    int accented = 0;
    for (const auto& voice : fd::shapesPackVoices())
        if (voice.accent > 0) {
            ++accented;
            FS_CHECK(!voice.heldOut && voice.variant);
            FS_CHECK(voice.voice != "en-gb-x-rp" && voice.voice != "en-gb-x-gbcwmd");
        }
    FS_CHECK_EQ(accented, 6 * fd::shapesAccentCount());
}

FS_TEST(shapes_world, the_pack_is_deterministic)
{
    TempDir dir;
    fd::ShapesPackOptions options;
    options.withAudio = false;
    options.trainImages = 5;
    options.testImages = 2;
    std::string first[3];
    for (int run = 0; run < 2; ++run) {
        options.outDir = (dir.path() / ("run" + std::to_string(run))).string();
        const auto summary = fd::buildShapesPack(options);
        FS_REQUIRE(summary.ok());
        FS_CHECK_EQ(summary->trainQuestions, 100);
        FS_CHECK_EQ(summary->testQuestions, 40);
        const char* files[3] = {"train.jsonl", "test.jsonl", "scenes.jsonl"};
        for (int f = 0; f < 3; ++f) {
            const auto text = fscope::readTextFile(options.outDir + "/" + files[f]);
            FS_REQUIRE(text.ok());
            if (run == 0)
                first[f] = *text;
            else
                FS_CHECK(*text == first[f]);
        }
    }
    FS_CHECK(first[0].find("\"image\":\"images/train/00004.png\"") != std::string::npos);
    FS_CHECK(first[1].find("\"split\"") == std::string::npos); // splits are files, not fields
}

FS_TEST(shapes_world, a_split_loads_with_its_pictures_and_answers)
{
    TempDir dir;
    fd::ShapesPackOptions options;
    options.withAudio = false;
    options.trainImages = 3;
    options.testImages = 2;
    options.outDir = (dir.path() / "pack").string();
    FS_REQUIRE(fd::buildShapesPack(options).ok());
    const auto test = fscope::train::loadShapesSplit(options.outDir, "test");
    FS_REQUIRE(test.ok());
    FS_CHECK_EQ(test->questions.size(), 40u);
    FS_CHECK(test->images.sizes() == torch::IntArrayRef({2, 3, 75, 75}));
    // The loaded picture is the rendering, and each record's answer is the scene's.
    fd::ShapesRng sceneRng(options.seed * 2 + 1);
    std::vector<fd::ShapesScene> scenes;
    for (int i = 0; i < 5; ++i)
        scenes.push_back(fd::randomScene(sceneRng));
    const auto rendered = fd::renderScene(scenes[3]); // the first test scene
    const auto loaded = test->images[0].permute({1, 2, 0}).contiguous();
    FS_CHECK(std::equal(rendered.pixels.begin(), rendered.pixels.end(), loaded.data_ptr<uint8_t>()));
    for (const auto& q : test->questions) {
        const auto asked = fd::askQuestion(scenes[size_t(3 + q.image)], fd::ShapesQuestionType(q.type), q.colour);
        FS_CHECK_EQ(fd::shapesAnswers()[size_t(q.answer)], asked.answer);
    }
    FS_CHECK(!fscope::train::loadShapesSplit(options.outDir, "val").ok());
    const auto missing = fscope::train::loadShapesSplit((dir.path() / "nowhere").string(), "train");
    FS_REQUIRE(!missing.ok());
    FS_CHECK(missing.error().message.find("train.jsonl") != std::string::npos);
}
