#include "widgets/bar_chart.h"

#include "widgets/qcustomplot_include.h"

#include <QVBoxLayout>

#include <algorithm>

namespace fscope::widgets {

BarChart::BarChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    // Bars grow to the right from the labels on the left axis, the first label on top.
    m_bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_best = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_bars->setBrush(QColor(120, 144, 180));
    m_bars->setPen(Qt::NoPen);
    m_best->setBrush(QColor(230, 126, 34));
    m_best->setPen(Qt::NoPen);
    m_bars->setWidth(0.7);
    m_best->setWidth(0.7);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->yAxis->grid()->setVisible(false);
    redraw();
}

bool BarChart::setBars(const QStringList& labels, const std::vector<double>& values)
{
    if (size_t(labels.size()) != values.size())
        return false;
    m_labels = labels;
    m_values = values;
    redraw();
    return true;
}

void BarChart::setValueRange(double low, double high)
{
    m_low = low;
    m_high = high;
    redraw();
}

void BarChart::setValueTitle(const QString& title)
{
    m_plot->xAxis->setLabel(title);
    m_plot->replot();
}

int BarChart::highlighted() const
{
    if (m_values.empty())
        return -1;
    return int(std::max_element(m_values.begin(), m_values.end()) - m_values.begin());
}

void BarChart::redraw()
{
    QVector<double> keys, values, bestKey, bestValue;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int best = highlighted();
    for (int i = 0; i < m_labels.size(); ++i) {
        ticker->addTick(i, m_labels[i]);
        (i == best ? bestKey : keys) << i;
        (i == best ? bestValue : values) << m_values[size_t(i)];
    }
    m_bars->setData(keys, values);
    m_best->setData(bestKey, bestValue);
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.6, std::max(0, int(m_labels.size()) - 1) + 0.6);
    m_plot->xAxis->setRange(m_low, m_high);
    m_plot->clearItems();
    for (int i = 0; i < m_labels.size(); ++i) {
        auto* text = new QCPItemText(m_plot);
        text->position->setCoords(m_values[size_t(i)], i);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->setText(QStringLiteral(" %1").arg(m_values[size_t(i)], 0, 'f', 3));
        text->setClipToAxisRect(false);
    }
    m_plot->replot();
}

bool BarChart::exportPng(const QString& path, int width, int height)
{
    return m_plot->savePng(path, width, height);
}

bool BarChart::exportPdf(const QString& path)
{
    return m_plot->savePdf(path);
}

} // namespace fscope::widgets
