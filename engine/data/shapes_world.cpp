#include "data/shapes_world.h"

#include <algorithm>
#include <cmath>

namespace fscope::data {

const std::array<const char*, kShapesColours>& shapesColourNames()
{
    static const std::array<const char*, kShapesColours> names = {"red", "green", "blue", "orange", "gray", "yellow"};
    return names;
}

std::array<uint8_t, 3> shapesColourRgb(int colour)
{
    // The original generator's colours (given there in BGR).
    static const std::array<std::array<uint8_t, 3>, kShapesColours> rgb = {{
        {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 156, 0}, {128, 128, 128}, {255, 255, 0},
    }};
    return rgb[size_t(colour)];
}

std::string shapesQuestionTypeName(ShapesQuestionType type)
{
    static const char* names[] = {"shape", "left", "top", "closest", "furthest", "count"};
    return names[int(type)];
}

bool isRelational(ShapesQuestionType type)
{
    return int(type) >= int(ShapesQuestionType::Closest);
}

const std::vector<std::string>& shapesAnswers()
{
    static const std::vector<std::string> answers = {"circle", "square", "yes", "no", "1", "2", "3", "4", "5", "6"};
    return answers;
}

uint64_t ShapesRng::next()
{
    uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int ShapesRng::uniform(int lowInclusive, int highInclusive)
{
    const uint64_t span = uint64_t(highInclusive - lowInclusive + 1);
    return lowInclusive + int(next() % span);
}

ShapesScene randomScene(ShapesRng& rng)
{
    ShapesScene scene;
    const int low = kShapesObjectHalf, high = kShapesImageSize - 1 - kShapesObjectHalf;
    const int minDistance = 2 * kShapesObjectHalf + 2; // objects never touch
    for (int colour = 0; colour < kShapesColours; ++colour) {
        ShapesObject object;
        object.colour = colour;
        for (;;) {
            object.x = rng.uniform(low, high);
            object.y = rng.uniform(low, high);
            const bool clear = std::all_of(scene.objects.begin(), scene.objects.end(), [&](const ShapesObject& other) {
                const int dx = other.x - object.x, dy = other.y - object.y;
                return dx * dx + dy * dy >= minDistance * minDistance;
            });
            if (clear)
                break;
        }
        object.square = rng.next() % 2 == 0;
        scene.objects.push_back(object);
    }
    return scene;
}

io::ImageRgb8 renderScene(const ShapesScene& scene)
{
    io::ImageRgb8 image;
    image.width = image.height = kShapesImageSize;
    image.pixels.assign(size_t(kShapesImageSize) * kShapesImageSize * 3, 255);
    const int h = kShapesObjectHalf;
    for (const auto& object : scene.objects) {
        const auto rgb = shapesColourRgb(object.colour);
        for (int y = object.y - h; y <= object.y + h; ++y)
            for (int x = object.x - h; x <= object.x + h; ++x) {
                if (x < 0 || y < 0 || x >= kShapesImageSize || y >= kShapesImageSize)
                    continue;
                const int dx = x - object.x, dy = y - object.y;
                if (!object.square && dx * dx + dy * dy > h * h)
                    continue;
                auto* p = &image.pixels[(size_t(y) * kShapesImageSize + size_t(x)) * 3];
                p[0] = rgb[0];
                p[1] = rgb[1];
                p[2] = rgb[2];
            }
    }
    return image;
}

io::ImageRgb8 renderSceneSmooth(const ShapesScene& scene, double dx, double dy, double scale, int supersample)
{
    io::ImageRgb8 image;
    image.width = image.height = kShapesImageSize;
    image.pixels.assign(size_t(kShapesImageSize) * kShapesImageSize * 3, 255);
    supersample = std::max(1, supersample);
    // renderScene's objects cover [centre - 5.5, centre + 5.5] in pixel-centre coordinates.
    const double half = (kShapesObjectHalf + 0.5) * scale;
    const double step = 1.0 / supersample;
    const double samples = double(supersample) * supersample;
    for (int y = 0; y < kShapesImageSize; ++y)
        for (int x = 0; x < kShapesImageSize; ++x) {
            double rgb[3] = {0, 0, 0};
            double covered = 0;
            for (int sy = 0; sy < supersample; ++sy)
                for (int sx = 0; sx < supersample; ++sx) {
                    const double px = x - 0.5 + (sx + 0.5) * step, py = y - 0.5 + (sy + 0.5) * step;
                    // Later objects are drawn over earlier ones, as in renderScene.
                    for (auto object = scene.objects.rbegin(); object != scene.objects.rend(); ++object) {
                        const double ox = px - (object->x + dx), oy = py - (object->y + dy);
                        const bool inside = object->square ? std::abs(ox) <= half && std::abs(oy) <= half
                                                           : ox * ox + oy * oy <= half * half;
                        if (!inside)
                            continue;
                        const auto colour = shapesColourRgb(object->colour);
                        for (int c = 0; c < 3; ++c)
                            rgb[c] += colour[size_t(c)];
                        covered += 1;
                        break;
                    }
                }
            auto* p = &image.pixels[(size_t(y) * kShapesImageSize + size_t(x)) * 3];
            for (int c = 0; c < 3; ++c)
                p[c] = uint8_t(std::lround((rgb[c] + 255.0 * (samples - covered)) / samples));
        }
    return image;
}

namespace {

const char* shapeName(bool square)
{
    return square ? "square" : "circle";
}

// The other object nearest to (or furthest from) `self`; ties go to the lower colour.
const ShapesObject& extremeNeighbour(const ShapesScene& scene, const ShapesObject& self, bool nearest)
{
    const ShapesObject* best = nullptr;
    long bestDistance = 0;
    for (const auto& other : scene.objects) {
        if (other.colour == self.colour)
            continue;
        const long dx = other.x - self.x, dy = other.y - self.y, d = dx * dx + dy * dy;
        if (!best || (nearest ? d < bestDistance : d > bestDistance)) {
            best = &other;
            bestDistance = d;
        }
    }
    return *best;
}

} // namespace

std::string shapesQuestionText(ShapesQuestionType type, int colour)
{
    const std::string c = shapesColourNames()[size_t(colour)];
    switch (type) {
    case ShapesQuestionType::Shape: return "What is the shape of the " + c + " object?";
    case ShapesQuestionType::Left: return "Is the " + c + " object on the left?";
    case ShapesQuestionType::Top: return "Is the " + c + " object at the top?";
    case ShapesQuestionType::Closest: return "What is the shape of the object closest to the " + c + " object?";
    case ShapesQuestionType::Furthest: return "What is the shape of the object furthest from the " + c + " object?";
    case ShapesQuestionType::Count: return "How many objects have the same shape as the " + c + " object?";
    }
    return {};
}

ShapesQuestion askQuestion(const ShapesScene& scene, ShapesQuestionType type, int colour)
{
    const ShapesObject& self = scene.objects[size_t(colour)];
    ShapesQuestion q;
    q.type = type;
    q.colour = colour;
    q.text = shapesQuestionText(type, colour);
    switch (type) {
    case ShapesQuestionType::Shape:
        q.answer = shapeName(self.square);
        break;
    case ShapesQuestionType::Left:
        q.answer = self.x * 2 < kShapesImageSize ? "yes" : "no"; // centre x < 37.5
        break;
    case ShapesQuestionType::Top:
        q.answer = self.y * 2 < kShapesImageSize ? "yes" : "no";
        break;
    case ShapesQuestionType::Closest:
        q.answer = shapeName(extremeNeighbour(scene, self, true).square);
        break;
    case ShapesQuestionType::Furthest:
        q.answer = shapeName(extremeNeighbour(scene, self, false).square);
        break;
    case ShapesQuestionType::Count: {
        const auto same = std::count_if(scene.objects.begin(), scene.objects.end(),
                                        [&](const ShapesObject& o) { return o.square == self.square; });
        q.answer = std::to_string(same);
        break;
    }
    }
    return q;
}

std::vector<ShapesQuestion> questionsFor(const ShapesScene& scene, ShapesRng& rng)
{
    std::vector<ShapesQuestion> questions;
    for (int i = 0; i < 20; ++i) {
        const int type = (i < 10 ? 0 : 3) + rng.uniform(0, 2);
        questions.push_back(askQuestion(scene, ShapesQuestionType(type), rng.uniform(0, kShapesColours - 1)));
    }
    return questions;
}

} // namespace fscope::data
