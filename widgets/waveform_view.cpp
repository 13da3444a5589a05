#include "widgets/waveform_view.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace fscope::widgets {

namespace {
constexpr int kColumns = 2048;
constexpr int kAxisHeight = 16;
constexpr int kWeightHeight = 14;
} // namespace

WaveformView::WaveformView(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void WaveformView::setWaveform(const std::vector<float>& samples, int sampleRate)
{
    m_peaks.assign(2 * kColumns, 0.f);
    m_seconds = sampleRate > 0 ? double(samples.size()) / sampleRate : 0;
    if (!samples.empty())
        for (int c = 0; c < kColumns; ++c) {
            const size_t begin = samples.size() * size_t(c) / kColumns;
            const size_t end = std::max(begin + 1, samples.size() * size_t(c + 1) / kColumns);
            const auto [low, high] = std::minmax_element(samples.begin() + long(begin),
                                                         samples.begin() + long(std::min(end, samples.size())));
            m_peaks[2 * size_t(c)] = *low;
            m_peaks[2 * size_t(c) + 1] = *high;
        }
    update();
}

bool WaveformView::setSpectrogram(int frames, int bins, const std::vector<float>& values, double secondsPerFrame)
{
    if (frames <= 0 || bins <= 0 || values.size() != size_t(frames) * size_t(bins))
        return false;
    // Values are natural logs of power; shown: the loudest 80 dB of the clip (ln 10^8).
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const float top = *high;
    const float bottom = std::min(top - 1e-3f, std::max(*low, top - 18.42f));
    m_spectrogram = QImage(frames, bins, QImage::Format_RGB32);
    for (int f = 0; f < frames; ++f)
        for (int b = 0; b < bins; ++b) {
            const float v = (values[size_t(f) * size_t(bins) + size_t(b)] - bottom) / (top - bottom);
            m_spectrogram.setPixel(f, bins - 1 - b, colorAt(ColorMap::Magma, std::clamp(double(v), 0.0, 1.0)).rgb());
        }
    m_spectrogramSeconds = frames * secondsPerFrame;
    update();
    return true;
}

void WaveformView::setTimeWeights(const std::vector<float>& weights, double secondsPerStep, double offsetSeconds)
{
    m_weights = weights;
    m_weightStep = secondsPerStep;
    m_weightOffset = offsetSeconds;
    update();
}

void WaveformView::setPlayPosition(double seconds)
{
    m_play = seconds;
    update();
}

void WaveformView::clear()
{
    m_peaks.clear();
    m_seconds = 0;
    m_spectrogram = {};
    m_weights.clear();
    m_play = -1;
    update();
}

double WaveformView::durationSeconds() const
{
    return std::max(m_seconds, m_spectrogramSeconds);
}

void WaveformView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const double total = durationSeconds();
    if (total <= 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No audio"));
        return;
    }
    const int weightHeight = m_weights.empty() ? 0 : kWeightHeight + 2;
    const int usable = height() - kAxisHeight - weightHeight;
    const QRect wave(0, 0, width(), usable / 3);
    const QRect spec(0, wave.bottom() + 2, width(), usable - wave.height() - 2);
    auto xOf = [&](double seconds) { return int(seconds / total * width()); };

    // Waveform: min and max of each column.
    painter.setPen(palette().color(QPalette::Highlight));
    const int mid = wave.center().y();
    const double half = wave.height() / 2.0;
    const double waveWidth = m_seconds / total * width();
    for (int x = 0; x < int(waveWidth) && !m_peaks.empty(); ++x) {
        const int c = std::min(kColumns - 1, int(x / waveWidth * kColumns));
        painter.drawLine(x, mid - int(m_peaks[2 * size_t(c) + 1] * half), x, mid - int(m_peaks[2 * size_t(c)] * half));
    }
    if (!m_spectrogram.isNull())
        painter.drawImage(QRect(0, spec.y(), xOf(m_spectrogramSeconds), spec.height()), m_spectrogram);

    // Weights over time: a strip coloured like the image maps.
    for (size_t i = 0; i < m_weights.size(); ++i) {
        const int x0 = xOf(m_weightOffset + double(i) * m_weightStep);
        const int x1 = xOf(m_weightOffset + double(i + 1) * m_weightStep);
        painter.fillRect(QRect(x0, spec.bottom() + 2, std::max(1, x1 - x0), kWeightHeight),
                         colorAt(ColorMap::Inferno, m_weights[i]));
    }

    // Time axis: a tick per second (or per 100 ms for short clips).
    painter.setPen(palette().color(QPalette::Text));
    const double step = total > 4 ? 1.0 : total > 1 ? 0.5 : 0.1;
    const int axisTop = height() - kAxisHeight;
    for (double t = 0; t <= total + 1e-9; t += step) {
        const int x = xOf(t);
        painter.drawLine(x, axisTop, x, axisTop + 3);
        painter.drawText(QRect(x + 2, axisTop, 60, kAxisHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         tr("%1 s").arg(t, 0, 'f', step < 1 ? 1 : 0));
    }
    if (m_play >= 0) {
        painter.setPen(QPen(QColor(0, 160, 255), 2));
        painter.drawLine(xOf(m_play), 0, xOf(m_play), axisTop);
    }
}

} // namespace fscope::widgets
