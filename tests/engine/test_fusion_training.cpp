// Each strategy must be able to learn: a small model overfits a 16-sample task
// to 100%. Classifiers learn random labels (memorisation needs every part of
// the module to pass information); the aligned spaces learn to retrieve the
// matching partner of each of 16 pairs in both directions.

#include "check.h"
#include "fusion_test_data.h"

using namespace fscope::fusion;
namespace td = fscope::fusion::testdata;

namespace {

constexpr int64_t kSamples = 16;
constexpr int64_t kClasses = 4;

double trainClassifier(Strategy strategy)
{
    torch::manual_seed(42);
    auto module = makeFusion(strategy, td::configFor(strategy, 2));
    torch::nn::Linear head(module->outputDim(), kClasses);
    const auto in = td::input(kSamples);
    const auto labels = torch::randint(kClasses, {kSamples}, torch::kLong);
    auto parameters = head->parameters();
    for (auto& p : module->parameters())
        if (p.requires_grad())
            parameters.push_back(p);
    torch::optim::Adam optimizer(parameters, torch::optim::AdamOptions(0.01));
    double accuracy = 0;
    for (int step = 0; step < 400 && accuracy < 1.0; ++step) {
        optimizer.zero_grad();
        const auto logits = head(module->forward(in).fused);
        torch::nn::functional::cross_entropy(logits, labels).backward();
        optimizer.step();
        accuracy = logits.argmax(1).eq(labels).to(torch::kDouble).mean().item<double>();
    }
    torch::NoGradGuard noGrad;
    return head(module->forward(in).fused).argmax(1).eq(labels).to(torch::kDouble).mean().item<double>();
}

double trainAlignment(Strategy strategy)
{
    torch::manual_seed(43);
    auto module = makeFusion(strategy, td::configFor(strategy));
    const auto in = td::input(kSamples);
    torch::optim::Adam optimizer(module->parameters(), torch::optim::AdamOptions(0.01));
    for (int step = 0; step < 300; ++step) {
        optimizer.zero_grad();
        module->alignmentLoss(module->forward(in)).backward();
        optimizer.step();
    }
    torch::NoGradGuard noGrad;
    const auto out = module->forward(in);
    const auto targets = torch::arange(kSamples);
    double worst = 1.0;
    const int modalities = strategy == Strategy::Unified ? 3 : 2;
    for (int a = 0; a < modalities; ++a)
        for (int b = a + 1; b < modalities; ++b) {
            const auto sim = torch::matmul(out.embeddings[a], out.embeddings[b].t());
            worst = std::min(worst, sim.argmax(1).eq(targets).to(torch::kDouble).mean().item<double>());
            worst = std::min(worst, sim.argmax(0).eq(targets).to(torch::kDouble).mean().item<double>());
        }
    return worst;
}

// A look-up that only attention solves: each sample has 25 context tokens,
// six of which carry a "colour" (one-hot) and a binary label; the query asks
// for one colour and the answer is the label of the token with that colour.
// Fresh samples every step, so memorising cannot help. Returns the accuracy
// on 512 new samples after `steps` steps.
double trainLookup(Strategy strategy, int steps, int64_t fillerWords = 0)
{
    torch::manual_seed(5);
    constexpr int64_t kTokens = 25, kColours = 6, kBatch = 128;
    FusionConfig config;
    config.inputDims[int(Modality::Image)] = kColours + 1;
    config.inputDims[int(Modality::Text)] = kColours + fillerWords;
    config.width = 64;
    config.outputDim = 64;
    config.heads = 4;
    config.layers = 1;
    config.freezeSelfAttention = false;
    auto module = makeFusion(strategy, config);
    torch::nn::Linear head(64, 2);
    auto parameters = head->parameters();
    for (auto& p : module->parameters())
        parameters.push_back(p);
    torch::optim::Adam optimizer(parameters, torch::optim::AdamOptions(1e-3));
    const auto sample = [&](int64_t batch) {
        auto context = torch::zeros({batch, kTokens, kColours + 1});
        auto asked = torch::randint(kColours, {batch}, torch::kLong);
        auto labels = torch::randint(2, {batch, kColours}, torch::kLong);
        for (int64_t b = 0; b < batch; ++b) {
            const auto places = torch::randperm(kTokens).narrow(0, 0, kColours);
            for (int64_t c = 0; c < kColours; ++c) {
                context[b][places[c].item<int64_t>()][c] = 1;
                context[b][places[c].item<int64_t>()][kColours] = labels[b][c].item<int64_t>() * 2 - 1;
            }
        }
        FusionInput in;
        in.set(Modality::Image, {context, {}, {}});
        // The question: filler words (each its own one-hot), then the colour word.
        auto words = torch::zeros({batch, fillerWords + 1, kColours + fillerWords});
        for (int64_t w = 0; w < fillerWords; ++w)
            words.select(1, w).select(1, kColours + w).fill_(1);
        words.select(1, fillerWords).narrow(1, 0, kColours).copy_(torch::one_hot(asked, kColours).to(torch::kFloat));
        in.set(Modality::Text, {words, {}, {}});
        return std::make_pair(in, labels.gather(1, asked.unsqueeze(1)).squeeze(1));
    };
    for (int step = 0; step < steps; ++step) {
        auto [in, target] = sample(kBatch);
        optimizer.zero_grad();
        torch::nn::functional::cross_entropy(head(module->forward(in).fused), target).backward();
        optimizer.step();
    }
    torch::NoGradGuard noGrad;
    auto [in, target] = sample(512);
    return head(module->forward(in).fused).argmax(1).eq(target).to(torch::kDouble).mean().item<double>();
}

} // namespace

FS_TEST(lookup, xattn_learns_where_to_look) { FS_CHECK(trainLookup(Strategy::CrossAttention, 300) > 0.95); }
FS_TEST(lookup, xattn_finds_the_word_that_matters) { FS_CHECK(trainLookup(Strategy::CrossAttention, 300, 7) > 0.95); }
FS_TEST(lookup, gated_learns_where_to_look) { FS_CHECK(trainLookup(Strategy::GatedCrossAttention, 300) > 0.95); }

FS_TEST(overfit16, early) { FS_CHECK_EQ(trainClassifier(Strategy::Early), 1.0); }
FS_TEST(overfit16, late) { FS_CHECK_EQ(trainClassifier(Strategy::Late), 1.0); }
FS_TEST(overfit16, xattn) { FS_CHECK_EQ(trainClassifier(Strategy::CrossAttention), 1.0); }
FS_TEST(overfit16, gated) { FS_CHECK_EQ(trainClassifier(Strategy::GatedCrossAttention), 1.0); }
FS_TEST(overfit16, contrastive) { FS_CHECK_EQ(trainAlignment(Strategy::Contrastive), 1.0); }
FS_TEST(overfit16, unified) { FS_CHECK_EQ(trainAlignment(Strategy::Unified), 1.0); }
