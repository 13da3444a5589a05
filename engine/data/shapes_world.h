#pragma once
// The shapes world (Sort-of-CLEVR, Santoro et al. 2017; DESIGN.md "Data packs"):
// 75 x 75 scenes on white with six objects, one of each colour (red, green,
// blue, orange, gray, yellow), each a square or a circle, and the six question
// templates with their answers. Pure functions, no I/O: the pack builder, the
// trainer and the tests share them.
//
//   ShapesRng rng(42);
//   ShapesScene scene = randomScene(rng);
//   io::ImageRgb8 image = renderScene(scene);
//   ShapesQuestion q = askQuestion(scene, ShapesQuestionType::Closest, 0);  // about the red object
//   q.text   == "What is the shape of the object closest to the red object?"
//   q.answer == "circle" or "square"
//
// Thread-safety: pure functions; any thread.

#include "io/image.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fscope::data {

inline constexpr int kShapesImageSize = 75;
inline constexpr int kShapesObjectHalf = 5; // squares are 11 x 11 pixels, circles of radius 5
inline constexpr int kShapesColours = 6;

const std::array<const char*, kShapesColours>& shapesColourNames();
std::array<uint8_t, 3> shapesColourRgb(int colour);

struct ShapesObject {
    int colour = 0; // index into shapesColourNames()
    bool square = false;
    int x = 0;      // centre, pixels
    int y = 0;
};

struct ShapesScene {
    std::vector<ShapesObject> objects; // one per colour, in colour order
};

enum class ShapesQuestionType { Shape, Left, Top, Closest, Furthest, Count };
inline constexpr int kShapesQuestionTypes = 6;
std::string shapesQuestionTypeName(ShapesQuestionType type); // "shape", "left", ... "count"
bool isRelational(ShapesQuestionType type);                  // closest, furthest, count

struct ShapesQuestion {
    ShapesQuestionType type = ShapesQuestionType::Shape;
    int colour = 0;
    std::string text;
    std::string answer; // one of shapesAnswers()
};

// The ten answers: "circle", "square", "yes", "no", "1" ... "6".
const std::vector<std::string>& shapesAnswers();

// Deterministic on every platform (splitmix64), so packs are reproducible.
class ShapesRng {
public:
    explicit ShapesRng(uint64_t seed) : m_state(seed) {}
    uint64_t next();
    int uniform(int lowInclusive, int highInclusive);

private:
    uint64_t m_state;
};

// Six objects, fully inside the image, centres at least 12 pixels apart
// (Euclidean), so no two touch.
ShapesScene randomScene(ShapesRng& rng);
io::ImageRgb8 renderScene(const ShapesScene& scene);
// The same scene drawn another way: antialiased (each pixel averages
// supersample x supersample samples), moved by (dx, dy) pixels, objects scaled
// by `scale`. Robustness checks and training augmentation use it; answers do not
// change as long as no centre crosses the middle line.
io::ImageRgb8 renderSceneSmooth(const ShapesScene& scene, double dx, double dy, double scale = 1.0,
                                int supersample = 4);
ShapesQuestion askQuestion(const ShapesScene& scene, ShapesQuestionType type, int colour);
// The question's words alone (DESIGN.md's templates).
std::string shapesQuestionText(ShapesQuestionType type, int colour);
// Ten non-relational then ten relational questions, types and colours drawn at random.
std::vector<ShapesQuestion> questionsFor(const ShapesScene& scene, ShapesRng& rng);

} // namespace fscope::data
