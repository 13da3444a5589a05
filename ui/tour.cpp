#include "ui/tour.h"

#include "ui/engine_bridge.h"
#include "ui/main_window.h"

#include <QDir>
#include <QPixmap>
#include <QTimer>

namespace fscope::ui {

namespace {
constexpr int kPollMs = 50;
} // namespace

Tour::Tour(MainWindow* window, QString directory, QObject* parent, int maxWaitMs)
    : QObject(parent), m_window(window), m_directory(std::move(directory)), m_maxWaitMs(maxWaitMs)
{
}

void Tour::start()
{
    if (!QDir().mkpath(m_directory)) {
        Q_EMIT finished(false, tr("cannot create the folder %1").arg(m_directory));
        return;
    }
    if (m_window->width() < 1280 || m_window->height() < 800)
        m_window->resize(std::max(1280, m_window->width()), std::max(800, m_window->height()));
    m_window->show();
    m_page = 0;
    m_waitedMs = 0;
    m_window->showPage(m_page);
    QTimer::singleShot(kPollMs, this, &Tour::captureWhenIdle);
}

void Tour::captureWhenIdle()
{
    // Wait for the page's jobs (and the device probe) so the picture shows results.
    const bool settled = m_window->pageSettled(m_page) && !m_window->deviceText().contains(QStringLiteral("…"));
    if ((!settled || !m_window->pageHasResults(m_page)) && m_waitedMs < m_maxWaitMs) {
        m_waitedMs += kPollMs;
        QTimer::singleShot(kPollMs, this, &Tour::captureWhenIdle);
        return;
    }
    const auto pages = m_window->pageNames();
    const QString name = pages[m_page];
    const auto path = QDir(m_directory).filePath(QStringLiteral("%1-%2.png").arg(m_page + 1, 2, 10, QLatin1Char('0')).arg(name));
    if (!m_window->grab().save(path)) {
        Q_EMIT finished(false, tr("cannot write %1").arg(path));
        return;
    }
    m_saved << path;
    if (!m_window->pageHasResults(m_page))
        m_empty << name;
    if (++m_page < pages.size()) {
        m_waitedMs = 0;
        m_window->showPage(m_page);
        QTimer::singleShot(kPollMs, this, &Tour::captureWhenIdle);
        return;
    }
    if (!m_empty.isEmpty()) {
        Q_EMIT finished(false, tr("saved %1 page(s) to %2, but these show no results: %3")
                                   .arg(m_saved.size())
                                   .arg(m_directory, m_empty.join(QStringLiteral(", "))));
        return;
    }
    Q_EMIT finished(true, tr("saved %n page(s) to %1", nullptr, static_cast<int>(m_saved.size())).arg(m_directory));
}

} // namespace fscope::ui
