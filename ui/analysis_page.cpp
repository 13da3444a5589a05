#include "ui/analysis_page.h"

#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>

namespace fscope::ui {

AnalysisPage::AnalysisPage(PageContext context, QWidget* parent)
    : QWidget(parent), m_context(context), m_status(new QLabel(this))
{
    m_status->setObjectName(QStringLiteral("pageStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

QString AnalysisPage::statusText() const
{
    return m_status->text();
}

void AnalysisPage::markStale()
{
    m_stale = true;
    if (isVisible()) {
        m_stale = false;
        recompute();
    }
}

void AnalysisPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        m_stale = false;
        recompute();
    }
}

void AnalysisPage::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

void AnalysisPage::runJob(const QString& name, EngineBridge::JobFunction work, std::function<void(const std::any&)> done)
{
    const quint64 generation = ++m_generation;
    ++m_running;
    setStatus(tr("%1…").arg(name));
    m_context.bridge->submit(name, std::move(work), this,
                             [this, name, generation, done = std::move(done)](const runtime::JobOutcome& outcome) {
                                 --m_running;
                                 if (generation != m_generation)
                                     return; // a newer request replaced this one
                                 if (outcome.status == runtime::JobStatus::Succeeded) {
                                     setStatus({});
                                     done(outcome.value);
                                 } else if (outcome.status == runtime::JobStatus::Cancelled) {
                                     setStatus(tr("%1: cancelled").arg(name));
                                 } else {
                                     setStatus(tr("%1 failed: %2").arg(name, QString::fromStdString(outcome.error)),
                                               true);
                                 }
                             });
}

void AnalysisPage::addExportAction(QMenu* menu, const QString& label, const QString& suggestedName, const QString& filter,
                                   std::function<bool(const QString&)> write)
{
    menu->addAction(label, this, [this, label, suggestedName, filter, write = std::move(write)] {
        const QString path = QFileDialog::getSaveFileName(this, label, suggestedName, filter);
        if (!path.isEmpty() && !write(path))
            setStatus(tr("Cannot write %1").arg(path), true);
    });
}

void AnalysisPage::fillImageCombo(QComboBox* combo) const
{
    const QString current = combo->currentData().toString();
    const QSignalBlocker block(combo);
    combo->clear();
    for (const auto& item : m_context.library->itemsOfKind(api::ItemKind::Image))
        combo->addItem(item.label, item.content);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

} // namespace fscope::ui
