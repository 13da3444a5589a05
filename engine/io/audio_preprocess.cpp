#include "io/audio_preprocess.h"

#include "util/result.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <string>

namespace fscope::io {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kZeroCrossings = 32;
constexpr int kTableSteps = 512; // per zero crossing
constexpr double kKaiserBeta = 8.6;
constexpr double kRolloff = 0.95;

// Modified Bessel function of the first kind, order 0 (power series).
double besselI0(double x)
{
    double sum = 1.0, term = 1.0;
    const double q = x * x / 4.0;
    for (int k = 1; k < 64; ++k) {
        term *= q / (static_cast<double>(k) * k);
        sum += term;
        if (term < 1e-17 * sum)
            break;
    }
    return sum;
}

// The windowed sinc at z zero crossings from its centre, z in [0, kZeroCrossings].
const std::vector<float>& kernelTable()
{
    static const std::vector<float> table = [] {
        std::vector<float> t(kZeroCrossings * kTableSteps + 2, 0.f);
        const double norm = besselI0(kKaiserBeta);
        for (int i = 0; i <= kZeroCrossings * kTableSteps; ++i) {
            const double z = static_cast<double>(i) / kTableSteps;
            const double sinc = i == 0 ? 1.0 : std::sin(kPi * z) / (kPi * z);
            const double r = z / kZeroCrossings;
            const double window = besselI0(kKaiserBeta * std::sqrt(std::max(0.0, 1.0 - r * r))) / norm;
            t[static_cast<size_t>(i)] = static_cast<float>(sinc * window);
        }
        return t;
    }();
    return table;
}

float kernelAt(double z)
{
    z = std::abs(z);
    if (z >= kZeroCrossings)
        return 0.f;
    const double position = z * kTableSteps;
    const auto index = static_cast<size_t>(position);
    const double frac = position - static_cast<double>(index);
    const auto& t = kernelTable();
    return static_cast<float>(t[index] + frac * (t[index + 1] - t[index]));
}

void fft(std::vector<std::complex<double>>& a)
{
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j)
            std::swap(a[i], a[j]);
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2 * kPi / static_cast<double>(len);
        const std::complex<double> step(std::cos(angle), std::sin(angle));
        for (size_t i = 0; i < n; i += len) {
            std::complex<double> w(1);
            for (size_t k = 0; k < len / 2; ++k) {
                const auto u = a[i + k];
                const auto v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                w *= step;
            }
        }
    }
}

double hzToMel(double hz)
{
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}

double melToHz(double mel)
{
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}

void checkConfig(const LogMelConfig& c)
{
    if (c.sampleRate <= 0 || c.windowSamples <= 0 || c.hopSamples <= 0 || c.melBins <= 0
        || c.fftSize < c.windowSamples || (c.fftSize & (c.fftSize - 1)) != 0 || !(c.highHz > c.lowHz)
        || c.highHz > c.sampleRate / 2.f + 1e-3f)
        throw EngineError("log-mel: invalid configuration (window <= FFT size, FFT size a power of two, "
                          "0 <= low < high <= sample rate / 2)");
}

// Filter edges: melBins + 2 points evenly spaced in mel.
std::vector<double> melEdgesHz(const LogMelConfig& c)
{
    std::vector<double> edges(static_cast<size_t>(c.melBins + 2));
    const double low = hzToMel(c.lowHz), high = hzToMel(c.highHz);
    for (size_t i = 0; i < edges.size(); ++i)
        edges[i] = melToHz(low + (high - low) * static_cast<double>(i) / static_cast<double>(c.melBins + 1));
    return edges;
}

} // namespace

