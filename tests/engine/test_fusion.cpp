// Unit tests of the six fusion strategies: shapes, gradients, masks, the
// late-fusion weights, the gated identity at initialisation and InfoNCE.

#include "check.h"
#include "fusion_test_data.h"

#include "fusion/aligned_space.h"
#include "fusion/attention.h"
#include "fusion/gated_cross_attention.h"
#include "fusion/late_fusion.h"

#include <cmath>

using namespace fscope::fusion;
namespace td = fscope::fusion::testdata;

namespace {

// A scalar that depends on every output the strategy produces.
torch::Tensor everything(FusionModuleImpl& module, const FusionOutput& out)
{
    auto total = out.fused.pow(2).sum();
    if (out.tokens.defined())
        total = total + out.tokens.pow(2).sum();
    const auto aligned = module.alignmentLoss(out);
    if (aligned.defined())
        total = total + aligned;
    return total;
}

} // namespace

FS_TEST(fusion, output_shapes)
{
    torch::manual_seed(1);
    for (auto strategy : allStrategies()) {
        auto module = makeFusion(strategy, td::configFor(strategy, 2));
        const auto out = module->forward(td::input(3));
        FS_CHECK(out.fused.sizes() == torch::IntArrayRef({3, 8}));
        FS_CHECK(torch::isfinite(out.fused).all().item<bool>());
        const auto seen = module->inspect();
        if (strategy == Strategy::CrossAttention || strategy == Strategy::GatedCrossAttention) {
            FS_CHECK(out.tokens.sizes() == torch::IntArrayRef({3, 5, 16}));
            FS_REQUIRE(seen.attention.size() == 2);
            FS_CHECK(seen.attention[1].sizes() == torch::IntArrayRef({3, 2, 5, 4}));  // B, H, text, patches
        }
        if (strategy == Strategy::Contrastive || strategy == Strategy::Unified) {
            FS_CHECK(out.embeddings[0].sizes() == torch::IntArrayRef({3, 8}));
            FS_CHECK_NEAR(out.embeddings[1].norm(2, 1).min().item<double>(), 1.0, 1e-5);
            FS_CHECK(out.embeddings[2].defined() == (strategy == Strategy::Unified));
        }
        if (strategy == Strategy::Late)
            FS_CHECK(out.modalityWeights.sizes() == torch::IntArrayRef({3, 3}));
    }
}

FS_TEST(fusion, gradients_reach_every_input_and_parameter)
{
    torch::manual_seed(2);
    for (auto strategy : allStrategies()) {
        auto module = makeFusion(strategy, td::configFor(strategy));
        if (strategy == Strategy::GatedCrossAttention) {
            // Closed gates (the initial state) block the gradient of the
            // cross-attention weights by design; open them for this check.
            for (auto& layer : std::dynamic_pointer_cast<GatedCrossAttentionFusionImpl>(module)->gatedLayers()) {
                torch::NoGradGuard noGrad;
                layer->attn_gate.fill_(0.5);
                layer->ffw_gate.fill_(0.5);
            }
        }
        auto in = td::input(4);
        // One sample without audio, so early fusion's learned "missing" vector is used too.
        in.modalities[2]->present = torch::tensor({true, true, true, false});
        std::vector<torch::Tensor> leaves;
        for (auto& slot : in.modalities) {
            if (!slot)
                continue;
            slot->tokens.set_requires_grad(true);
            leaves.push_back(slot->tokens);
        }
        everything(*module, module->forward(in)).backward();
        for (const auto& named : module->named_parameters()) {
            if (!named.value().requires_grad())
                continue;  // the frozen self-attention layers of the gated stack
            const bool reached = named.value().grad().defined() && named.value().grad().abs().sum().item<double>() > 0;
            if (!reached)
                std::cerr << strategyName(strategy) << ": no gradient for " << named.key() << "\n";
            FS_CHECK(reached);
        }
        const bool usesAudio = strategy == Strategy::Early || strategy == Strategy::Late || strategy == Strategy::Unified;
        for (size_t i = 0; i < leaves.size(); ++i) {
            const bool expected = (i != 2 || usesAudio);  // attention and contrastive use image + text
            const bool reached = leaves[i].grad().defined() && leaves[i].grad().abs().sum().item<double>() > 0;
            if (reached != expected)
                std::cerr << strategyName(strategy) << ": input " << i << " gradient " << reached << "\n";
            FS_CHECK(reached == expected);
        }
    }
}

