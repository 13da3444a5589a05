#pragma once
// How things reach the library from outside the docks: files, folders and
// manifests named or dropped, the clipboard (files, a picture, lines of text),
// and text spoken by espeak-ng. Problems are reported, never fatal: what could
// be loaded stays.
//
//   auto* intake = new LibraryIntake(library, bridge, speechDir, window);
//   connect(intake, &LibraryIntake::problems, window, &MainWindow::showProblems);
//   intake->importPaths({"/photos", "/data/pairs.jsonl"});
//
// GUI thread only.

#include <QObject>
#include <QString>
#include <QStringList>

namespace fscope::ui {

class EngineBridge;
class LibraryModel;

class LibraryIntake : public QObject {
    Q_OBJECT
public:
    // speechDir: where spoken texts are written; pasted pictures go beside it.
    LibraryIntake(LibraryModel* library, EngineBridge* bridge, QString speechDir, QObject* parent = nullptr);

    // Adds files, folders or manifests; returns how many items were added.
    int importPaths(const QStringList& paths);
    // The clipboard's files, picture or lines of text.
    void paste();
    // Synthesises `text` in `voice` (on the engine thread) and adds it with its speech.
    void speak(const QString& text, const QString& voice);

Q_SIGNALS:
    void problems(const QString& title, const QStringList& problems);
    void message(const QString& text);

private:
    LibraryModel* m_library;
    EngineBridge* m_bridge;
    QString m_speechDir;
};

} // namespace fscope::ui
