#include "check.h"

#include "explain/attention_maps.h"
#include "explain/clip_explain.h"
#include "io/safetensors.h"
#include "models/clip_loader.h"

#include <torch/torch.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace ex = fscope::explain;
namespace st = fscope::safetensors;

namespace {

double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    FS_REQUIRE(a.sizes() == b.sizes());
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

// A = [[0.5, 0.5], [0, 1]] as a one-head layer: the first token reads both, the second itself.
torch::Tensor handLayer()
{
    return torch::tensor({0.5f, 0.5f, 0.f, 1.f}).reshape({1, 2, 2});
}

std::string fixture(const std::string& rel)
{
    return (fs::path(fscope::check::requiredFixturesDir()) / "clip-tiny" / rel).string();
}

} // namespace

FS_TEST(explain, rollout_by_hand)
{
    // A' = 0.5 A + 0.5 I = [[0.75, 0.25], [0, 1]] (rows already sum to 1); two layers give A'^2.
    const torch::Tensor once = ex::attentionRollout({handLayer()});
    FS_CHECK(maxDiff(once, torch::tensor({0.75f, 0.25f, 0.f, 1.f}).reshape({2, 2})) < 1e-7);
    const torch::Tensor twice = ex::attentionRollout({handLayer(), handLayer()});
    FS_CHECK(maxDiff(twice, torch::tensor({0.5625f, 0.4375f, 0.f, 1.f}).reshape({2, 2})) < 1e-7);
    // Heads are averaged: a second head attending to itself only halves the mixing.
    const torch::Tensor twoHeads = torch::cat({handLayer(), torch::eye(2).reshape({1, 2, 2})}, 0);
    FS_CHECK(maxDiff(ex::attentionRollout({twoHeads}), torch::tensor({0.875f, 0.125f, 0.f, 1.f}).reshape({2, 2}))
             < 1e-7);
}

FS_TEST(explain, relevancy_by_hand)
{
    // R = I + mean_h(clamp(G * A, 0)) @ I. With G = 1: I + A.
    const torch::Tensor ones = torch::ones({1, 2, 2});
    FS_CHECK(maxDiff(ex::gradientRelevancy({handLayer()}, {ones}),
                     torch::tensor({1.5f, 0.5f, 0.f, 2.f}).reshape({2, 2}))
             < 1e-7);
    // Negative gradient * attention is clamped away: only the identity remains.
    FS_CHECK(maxDiff(ex::gradientRelevancy({handLayer()}, {-ones}), torch::eye(2)) < 1e-7);
    // Two layers: R1 = I + A; R2 = R1 + A @ R1 = [[1.5,0.5],[0,2]] + [[0.75,1.25],[0,2]].
    FS_CHECK(maxDiff(ex::gradientRelevancy({handLayer(), handLayer()}, {ones, ones}),
                     torch::tensor({2.25f, 1.75f, 0.f, 4.f}).reshape({2, 2}))
             < 1e-6);
}

FS_TEST(explain, bad_shapes_explained)
{
    FS_CHECK_THROWS(ex::attentionRollout({}));
    FS_CHECK_THROWS(ex::attentionRollout({handLayer(), torch::ones({1, 3, 3})}));
    FS_CHECK_THROWS(ex::gradientRelevancy({handLayer()}, {}));
    FS_CHECK_THROWS(ex::gradientRelevancy({handLayer()}, {torch::ones({1, 3, 3})}));
    FS_CHECK_THROWS(ex::attentionRow(handLayer(), 2, -1));
    FS_CHECK_THROWS(ex::attentionRow(handLayer(), 0, 1));
}

FS_TEST(explain, upsampled_map_peaks_where_the_patch_is)
{
    torch::Tensor map = torch::zeros({4, 4});
    map[1][2] = 1.f;
    const torch::Tensor up = ex::upsampleMap(map, 32); // 8 pixels per patch
    FS_CHECK_NEAR(up.max().item<double>(), 1.0, 1e-6);
    FS_CHECK_NEAR(up.min().item<double>(), 0.0, 1e-6);
    const int64_t peak = up.argmax().item<int64_t>();
    FS_CHECK(peak / 32 >= 8 && peak / 32 < 16);  // row inside patch row 1
    FS_CHECK(peak % 32 >= 16 && peak % 32 < 24); // column inside patch column 2
    FS_CHECK_EQ(ex::upsampleMap(torch::ones({4, 4}), 8).abs().sum().item<double>(), 0.0);
}

