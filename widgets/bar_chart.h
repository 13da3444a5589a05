#pragma once
// Horizontal bars with labels (answer probabilities, per-type accuracies):
// one bar per label, the largest highlighted, the value written beside each,
// exports to PNG and PDF. Fed plain data.
//
//   auto* chart = new BarChart;
//   chart->setBars({"circle", "square"}, {0.91, 0.09});
//   chart->setValueRange(0, 1);
//
// GUI thread only.

#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPBars;

namespace fscope::widgets {

class BarChart : public QWidget {
    Q_OBJECT
public:
    explicit BarChart(QWidget* parent = nullptr);

    // Returns false (and keeps the old bars) when the sizes differ.
    bool setBars(const QStringList& labels, const std::vector<double>& values);
    void setValueRange(double low, double high);
    void setValueTitle(const QString& title);
    const QStringList& labels() const { return m_labels; }
    const std::vector<double>& values() const { return m_values; }
    int highlighted() const; // index of the largest value; -1 when empty

    bool exportPng(const QString& path, int width = 900, int height = 500);
    bool exportPdf(const QString& path);
    QCustomPlot* plot() const { return m_plot; }

private:
    void redraw();

    QCustomPlot* m_plot;
    QCPBars* m_bars;
    QCPBars* m_best;
    QStringList m_labels;
    std::vector<double> m_values;
    double m_low = 0;
    double m_high = 1;
};

} // namespace fscope::widgets
