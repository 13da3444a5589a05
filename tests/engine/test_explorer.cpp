// The app's door to the models (api/explorer.h): the shipped mini on the
// shipped sample, and the clip-tiny fixture as an imported CLIP.
#include "check.h"

#include "data/collection.h"
#include "runtime/device.h"
#include "runtime/worker.h"
#include "api/explorer.h"
#include "api/projection.h"
#include "util/result.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace ft = fscope::api;
namespace fs = std::filesystem;

namespace {

const std::string kResources = FUSIONSCOPE_SOURCE_RESOURCES;

fscope::runtime::DeviceInfo cpu()
{
    return fscope::runtime::DeviceInfo{};
}

std::unique_ptr<ft::Explorer> openMini()
{
    auto explorer = ft::Explorer::open("builtin:mini", kResources, cpu());
    FS_REQUIRE(explorer.ok());
    return std::move(*explorer);
}

fscope::data::Collection sample()
{
    auto collection = fscope::data::loadCollection(kResources + "/samples/emoji/manifest.jsonl");
    FS_REQUIRE(collection.ok());
    FS_REQUIRE(collection->items.size() == 96);
    return std::move(*collection);
}

bool inUnitRange(const ft::FloatGrid& grid)
{
    return !grid.values.empty()
        && std::all_of(grid.values.begin(), grid.values.end(), [](float v) { return v >= 0 && v <= 1; });
}

int argmaxRow(const ft::FloatGrid& grid, int row)
{
    int best = 0;
    for (int c = 1; c < grid.columns; ++c)
        if (grid.at(row, c) > grid.at(row, best))
            best = c;
    return best;
}

} // namespace

FS_TEST(explorer, mini_matches_the_sample_names_speech_and_images)
{
    auto mini = openMini();
    const auto items = sample().items;
    std::vector<ft::ExplorerItem> images, texts, audio;
    for (const auto& item : items) {
        images.push_back({ft::ItemKind::Image, item.image});
        texts.push_back({ft::ItemKind::Text, item.text});
        audio.push_back({ft::ItemKind::Audio, item.audio});
    }
    int reports = 0;
    const auto imageSpace = mini->embed(images, [&](int done, int total) {
        ++reports;
        return done <= total;
    });
    FS_CHECK(reports >= 2);
    FS_CHECK_EQ(imageSpace.rows, 96);
    FS_CHECK_EQ(imageSpace.columns, mini->embeddingWidth());
    double norm = 0;
    for (int k = 0; k < imageSpace.columns; ++k)
        norm += double(imageSpace.at(5, k)) * imageSpace.at(5, k);
    FS_CHECK(std::abs(norm - 1) < 1e-4);

    // Names and held-out speech find their own picture among 96 far more often than chance (1 in 96).
    for (auto* queries : {&texts, &audio}) {
        const auto cosine = ft::cosineMatrix(mini->embed(*queries), imageSpace);
        int top1 = 0;
        for (int r = 0; r < cosine.rows; ++r)
            top1 += argmaxRow(cosine, r) == r;
        FS_CHECK(top1 >= (queries == &texts ? 70 : 40));
    }
}

FS_TEST(explorer, mini_explains_text_speech_and_image_queries)
{
    auto mini = openMini();
    const auto items = sample().items;
    const auto& apple = items.front();
    const auto text = mini->explain({ft::ItemKind::Text, apple.text}, apple.image);
    FS_CHECK_EQ(text.grid, 6);
    FS_CHECK_EQ(text.layers, 4);
    FS_CHECK_EQ(text.heads, 4);
    FS_REQUIRE(text.imageAttention.size() == 4u);
    FS_CHECK_EQ(text.imageAttention[3].size(), 5u); // four heads and their mean
    FS_CHECK(inUnitRange(text.imageRelevancy) && inUnitRange(text.imageRollout));
    FS_CHECK_EQ(text.imageRelevancy.rows * text.imageRelevancy.columns, 36);
    FS_CHECK_EQ(text.modelInput.width, 72);
    FS_CHECK(text.queryTokens.size() >= 3u); // [BOS] ... [EOS]
    FS_CHECK_EQ(text.queryTokens.size(), text.queryRelevancy.size());
    FS_CHECK(text.cosine > 0.2 && text.cosine <= 1.0);

    const auto speech = mini->explain({ft::ItemKind::Audio, apple.audio}, apple.image);
    FS_CHECK(speech.secondsPerToken > 0);
    FS_CHECK(speech.queryTokens.size() > 3u);
    FS_CHECK_EQ(speech.queryTokens.size(), speech.queryRelevancy.size());
    FS_CHECK_EQ(speech.queryTokens.front(), std::string("[CLS]"));

    const auto image = mini->explain({ft::ItemKind::Image, items[1].image}, apple.image);
    FS_CHECK(image.queryTokens.empty());
    FS_CHECK(inUnitRange(image.imageRelevancy));
}

