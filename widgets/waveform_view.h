#pragma once
// A clip of sound at a glance: the waveform above its log-mel spectrogram, a
// time axis, an optional play position, and optional weights over time (how
// much each stretch of the clip matters to a model) drawn as a coloured strip
// under the spectrogram. Fed plain data.
//
//   auto* view = new WaveformView;
//   view->setWaveform(samples, 16000);                    // mono, -1..1
//   view->setSpectrogram(frames, 80, values, 0.01);       // frames x bins, row-major, 10 ms per frame
//   view->setTimeWeights(weights, 0.08, 0.0);            // one weight in [0, 1] per 80 ms
//   view->setPlayPosition(1.25);                          // seconds, < 0 hides it
//
// GUI thread only.

#include "widgets/color_maps.h"

#include <QImage>
#include <QWidget>

#include <vector>

namespace fscope::widgets {

class WaveformView : public QWidget {
    Q_OBJECT
public:
    explicit WaveformView(QWidget* parent = nullptr);

    void setWaveform(const std::vector<float>& samples, int sampleRate);
    // values: natural log of mel power. Returns false (and keeps the old one)
    // when values.size() != frames * bins.
    bool setSpectrogram(int frames, int bins, const std::vector<float>& values, double secondsPerFrame);
    void setTimeWeights(const std::vector<float>& weights, double secondsPerStep, double offsetSeconds);
    void setPlayPosition(double seconds);
    void clear();

    double durationSeconds() const;
    bool hasSpectrogram() const { return !m_spectrogram.isNull(); }
    int timeWeightCount() const { return static_cast<int>(m_weights.size()); }

    QSize sizeHint() const override { return {420, 220}; }
    QSize minimumSizeHint() const override { return {160, 120}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<float> m_peaks; // min, max pairs of 2048 columns
    double m_seconds = 0;
    QImage m_spectrogram;       // frames wide, bins high (low frequencies at the bottom)
    double m_spectrogramSeconds = 0;
    std::vector<float> m_weights;
    double m_weightStep = 0;
    double m_weightOffset = 0;
    double m_play = -1;
};

} // namespace fscope::widgets
