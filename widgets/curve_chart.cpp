#include "widgets/curve_chart.h"

#include "widgets/grouped_bar_chart.h"
#include "widgets/qcustomplot_include.h"

#include <QTimer>
#include <QVBoxLayout>

namespace fscope::widgets {

namespace {

QCPGraph* findGraph(QCustomPlot* plot, const QString& name)
{
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name)
            return plot->graph(i);
    return nullptr;
}

} // namespace

CurveChart::CurveChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)), m_replotTimer(new QTimer(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    // The legend in a row of its own above the plot, so it never covers the data.
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setVisible(true);
    // Points can arrive hundreds of times a second; the eye needs a few redraws.
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(150);
    connect(m_replotTimer, &QTimer::timeout, this, &CurveChart::replotNow);
}

void CurveChart::setAxisTitles(const QString& x, const QString& y)
{
    m_plot->xAxis->setLabel(x);
    m_plot->yAxis->setLabel(y);
    scheduleReplot();
}

void CurveChart::setValueRange(double low, double high)
{
    m_fixedRange = true;
    m_low = low;
    m_high = high;
    scheduleReplot();
}

void CurveChart::addPoint(const QString& series, double x, double y)
{
    QCPGraph* graph = findGraph(m_plot, series);
    if (!graph) {
        graph = m_plot->addGraph();
        graph->setName(series);
        graph->setPen(QPen(seriesColor(m_plot->graphCount() - 1), 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    }
    graph->addData(x, y);
    scheduleReplot();
}

void CurveChart::clear()
{
    m_plot->clearGraphs();
    scheduleReplot();
}

QStringList CurveChart::seriesNames() const
{
    QStringList names;
    for (int i = 0; i < m_plot->graphCount(); ++i)
        names << m_plot->graph(i)->name();
    return names;
}

int CurveChart::pointCount(const QString& series) const
{
    const QCPGraph* graph = findGraph(m_plot, series);
    return graph ? graph->dataCount() : 0;
}

void CurveChart::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void CurveChart::replotNow()
{
    m_plot->rescaleAxes();
    if (m_fixedRange)
        m_plot->yAxis->setRange(m_low, m_high);
    m_plot->legend->setVisible(m_plot->graphCount() > 0);
    m_plot->replot();
    ++m_replots;
}

bool CurveChart::exportPng(const QString& path, int width, int height)
{
    replotNow();
    return m_plot->savePng(path, width, height);
}

bool CurveChart::exportPdf(const QString& path)
{
    replotNow();
    return m_plot->savePdf(path);
}

} // namespace fscope::widgets
