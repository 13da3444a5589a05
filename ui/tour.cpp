#include "ui/tour.h"

#include "ui/engine_bridge.h"
#include "ui/main_window.h"

#include <QDir>
#include <QPixmap>
#include <QTimer>

namespace fscope::ui {

namespace {
constexpr int kPollMs = 50;
constexpr int kMaxWaitMs = 120000;  // a page whose jobs take longer is captured as it is
} // namespace

Tour::Tour(MainWindow* window, QString directory, QObject* parent)
    : QObject(parent), m_window(window), m_directory(std::move(directory))
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
    QTimer::singleShot(kPollMs, this, &Tour::captureWhenIdle);
}

void Tour::captureWhenIdle()
{
    // Wait for the page's jobs (and the device probe) so the picture shows results.
    const bool busy = m_window->bridge()->pendingJobs() > 0 || m_window->deviceText().contains(QStringLiteral("…"));
    if (busy && m_waitedMs < kMaxWaitMs) {
        m_waitedMs += kPollMs;
        QTimer::singleShot(kPollMs, this, &Tour::captureWhenIdle);
        return;
    }
    const auto pages = m_window->pageNames();
    for (int i = 0; i < pages.size(); ++i) {
        m_window->showPage(i);
        const auto path = QDir(m_directory).filePath(QStringLiteral("%1-%2.png").arg(i + 1, 2, 10, QLatin1Char('0')).arg(pages[i]));
        if (!m_window->grab().save(path)) {
            Q_EMIT finished(false, tr("cannot write %1").arg(path));
            return;
        }
        m_saved << path;
    }
    Q_EMIT finished(true, tr("saved %n page(s) to %1", nullptr, static_cast<int>(m_saved.size())).arg(m_directory));
}

} // namespace fscope::ui
