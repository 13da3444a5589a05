#include "train/shapes_dataset.h"

#include "data/shapes_world.h"
#include "io/image.h"
#include "util/json.h"
#include "util/text_file.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

namespace fscope::train {

namespace {

int indexOf(const std::vector<std::string>& names, const std::string& name)
{
    const auto at = std::find(names.begin(), names.end(), name);
    return at == names.end() ? -1 : int(at - names.begin());
}

// Fills split.scenes from the pack's scenes.jsonl, in the order of split.imagePaths.
Result<void> loadScenes(ShapesSplit& split, const std::vector<std::string>& colours)
{
    const std::string path = (std::filesystem::path(split.packDir) / "scenes.jsonl").string();
    auto text = readTextFile(path);
    if (!text)
        return text.error();
    std::map<std::string, data::ShapesScene> byImage;
    std::istringstream lines(*text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        if (line.empty())
            continue;
        const std::string where = path + ": line " + std::to_string(number) + ": ";
        auto doc = json::parse(line);
        const auto* image = doc ? doc->find("image") : nullptr;
        const auto* objects = doc ? doc->find("objects") : nullptr;
        if (!image || !image->isString() || !objects || !objects->isArray())
            return Error{where + "expected \"image\" and \"objects\""};
        data::ShapesScene scene;
        try {
            for (const auto& o : objects->asArray()) {
                data::ShapesObject object;
                object.colour = indexOf(colours, o.find("colour") ? o.find("colour")->asString() : "");
                object.square = o.find("shape") && o.find("shape")->asString() == "square";
                object.x = int(o.find("x") ? o.find("x")->asInt() : -1);
                object.y = int(o.find("y") ? o.find("y")->asInt() : -1);
                if (object.colour < 0 || object.x < 0 || object.y < 0 || object.x >= data::kShapesImageSize
                    || object.y >= data::kShapesImageSize)
                    return Error{where + "an object lacks a known colour or a position inside the picture"};
                scene.objects.push_back(object);
            }
        } catch (const std::exception& e) {
            return Error{where + e.what()};
        }
        byImage[image->asString()] = std::move(scene);
    }
    for (const auto& image : split.imagePaths) {
        const auto found = byImage.find(image);
        if (found == byImage.end())
            return Error{path + ": no scene for " + image};
        split.scenes.push_back(found->second);
    }
    return {};
}

} // namespace

Result<ShapesSplit> loadShapesSplit(const std::string& packDir, const std::string& split,
                                    const std::function<void(int, int)>& progress)
{
    if (split != "train" && split != "test")
        return Error{"shapes pack: the split is train or test, not '" + split + "'"};
    const std::string path = (std::filesystem::path(packDir) / (split + ".jsonl")).string();
    auto text = readTextFile(path);
    if (!text)
        return text.error();

    std::vector<std::string> types, colours;
    for (int t = 0; t < data::kShapesQuestionTypes; ++t)
        types.push_back(data::shapesQuestionTypeName(data::ShapesQuestionType(t)));
    for (const char* c : data::shapesColourNames())
        colours.emplace_back(c);
    const auto total = int(std::count(text->begin(), text->end(), '\n'));

    ShapesSplit out;
    out.packDir = packDir;
    std::map<std::string, int32_t> imageRows;
    std::istringstream lines(*text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        if (line.empty())
            continue;
        if (progress && number % 10000 == 0)
            progress(number, total);
        const std::string where = path + ": line " + std::to_string(number) + ": ";
        auto doc = json::parse(line);
        if (!doc || !doc->isObject())
            return Error{where + (doc ? "not a JSON object" : doc.error().message)};
        const auto* image = doc->find("image");
        const auto* type = doc->find("type");
        const auto* colour = doc->find("colour");
        const auto* answer = doc->find("answer");
        if (!image || !image->isString() || !type || !type->isString() || !colour || !colour->isString() || !answer
            || !answer->isString())
            return Error{where + "expected \"image\", \"type\", \"colour\" and \"answer\""};
        ShapesQuestionRecord record;
        const int t = indexOf(types, type->asString()), c = indexOf(colours, colour->asString()),
                  a = indexOf(data::shapesAnswers(), answer->asString());
        if (t < 0 || c < 0 || a < 0)
            return Error{where + "unknown type, colour or answer"};
        record.type = int8_t(t);
        record.colour = int8_t(c);
        record.answer = int8_t(a);
        auto [row, added] = imageRows.emplace(image->asString(), int32_t(out.imagePaths.size()));
        if (added)
            out.imagePaths.push_back(image->asString());
        record.image = row->second;
        out.questions.push_back(record);
    }
    if (out.questions.empty())
        return Error{path + ": holds no questions"};

    out.images = torch::empty({int64_t(out.imagePaths.size()), 3, data::kShapesImageSize, data::kShapesImageSize},
                              torch::kUInt8);
    for (size_t i = 0; i < out.imagePaths.size(); ++i) {
        const std::string file = (std::filesystem::path(packDir) / out.imagePaths[i]).string();
        auto picture = io::loadImage(file);
        if (!picture)
            return picture.error();
        if (picture->width != data::kShapesImageSize || picture->height != data::kShapesImageSize)
            return Error{file + ": expected 75 x 75 pixels, found " + std::to_string(picture->width) + " x "
                         + std::to_string(picture->height)};
        out.images[int64_t(i)].copy_(torch::from_blob(picture->pixels.data(), {75, 75, 3}, torch::kUInt8).permute({2, 0, 1}));
    }
    if (auto scenes = loadScenes(out, colours); !scenes)
        return scenes.error();
    if (progress)
        progress(total, total);
    return out;
}

} // namespace fscope::train
