#pragma once
// The main window: menus, the welcome page, and a status bar with the compute
// device, the LibTorch thread count, the running job's progress and a Cancel
// button. GUI thread only.

#include <QMainWindow>

class QLabel;
class QStackedWidget;
class QMenu;
class QProgressBar;
class QToolButton;

namespace fscope::ui {

class EngineBridge;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(EngineBridge* bridge, QWidget* parent = nullptr);

    EngineBridge* bridge() const { return m_bridge; }
    QString deviceText() const;
    QString threadText() const;
    bool jobRunning() const;
    // The pages of the central area, by stable untranslated id ("welcome", ...).
    QStringList pageNames() const;
    void showPage(int index);

private:
    void buildMenus();
    void buildDeviceMenu(QMenu* parent);
    void buildStatusBar();
    void onJobStarted(quint64 id, const QString& name);
    void onJobProgress(quint64 id, double fraction, const QString& message);
    void onJobFinished(quint64 id, const QString& name, int status, const QString& error);
    void showAbout();

    EngineBridge* m_bridge;
    QStackedWidget* m_pages;
    QStringList m_pageNames;
    QLabel* m_deviceLabel;
    QLabel* m_threadLabel;
    QLabel* m_jobLabel;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    quint64 m_currentJob = 0;
};

} // namespace fscope::ui