std::vector<float> resample(const std::vector<float>& samples, int fromRate, int toRate)
{
    if (fromRate <= 0 || toRate <= 0)
        throw EngineError("resample: sample rates must be positive, got " + std::to_string(fromRate) + " -> "
                          + std::to_string(toRate));
    if (fromRate == toRate || samples.empty())
        return samples;
    const double ratio = static_cast<double>(toRate) / fromRate;
    // Cutoff as a fraction of the input rate's Nyquist band: the lower rate decides.
    const double cutoff = kRolloff * std::min(1.0, ratio);
    const double radius = kZeroCrossings / cutoff; // input samples on each side
    const auto outCount = static_cast<int64_t>(std::floor(static_cast<double>(samples.size()) * ratio));
    std::vector<float> out(static_cast<size_t>(std::max<int64_t>(outCount, 0)));
    const auto inCount = static_cast<int64_t>(samples.size());
    for (int64_t n = 0; n < outCount; ++n) {
        const double t = static_cast<double>(n) / ratio; // position in input samples
        const auto first = std::max<int64_t>(0, static_cast<int64_t>(std::ceil(t - radius)));
        const auto last = std::min<int64_t>(inCount - 1, static_cast<int64_t>(std::floor(t + radius)));
        double sum = 0.0;
        for (int64_t k = first; k <= last; ++k)
            sum += samples[static_cast<size_t>(k)] * kernelAt((t - static_cast<double>(k)) * cutoff);
        out[static_cast<size_t>(n)] = static_cast<float>(sum * cutoff);
    }
    return out;
}

std::vector<float> melBinCentersHz(const LogMelConfig& config)
{
    checkConfig(config);
    const auto edges = melEdgesHz(config);
    return std::vector<float>(edges.begin() + 1, edges.end() - 1);
}

LogMel logMel(const std::vector<float>& samples, const LogMelConfig& c)
{
    checkConfig(c);
    std::vector<float> wave = samples;
    if (static_cast<int>(wave.size()) < c.windowSamples)
        wave.resize(static_cast<size_t>(c.windowSamples), 0.f);
    LogMel out;
    out.bins = c.melBins;
    out.frames = 1 + (static_cast<int64_t>(wave.size()) - c.windowSamples) / c.hopSamples;

    // Periodic Hann window and the filterbank's weights per FFT bin.
    std::vector<double> window(static_cast<size_t>(c.windowSamples));
    for (int i = 0; i < c.windowSamples; ++i)
        window[static_cast<size_t>(i)] = 0.5 - 0.5 * std::cos(2 * kPi * i / c.windowSamples);
    const int spectrumBins = c.fftSize / 2 + 1;
    const auto edges = melEdgesHz(c);
    std::vector<double> weights(static_cast<size_t>(c.melBins * spectrumBins), 0.0);
    for (int m = 0; m < c.melBins; ++m) {
        const double left = edges[static_cast<size_t>(m)], centre = edges[static_cast<size_t>(m + 1)],
                     right = edges[static_cast<size_t>(m + 2)];
        for (int k = 0; k < spectrumBins; ++k) {
            const double hz = static_cast<double>(k) * c.sampleRate / c.fftSize;
            double w = 0.0;
            if (hz > left && hz <= centre)
                w = (hz - left) / (centre - left);
            else if (hz > centre && hz < right)
                w = (right - hz) / (right - centre);
            weights[static_cast<size_t>(m * spectrumBins + k)] = w;
        }
    }

    out.values.resize(static_cast<size_t>(out.frames * c.melBins));
    std::vector<std::complex<double>> buffer(static_cast<size_t>(c.fftSize));
    std::vector<double> power(static_cast<size_t>(spectrumBins));
    for (int64_t f = 0; f < out.frames; ++f) {
        std::fill(buffer.begin(), buffer.end(), std::complex<double>(0));
        const size_t start = static_cast<size_t>(f * c.hopSamples);
        for (int i = 0; i < c.windowSamples; ++i)
            buffer[static_cast<size_t>(i)] = wave[start + static_cast<size_t>(i)] * window[static_cast<size_t>(i)];
        fft(buffer);
        for (int k = 0; k < spectrumBins; ++k)
            power[static_cast<size_t>(k)] = std::norm(buffer[static_cast<size_t>(k)]);
        for (int m = 0; m < c.melBins; ++m) {
            double energy = 0.0;
            const double* w = &weights[static_cast<size_t>(m * spectrumBins)];
            for (int k = 0; k < spectrumBins; ++k)
                energy += w[k] * power[static_cast<size_t>(k)];
            out.values[static_cast<size_t>(f * c.melBins + m)] = static_cast<float>(std::log(std::max(energy, 1e-10)));
        }
    }
    return out;
}

} // namespace fscope::io