FS_TEST(fusion, late_weights_sum_to_one_per_sample)
{
    torch::manual_seed(3);
    auto module = std::dynamic_pointer_cast<LateFusionImpl>(makeFusion(Strategy::Late, td::config()));
    {
        torch::NoGradGuard noGrad;
        module->weightLogits().copy_(torch::tensor({0.3f, -1.0f, 2.0f}));
    }
    auto in = td::input(3);
    in.modalities[2]->present = torch::tensor({true, false, true});  // sample 1 lacks audio
    const auto out = module->forward(in);
    FS_CHECK(torch::allclose(out.modalityWeights.sum(1), torch::ones({3}), 1e-6, 1e-6));
    FS_CHECK_EQ(out.modalityWeights[1][2].item<float>(), 0.0f);
    // Sample 1 renormalises image and text: softmax([0.3, -1.0]).
    const double expected = std::exp(0.3) / (std::exp(0.3) + std::exp(-1.0));
    FS_CHECK_NEAR(out.modalityWeights[1][0].item<double>(), expected, 1e-6);
    const auto seen = module->inspect();
    FS_CHECK_NEAR(seen.modalityWeights.sum().item<double>(), 1.0, 1e-6);
}

FS_TEST(fusion, late_weights_move_under_training)
{
    torch::manual_seed(4);
    auto config = td::config();
    config.outputDim = 1;
    auto module = std::dynamic_pointer_cast<LateFusionImpl>(makeFusion(Strategy::Late, config));
    // The target depends on the image only: training must shift weight to it.
    auto in = td::input(32, 3, 3, 3);
    const auto target = in.get(Modality::Image)->tokens.mean({1, 2}).unsqueeze(1) * 3;
    const auto before = module->inspect().modalityWeights.clone();
    torch::optim::Adam optimizer(module->parameters(), torch::optim::AdamOptions(0.02));
    for (int step = 0; step < 200; ++step) {
        optimizer.zero_grad();
        const auto loss = torch::mse_loss(module->forward(in).fused, target);
        loss.backward();
        optimizer.step();
    }
    const auto after = module->inspect().modalityWeights;
    FS_CHECK_NEAR(before[0].item<double>(), 1.0 / 3, 1e-6);
    FS_CHECK((after - before).abs().sum().item<double>() > 0.01);
    FS_CHECK_NEAR(after.sum().item<double>(), 1.0, 1e-5);
}

FS_TEST(fusion, gated_layer_is_identity_at_init)
{
    torch::manual_seed(5);
    GatedCrossAttentionLayer layer(16, 2, 2);
    const auto x = torch::randn({2, 5, 16});
    const auto context = torch::randn({2, 7, 16});
    const auto result = layer(x, context, torch::Tensor());
    FS_CHECK(torch::equal(result.output, x));
    // The whole stack: at init the context changes nothing.
    auto module = makeFusion(Strategy::GatedCrossAttention, td::config(2));
    auto with = td::input(2);
    auto without = with;
    without.modalities[static_cast<int>(Modality::Image)].reset();
    FS_CHECK(torch::allclose(module->forward(with).fused, module->forward(without).fused, 0, 0));
    const auto seen = module->inspect();
    FS_REQUIRE(seen.attentionGates.size() == 2);
    FS_CHECK_EQ(seen.attentionGates[0], 0.0);
    FS_CHECK_EQ(seen.feedForwardGates[1], 0.0);
}

FS_TEST(fusion, gated_gates_open_under_training_and_self_attention_stays_frozen)
{
    torch::manual_seed(6);
    auto module = std::dynamic_pointer_cast<GatedCrossAttentionFusionImpl>(
        makeFusion(Strategy::GatedCrossAttention, td::config()));
    const auto frozenBefore = module->selfAttentionLayers()[0]->attn->q_proj->weight.clone();
    auto in = td::input(16);
    // The target needs the image: only opening the gates can reach it.
    const auto target = in.get(Modality::Image)->tokens.mean(1).slice(1, 0, 8);
    std::vector<torch::Tensor> trainable;
    for (auto& p : module->parameters())
        if (p.requires_grad())
            trainable.push_back(p);
    torch::optim::Adam optimizer(trainable, torch::optim::AdamOptions(0.01));
    for (int step = 0; step < 60; ++step) {
        optimizer.zero_grad();
        torch::mse_loss(module->forward(in).fused, target).backward();
        optimizer.step();
    }
    const auto seen = module->inspect();
    FS_CHECK(std::fabs(seen.attentionGates[0]) > 0.01);
    FS_CHECK(torch::equal(module->selfAttentionLayers()[0]->attn->q_proj->weight, frozenBefore));
}

