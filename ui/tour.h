#pragma once
// `fusionscope --tour DIR`: visits every page of the main window, waits until
// its engine jobs have finished and it shows results, and saves one PNG per page
// into DIR, then quits. A page that shows no results fails the tour.
// Used to look at what a person sees, also on the offscreen platform.
// GUI thread only.

#include <QObject>
#include <QString>
#include <QStringList>

namespace fscope::ui {

class MainWindow;

class Tour : public QObject {
    Q_OBJECT
public:
    // maxWaitMs: how long to wait for one page's results before giving up on it.
    Tour(MainWindow* window, QString directory, QObject* parent = nullptr, int maxWaitMs = 180000);
    // Starts the tour; finished() follows with the saved files (or an error).
    void start();
    const QStringList& savedFiles() const { return m_saved; }

Q_SIGNALS:
    void finished(bool ok, const QString& message);

private:
    void captureWhenIdle();

    MainWindow* m_window;
    QString m_directory;
    QStringList m_saved;
    QStringList m_empty; // pages captured without results
    int m_page = 0;
    int m_waitedMs = 0;
    int m_maxWaitMs;
};

} // namespace fscope::ui
