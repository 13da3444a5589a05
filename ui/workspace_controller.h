#pragma once
// The life of the open workspace: New, Open, Save, Save As, the recent list,
// the changed-since-saved mark, autosave every few minutes and on quit, and
// the recovery file that brings the last session back after a crash (or after
// quitting with an untitled workspace).
//
//   WorkspaceController workspace(library, models, recoveryPath);
//   workspace.setPageAccessors(currentPage, showPage);
//   workspace.saveAs("/home/me/apples.fsw");
//
// Errors come as failed(message) with the file named; nothing loaded is lost
// (a workspace that cannot be read leaves the current one as it was).
// GUI thread only.

#include "ui/workspace.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace fscope::ui {

class LibraryModel;
class ModelHost;

class WorkspaceController : public QObject {
    Q_OBJECT
public:
    WorkspaceController(LibraryModel* library, ModelHost* models, QString recoveryPath, QObject* parent = nullptr);

    void setPageAccessors(std::function<QString()> currentPage, std::function<void(const QString&)> showPage);
    void setDefaultCacheDir(const QString& cacheDir) { m_defaultCacheDir = cacheDir; }
    void setAutosaveInterval(int milliseconds);

    const QString& path() const { return m_path; }
    bool isModified() const { return m_modified; }
    QString displayName() const; // the file's name, or "Untitled"

    void newWorkspace();
    // An untitled workspace holding what the library has now (the first launch's samples).
    void newWorkspaceKeepingItems(const QString& model);
    bool open(const QString& path);
    bool save(); // to path(); false when untitled (use saveAs)
    bool saveAs(const QString& path);
    // Autosave: the file when it has one, else the recovery file.
    bool autosave();
    // On quit: saves what changed (autosave) and removes the recovery file
    // when the work is safe in its own file.
    void saveOnQuit();
    // Reopens the recovery file of the last session, if there is one.
    bool restoreRecovery();

    static QStringList recentWorkspaces();

Q_SIGNALS:
    void stateChanged(); // path or modified mark
    void failed(const QString& message);
    void message(const QString& text);

private:
    void markModified();
    WorkspaceState currentState() const;
    bool apply(const WorkspaceState& state);
    void remember(const QString& path);

    LibraryModel* m_library;
    ModelHost* m_models;
    QString m_recoveryPath;
    QString m_defaultCacheDir;
    QString m_path;
    QString m_savedModel; // the model the file names: opening another one is a change
    bool m_modified = false;
    bool m_applying = false;
    QTimer m_autosave;
    std::function<QString()> m_currentPage;
    std::function<void(const QString&)> m_showPage;
};

} // namespace fscope::ui
