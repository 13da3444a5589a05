#pragma once
// Training curves that grow while a job runs: one line per series (a fusion
// strategy), points appended as they arrive and the plot redrawn at most a few
// times a second however fast they come (coalesced replots). Exports to PNG and
// PDF. Fed plain data.
//
//   auto* chart = new CurveChart;
//   chart->setAxisTitles("step", "loss");
//   chart->addPoint("xattn", 100, 0.52);   // creates the series on first use
//
// GUI thread only.

#include <QStringList>
#include <QWidget>

class QCustomPlot;
class QTimer;

namespace fscope::widgets {

class CurveChart : public QWidget {
    Q_OBJECT
public:
    explicit CurveChart(QWidget* parent = nullptr);

    void setAxisTitles(const QString& x, const QString& y);
    // A fixed value range (accuracies: 0 .. 1); without it the range follows the data.
    void setValueRange(double low, double high);
    void addPoint(const QString& series, double x, double y);
    void clear();
    QStringList seriesNames() const;
    int pointCount(const QString& series) const;
    int replotCount() const { return m_replots; } // how often the plot was redrawn

    bool exportPng(const QString& path, int width = 900, int height = 500);
    bool exportPdf(const QString& path);
    QCustomPlot* plot() const { return m_plot; }

private:
    void scheduleReplot();
    void replotNow();

    QCustomPlot* m_plot;
    QTimer* m_replotTimer;
    bool m_fixedRange = false;
    double m_low = 0;
    double m_high = 1;
    int m_replots = 0;
};

} // namespace fscope::widgets