FS_TEST(fusion, attention_rows_sum_to_one_and_masked_keys_get_zero)
{
    torch::manual_seed(7);
    for (auto strategy : {Strategy::CrossAttention, Strategy::GatedCrossAttention}) {
        auto module = makeFusion(strategy, td::config());
        auto in = td::input(3, 5, 6);
        auto patchMask = torch::ones({3, 6}, torch::kBool);
        patchMask[0].slice(0, 4).fill_(false);  // sample 0: patches 4 and 5 are padding
        in.modalities[0]->tokenMask = patchMask;
        in.modalities[0]->present = torch::tensor({true, true, false});  // sample 2 has no image
        module->forward(in);
        const auto probs = module->inspect().attention.at(0);  // [3, H, 5, 6]
        FS_CHECK(torch::allclose(probs[0].sum(-1), torch::ones({2, 5}), 1e-5, 1e-6));
        FS_CHECK(torch::allclose(probs[1].sum(-1), torch::ones({2, 5}), 1e-5, 1e-6));
        FS_CHECK_EQ(probs[0].slice(-1, 4).abs().max().item<float>(), 0.0f);
        FS_CHECK_EQ(probs[2].abs().max().item<float>(), 0.0f);  // missing modality: no attention at all
    }
}

FS_TEST(fusion, distance_bias_pulls_the_next_layer_towards_or_away_from_where_the_head_looked)
{
    // Six context tokens on a line; with a strongly negative weight the second
    // layer's attention concentrates near each head's first-layer centroid, with
    // a positive one far from it; with none it is the plain attention.
    torch::manual_seed(3);
    for (auto strategy : {Strategy::CrossAttention, Strategy::GatedCrossAttention}) {
        auto config = td::config();
        config.layers = 2;
        config.distanceBias = true;
        auto module = makeFusion(strategy, config);
        auto in = td::input(2, 3, 6);
        const auto xs = torch::linspace(-1, 1, 6);
        in.modalities[0]->places = torch::stack({xs, torch::zeros({6})}, -1).unsqueeze(0); // [1, 6, 2]
        const auto secondLayer = [&] {
            torch::NoGradGuard noGrad;
            module->forward(in);
            return module->inspect().attention.at(1); // [2, H, 3, 6]
        };
        const auto plain = secondLayer();
        const auto first = module->inspect().attention.at(0);
        const auto centres = torch::matmul(first, xs.view({6, 1})).squeeze(-1); // [2, H, 3]
        auto weights = module->named_parameters()["distance_weights"];
        FS_REQUIRE(weights.defined());
        {
            torch::NoGradGuard noGrad;
            weights[1].fill_(-10.0);
        }
        const auto near = secondLayer();
        {
            torch::NoGradGuard noGrad;
            weights[1].fill_(10.0);
        }
        const auto far = secondLayer();
        const auto spread = [&](const torch::Tensor& probs) { // expected |x - centre| under the attention
            return (probs * (xs.view({1, 1, 1, 6}) - centres.unsqueeze(-1)).abs()).sum(-1).mean().item<double>();
        };
        FS_CHECK(spread(near) < 0.5 * spread(plain));
        FS_CHECK(spread(far) > spread(plain));
        FS_CHECK(torch::allclose(near.sum(-1), torch::ones_like(near.sum(-1)), 1e-5, 1e-6));
    }
}

FS_TEST(fusion, masked_tokens_do_not_change_the_output)
{
    torch::manual_seed(8);
    for (auto strategy : allStrategies()) {
        auto module = makeFusion(strategy, td::configFor(strategy));
        auto in = td::input(2, 4);
        in.modalities[1]->tokenMask = torch::Tensor();
        auto padded = in;
        // Append two padding tokens full of large values; masked, they must not matter.
        padded.modalities[1]->tokens = torch::cat({in.modalities[1]->tokens, torch::full({2, 2, td::kTextDim}, 50.0)}, 1);
        auto mask = torch::ones({2, 6}, torch::kBool);
        mask.slice(1, 4).fill_(false);
        padded.modalities[1]->tokenMask = mask;
        const auto a = module->forward(in);
        const auto b = module->forward(padded);
        const bool same = torch::allclose(a.fused, b.fused, 1e-4, 1e-5);
        if (!same)
            std::cerr << strategyName(strategy) << " changed with padding\n";
        FS_CHECK(same);
    }
}

FS_TEST(fusion, missing_modality_is_masked_not_zero_filled)
{
    torch::manual_seed(9);
    for (auto strategy : {Strategy::Early, Strategy::Late, Strategy::Unified}) {
        auto module = makeFusion(strategy, td::configFor(strategy));
        auto missing = td::input(2);
        missing.modalities[2]->present = torch::tensor({false, false});
        auto zeros = td::input(2);
        zeros.modalities[0] = missing.modalities[0];
        zeros.modalities[1] = missing.modalities[1];
        zeros.modalities[2]->tokens.zero_();
        auto absent = missing;
        absent.modalities[2].reset();
        const auto outMissing = module->forward(missing);
        const auto lossMissing = module->alignmentLoss(outMissing);
        const auto outAbsent = module->forward(absent);
        const auto outZeros = module->forward(zeros);
        // Marked missing == left out entirely, and both differ from zero-valued data.
        FS_CHECK(torch::allclose(outMissing.fused, outAbsent.fused, 1e-5, 1e-6));
        if (strategy == Strategy::Unified) {
            // A bias-free projection maps zeros to the zero vector, so the fused
            // direction coincides; the objective must still tell them apart.
            FS_CHECK(std::fabs(lossMissing.item<double>() - module->alignmentLoss(outZeros).item<double>()) > 1e-4);
        } else {
            FS_CHECK(!torch::allclose(outMissing.fused, outZeros.fused, 1e-4, 1e-5));
        }
    }
}

