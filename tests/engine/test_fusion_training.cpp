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

} // namespace

FS_TEST(overfit16, early) { FS_CHECK_EQ(trainClassifier(Strategy::Early), 1.0); }
FS_TEST(overfit16, late) { FS_CHECK_EQ(trainClassifier(Strategy::Late), 1.0); }
FS_TEST(overfit16, xattn) { FS_CHECK_EQ(trainClassifier(Strategy::CrossAttention), 1.0); }
FS_TEST(overfit16, gated) { FS_CHECK_EQ(trainClassifier(Strategy::GatedCrossAttention), 1.0); }
FS_TEST(overfit16, contrastive) { FS_CHECK_EQ(trainAlignment(Strategy::Contrastive), 1.0); }
FS_TEST(overfit16, unified) { FS_CHECK_EQ(trainAlignment(Strategy::Unified), 1.0); }
