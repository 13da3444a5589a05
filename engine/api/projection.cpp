#include "api/projection.h"

#include "runtime/worker.h"
#include "util/result.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace fscope::api {

namespace {

torch::Tensor toTensor(const FloatGrid& grid)
{
    return torch::from_blob(const_cast<float*>(grid.values.data()), {grid.rows, grid.columns}, torch::kFloat)
        .to(torch::kDouble);
}

FloatGrid fromTensor(const torch::Tensor& t)
{
    const auto f = t.to(torch::kFloat).contiguous();
    FloatGrid out{static_cast<int>(f.size(0)), static_cast<int>(f.size(1)), {}};
    out.values.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
    return out;
}

} // namespace

FloatGrid projectPca(const FloatGrid& rows, std::vector<double>* explained)
{
    if (rows.rows < 2 || rows.columns < 2 || rows.values.size() != size_t(rows.rows) * size_t(rows.columns))
        throw EngineError("projection: needs at least two rows of two values");
    torch::NoGradGuard noGrad;
    auto x = toTensor(rows);
    x = x - x.mean(0, true);
    // Right singular vectors (columns of V) are the principal directions.
    const auto decomposition = torch::svd(x, /*some=*/true);
    const torch::Tensor singular = std::get<1>(decomposition);
    const torch::Tensor v = std::get<2>(decomposition);
    const int64_t axes = std::min<int64_t>(2, singular.size(0));
    torch::Tensor projected = x.matmul(v.slice(1, 0, axes)); // [N, axes]
    for (int64_t a = 0; a < axes; ++a) {
        auto column = projected.select(1, a);
        if (column.max().item<double>() < -column.min().item<double>())
            column.mul_(-1);
    }
    if (axes < 2)
        projected = torch::cat(std::vector<torch::Tensor>{projected, torch::zeros({projected.size(0), 2 - axes}, projected.options())}, 1);
    if (explained) {
        const auto variance = singular.pow(2);
        const double total = variance.sum().item<double>();
        explained->clear();
        for (int64_t a = 0; a < axes; ++a)
            explained->push_back(total > 0 ? variance[a].item<double>() / total : 0.0);
    }
    return fromTensor(projected);
}

FloatGrid projectTsne(const FloatGrid& rows, const TsneOptions& options, const std::function<bool(int, int)>& progress)
{
    const int64_t n = rows.rows;
    if (n < 4)
        throw EngineError("t-SNE needs at least four points");
    torch::NoGradGuard noGrad;
    const auto x = toTensor(rows);
    const auto distances = torch::cdist(x, x).pow(2); // squared

    // Affinities: for each point, the Gaussian width whose entropy gives the perplexity.
    const double perplexity = std::min(options.perplexity, double(n - 1) / 3.0);
    const double targetEntropy = std::log(perplexity);
    auto p = torch::zeros({n, n}, torch::kDouble);
    auto* d = distances.data_ptr<double>();
    auto* pd = p.data_ptr<double>();
    for (int64_t i = 0; i < n; ++i) {
        double low = 0, high = std::numeric_limits<double>::infinity(), beta = 1;
        for (int step = 0; step < 64; ++step) {
            double sum = 0, weighted = 0;
            for (int64_t j = 0; j < n; ++j)
                if (j != i) {
                    const double w = std::exp(-beta * d[i * n + j]);
                    pd[i * n + j] = w;
                    sum += w;
                    weighted += w * d[i * n + j];
                }
            sum = std::max(sum, 1e-300);
            const double entropy = std::log(sum) + beta * weighted / sum;
            for (int64_t j = 0; j < n; ++j)
                pd[i * n + j] /= sum;
            if (std::abs(entropy - targetEntropy) < 1e-5)
                break;
            if (entropy > targetEntropy) { // too flat: narrower
                low = beta;
                beta = std::isinf(high) ? beta * 2 : (beta + high) / 2;
            } else {
                high = beta;
                beta = (beta + low) / 2;
            }
        }
    }
    p = (p + p.t()) / (2.0 * double(n));
    p = p.clamp_min(1e-12);

    // Start from the PCA map, scaled small.
    auto y = toTensor(projectPca(rows));
    y = y / y.std().clamp_min(1e-12) * 1e-4;
    auto velocity = torch::zeros_like(y);
    // Per-coordinate gains (delta-bar-delta, as in the reference implementation):
    // steps grow while the gradient keeps its direction and shrink when it flips.
    auto gains = torch::ones_like(y);
    const double learningRate = std::max(double(n) / 12.0, 50.0);
    const int iterations = std::max(50, options.iterations);
    for (int it = 0; it < iterations; ++it) {
        if (progress && !progress(it, iterations))
            throw runtime::JobCancelled{};
        const double exaggeration = it < iterations / 4 ? 12.0 : 1.0;
        const double momentum = it < iterations / 4 ? 0.5 : 0.8;
        const auto q = 1.0 / (1.0 + torch::cdist(y, y).pow(2)); // Student-t kernel
        auto qn = q.clone();
        qn.fill_diagonal_(0.0);
        const auto qNorm = (qn / qn.sum()).clamp_min(1e-12);
        qn.fill_diagonal_(0.0);
        const auto coefficient = (exaggeration * p - qNorm) * qn; // [n, n]
        const auto gradient = 4.0 * (coefficient.sum(1, true) * y - coefficient.matmul(y));
        const auto flipped = (gradient > 0) != (velocity > 0);
        gains = torch::where(flipped, gains + 0.2, gains * 0.8).clamp_min(0.01);
        velocity = momentum * velocity - learningRate * gains * gradient;
        y = y + velocity;
        y = y - y.mean(0, true);
    }
    if (progress)
        progress(iterations, iterations);
    return fromTensor(y);
}

} // namespace fscope::api