FS_TEST(fusion, early_fusion_contributions_follow_the_inputs)
{
    torch::manual_seed(10);
    auto module = makeFusion(Strategy::Early, td::config());
    auto in = td::input(3);
    in.modalities[2]->present = torch::tensor({true, false, true});
    const auto contributions = modalityContributions(
        *module, in, [](const FusionOutput& out) { return out.fused.sum(1); });
    FS_CHECK(contributions.sizes() == torch::IntArrayRef({3, 3}));
    FS_CHECK(contributions.select(1, 0).min().item<double>() > 0);
    FS_CHECK_EQ(contributions[1][2].item<float>(), 0.0f);
    FS_CHECK(contributions[0][2].item<float>() > 0.0f);
}

FS_TEST(fusion, infonce_matches_a_hand_computed_3x3_case)
{
    // logits = [[2,0,0],[0,1,0],[1,0,0]]; targets are the diagonal.
    const auto logits = torch::tensor({{2.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}}, torch::kDouble);
    // Rows: -log softmax picks 2 of [2,0,0], 1 of [0,1,0], 0 of [1,0,0].
    const double e = std::exp(1.0), e2 = std::exp(2.0);
    const double rows = (-std::log(e2 / (e2 + 2)) - std::log(e / (e + 2)) - std::log(1 / (e + 2))) / 3;
    // Columns: [2,0,1] picks 2, [0,1,0] picks 1, [0,0,0] picks 0.
    const double cols = (-std::log(e2 / (e2 + 1 + e)) - std::log(e / (e + 2)) - std::log(1.0 / 3)) / 3;
    FS_CHECK_NEAR(symmetricInfoNce(logits).item<double>(), 0.5 * (rows + cols), 1e-12);
    FS_CHECK_NEAR(symmetricInfoNce(logits).item<double>(), 0.7333495, 1e-6);
}

FS_TEST(fusion, infonce_is_symmetric)
{
    torch::manual_seed(11);
    const auto logits = torch::randn({5, 5}, torch::kDouble);
    FS_CHECK_NEAR(symmetricInfoNce(logits).item<double>(), symmetricInfoNce(logits.t()).item<double>(), 1e-12);
    FS_CHECK_THROWS(symmetricInfoNce(torch::randn({2, 3})));
}

FS_TEST(fusion, logit_scale_starts_at_inverse_temperature_and_is_clamped)
{
    auto config = td::configFor(Strategy::Contrastive);
    auto module = std::dynamic_pointer_cast<AlignedSpaceImpl>(makeFusion(Strategy::Contrastive, config));
    FS_CHECK_NEAR(module->inspect().logitScale, 1 / 0.07, 1e-3);
    for (auto& named : module->named_parameters())
        if (named.key() == "log_scale") {
            torch::NoGradGuard noGrad;
            named.value().fill_(10.0);
        }
    FS_CHECK_NEAR(module->inspect().logitScale, 100.0, 1e-9);
}

FS_TEST(fusion, unified_loss_uses_only_pairs_present_in_both)
{
    torch::manual_seed(12);
    auto module = makeFusion(Strategy::Unified, td::config());
    auto in = td::input(4);
    in.modalities[2]->present = torch::tensor({true, false, false, false});  // one audio clip only
    const auto out = module->forward(in);
    const auto loss = module->alignmentLoss(out);
    // Only image-text has >= 2 shared samples; audio pairs are skipped.
    const auto expected = symmetricInfoNce(out.logitScale * torch::matmul(out.embeddings[0], out.embeddings[1].t()));
    FS_CHECK_NEAR(loss.item<double>(), expected.item<double>(), 1e-6);
}

FS_TEST(fusion, bad_configurations_are_reported)
{
    auto config = td::config();
    FS_CHECK_THROWS(makeFusion(Strategy::Contrastive, config));  // three modalities
    config.heads = 3;
    FS_CHECK_THROWS(makeFusion(Strategy::CrossAttention, config));  // 16 not divisible by 3
    auto c2 = td::config();
    c2.query = Modality::Image;
    c2.context = Modality::Image;
    FS_CHECK_THROWS(makeFusion(Strategy::GatedCrossAttention, c2));
    FS_CHECK(parseStrategy("xattn") == Strategy::CrossAttention);
    FS_CHECK(!parseStrategy("bogus").has_value());
}
