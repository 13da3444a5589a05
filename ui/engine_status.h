#pragma once
// The status bar's view of the engine: the running job's name or the last
// message, its progress bar and Cancel button, the compute device (with the
// rate measured at start-up in its tooltip) and the thread counts. It follows
// the engine bridge's signals by itself.
//
//   auto* status = new EngineStatus(bridge, window->statusBar(), window);
//   status->showMessage(tr("Opening %1…").arg(name));
//   status->jobRunning();
//
// GUI thread only.

#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;
class QWidget;

namespace fscope::ui {

class EngineBridge;

class EngineStatus : public QObject {
    Q_OBJECT
public:
    // Adds its widgets to `bar`; `dialogParent` parents the device-failure notice.
    EngineStatus(EngineBridge* bridge, QStatusBar* bar, QWidget* dialogParent);

    void showMessage(const QString& message);
    // The device is being resolved again (a new preference); the bridge reports when done.
    void deviceChecking();
    QString deviceText() const;
    QString threadText() const;
    bool jobRunning() const { return m_currentJob != 0; }

private:
    void onJobStarted(quint64 id, const QString& name);
    void onJobProgress(quint64 id, double fraction, const QString& message);
    void onJobFinished(quint64 id, const QString& name, int status, const QString& error);

    EngineBridge* m_bridge;
    QLabel* m_deviceLabel;
    QLabel* m_threadLabel;
    QLabel* m_jobLabel;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    quint64 m_currentJob = 0;
};

} // namespace fscope::ui