FS_TEST(explain, clip_pair_matches_golden_and_is_consistent)
{
    auto model = fscope::models::loadHuggingFaceClip(fixture("hf"));
    FS_REQUIRE(model.ok());
    auto golden = st::File::open(fixture("golden.safetensors"));
    FS_REQUIRE(golden.ok());
    const torch::Tensor pixels = golden->tensor("pixel_values");
    const torch::Tensor ids = golden->tensor("input_ids");
    const torch::Tensor logits = golden->tensor("logits_per_image");
    for (int64_t image : {0, 2}) {
        for (int64_t text : {1, 6}) {
            const int64_t n = ids[text].argmax().item<int64_t>() + 1;
            const auto row = ids[text].slice(0, 0, n);
            std::vector<int64_t> tokens(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + n);
            const auto why = ex::explainClipPair(*model, pixels.slice(0, image, image + 1), tokens);
            FS_CHECK_NEAR(why.logit, logits[image][text].item<double>(), 1e-4);
            FS_CHECK_EQ(why.grid, 4);
            FS_CHECK_EQ(why.endTokenIndex, n - 1);
            FS_REQUIRE(why.imageAttention.size() == 2 && why.textAttention.size() == 2);
            for (int layer = 0; layer < 2; ++layer) {
                const torch::Tensor want = golden->tensor("vision_attn_probs." + std::to_string(layer))[image];
                FS_CHECK(maxDiff(why.imageAttention[layer], want) < 1e-5);
            }
            FS_CHECK(why.imageRelevancy.sizes() == torch::IntArrayRef({4, 4}));
            FS_CHECK(why.textRelevancy.sizes() == torch::IntArrayRef({n}));
            FS_CHECK(why.imageRelevancy.min().item<double>() >= 0);
            FS_CHECK(why.textRelevancy.min().item<double>() >= 0);
            // Rollout rows are distributions: the class row over patches plus itself sums to 1.
            const torch::Tensor rollout = ex::attentionRollout(why.imageAttention);
            FS_CHECK_NEAR(rollout[0].sum().item<double>(), 1.0, 1e-5);
            FS_CHECK(maxDiff(rollout[0].slice(0, 1).reshape({4, 4}), why.imageRollout) < 1e-7);
            // The end token's relevancy holds its own identity term: at least 1.
            FS_CHECK(why.textRelevancy[n - 1].item<double>() >= 1.0);
            const torch::Tensor headMap = ex::imageAttentionMap(why, 1, 0);
            FS_CHECK(maxDiff(headMap.flatten(), why.imageAttention[1][0][0].slice(0, 1)) < 1e-7);
            FS_CHECK_NEAR(ex::textAttentionMap(why, 0, -1).sum().item<double>(), 1.0, 1e-5);
        }
    }
}

FS_TEST(explain, relevancy_follows_the_logit_gradient)
{
    // Relevancy is built from dS/dA: doubling the logit (logit_scale + log 2) doubles every
    // one-layer term and quadruples products of two layers, so the class row over the
    // patches (which holds no identity term) must grow at least 2x, and strictly.
    auto model = fscope::models::loadHuggingFaceClip(fixture("hf"));
    FS_REQUIRE(model.ok());
    auto golden = st::File::open(fixture("golden.safetensors"));
    FS_REQUIRE(golden.ok());
    const torch::Tensor pixels = golden->tensor("pixel_values").slice(0, 0, 1);
    const torch::Tensor ids = golden->tensor("input_ids")[0];
    const int64_t n = ids.argmax().item<int64_t>() + 1;
    std::vector<int64_t> tokens(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + n);
    const auto before = ex::explainClipPair(*model, pixels, tokens);
    {
        torch::NoGradGuard noGrad;
        (*model)->logit_scale.add_(std::log(2.0));
    }
    const auto after = ex::explainClipPair(*model, pixels, tokens);
    FS_CHECK_NEAR(after.logit, 2 * before.logit, 1e-4);
    const double b = before.imageRelevancy.sum().item<double>();
    const double a = after.imageRelevancy.sum().item<double>();
    FS_CHECK(b > 0);
    FS_CHECK(a >= 2 * b - 1e-5);
}