FS_TEST(explorer, bad_files_and_models_are_named)
{
    auto mini = openMini();
    const fs::path missing = fs::temp_directory_path() / "fusionscope-no-such-image.png";
    bool threw = false;
    try {
        mini->embed({{ft::ItemKind::Image, missing.string()}});
    } catch (const fscope::EngineError& e) {
        threw = std::string(e.what()).find(missing.string()) != std::string::npos;
    }
    FS_CHECK(threw);
    const auto none = ft::Explorer::open("/no/such/checkpoint.pt", kResources, cpu());
    FS_REQUIRE(!none.ok());
    FS_CHECK(none.error().message.find("/no/such/checkpoint.pt") != std::string::npos);
}

FS_TEST(explorer, clip_checkpoint_embeds_and_explains_text)
{
    const auto folder = (fs::path(fscope::check::requiredFixturesDir()) / "clip-tiny" / "hf").string();
    auto clip = ft::Explorer::open(folder, kResources, cpu());
    FS_REQUIRE(clip.ok());
    FS_CHECK(!(*clip)->hasAudio());
    const auto images = fscope::data::loadCollection(kResources + "/samples/emoji/manifest.jsonl");
    FS_REQUIRE(images.ok());
    const auto why = (*clip)->explain({ft::ItemKind::Text, "a red apple"}, images->items.front().image);
    FS_CHECK(why.grid > 0);
    FS_CHECK(inUnitRange(why.imageRelevancy));
    FS_CHECK_EQ(why.queryTokens.size(), why.queryRelevancy.size());
    bool refused = false;
    try {
        (*clip)->explain({ft::ItemKind::Audio, images->items.front().audio}, images->items.front().image);
    } catch (const fscope::EngineError&) {
        refused = true;
    }
    FS_CHECK(refused);
}

FS_TEST(projection, pca_finds_the_direction_of_largest_variance)
{
    // Points along (3, 4, 0) with a little spread along z: PC 1 is that line.
    ft::FloatGrid rows{5, 3, {}};
    for (int i = 0; i < 5; ++i)
        rows.values.insert(rows.values.end(), {3.f * i, 4.f * i, i % 2 ? 0.1f : -0.1f});
    std::vector<double> explained;
    const auto xy = ft::projectPca(rows, &explained);
    FS_CHECK_EQ(xy.rows, 5);
    FS_CHECK_EQ(xy.columns, 2);
    FS_CHECK(explained[0] > 0.99);
    // Coordinates along PC 1 are the centred distances along the line: -10, -5, 0, 5, 10.
    for (int i = 0; i < 5; ++i)
        FS_CHECK(std::abs(xy.at(i, 0) - (5.0 * i - 10.0)) < 1e-3);
}

FS_TEST(projection, tsne_keeps_clusters_apart)
{
    // Two tight clusters of 10 points in 8 dimensions, far apart.
    ft::FloatGrid rows{20, 8, {}};
    for (int i = 0; i < 20; ++i)
        for (int k = 0; k < 8; ++k)
            rows.values.push_back((i < 10 ? 0.f : 5.f) + 0.01f * float((i * 7 + k * 3) % 11));
    int calls = 0;
    const auto xy = ft::projectTsne(rows, {5, 300}, [&](int, int) { return ++calls > 0; });
    FS_CHECK(calls >= 300);
    auto centroid = [&](int from) {
        double x = 0, y = 0;
        for (int i = from; i < from + 10; ++i) {
            x += xy.at(i, 0);
            y += xy.at(i, 1);
        }
        return std::pair<double, double>{x / 10, y / 10};
    };
    const auto [ax, ay] = centroid(0);
    const auto [bx, by] = centroid(10);
    const double between = std::hypot(ax - bx, ay - by);
    double within = 0;
    for (int i = 0; i < 10; ++i)
        within = std::max(within, std::hypot(xy.at(i, 0) - ax, xy.at(i, 1) - ay));
    FS_CHECK(between > 2 * within);
    bool cancelled = false;
    try {
        ft::projectTsne(rows, {5, 300}, [](int it, int) { return it < 10; });
    } catch (const fscope::runtime::JobCancelled&) {
        cancelled = true;
    }
    FS_CHECK(cancelled);
}
