#pragma once
// `fusionscope --tour DIR`: visits every page of the main window once its
// engine jobs have finished and saves one PNG per page into DIR, then quits.
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
    Tour(MainWindow* window, QString directory, QObject* parent = nullptr);
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
    int m_waitedMs = 0;
};

} // namespace fscope::ui
