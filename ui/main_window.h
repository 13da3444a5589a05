#pragma once
// The main window: the library dock, a navigation list of pages (welcome,
// retrieval, similarity, attention, ...), the model toolbar (ui/model_toolbar.h),
// menus, drag and drop of files and folders (ui/library_intake.h brings them in),
// and the engine's status bar (ui/engine_status.h). GUI thread only.

#include <QMainWindow>

class QComboBox;
class QLabel;
class QListWidget;
class QStackedWidget;
class QMenu;
class QProgressBar;
class QToolButton;

namespace fscope::ui {

struct AppSettings;
class AnalysisPage;
class AttentionPage;
class EngineBridge;
class EngineStatus;
class ModelToolBar;
class InspectorDock;
class LibraryDock;
class LibraryIntake;
class LibraryModel;
class ModelHost;
class WorkspaceController;

struct MainWindowOptions {
    QString resourceDir;                             // models/ and samples/; "" for none
    QString cacheDir;                                // embedding cache; "" for none
    QString model;                                   // opened at start (the catalogue's default model); "" for none
    bool openSamples = true;                         // load resources/samples/emoji into the library
    QString recoveryPath;                            // autosave of untitled work; "" for none
    QString speechDir;                               // "Speak text" WAV files; "" for a temporary folder
    bool restoreSession = false;                     // reopen the recovery file when there is one
    // Files named on the command line: a workspace (.fsw) is opened instead of
    // the recovery file and the samples; anything else is added to the library.
    QStringList openPaths;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(EngineBridge* bridge, MainWindowOptions options = {}, QWidget* parent = nullptr);

    EngineBridge* bridge() const { return m_bridge; }
    LibraryModel* library() const { return m_library; }
    LibraryDock* libraryDock() const { return m_libraryDock; }
    InspectorDock* inspector() const { return m_inspector; }
    // Synthesises `text` in `voice` and adds it with its speech to the library.
    void speakIntoLibrary(const QString& text, const QString& voice);
    // The clipboard's files, picture or lines of text into the library.
    void pasteIntoLibrary();
    ModelHost* models() const { return m_models; }
    WorkspaceController* workspace() const { return m_workspace; }
    QString currentPageName() const;
    QString deviceText() const;
    QString threadText() const;
    bool jobRunning() const;
    // The pages of the central area, by stable untranslated id ("welcome", ...).
    QStringList pageNames() const;
    void showPage(int index);
    void showPage(const QString& id);
    AnalysisPage* analysisPage(const QString& id) const;
    // Nothing of the page is still computing (and the model has loaded).
    bool pageSettled(int index) const;
    // The page shows results (always true for pages without jobs).
    bool pageHasResults(int index) const;
    // Adds files, folders or manifests to the library; problems are shown, not fatal.
    int importPaths(const QStringList& paths);
    void openModel(const QString& model);
    // The fusion strategy of the model in use, as the toolbar shows it.
    QString strategyText() const;
    // Saves the settings and applies what can change while running (device,
    // theme, cache); threads and language apply at the next start.
    void applySettings(const AppSettings& settings);
    void showSettings();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildPages();
    // Opens MainWindowOptions::openPaths; true when they replace the usual start.
    bool openNamedFiles();
    void buildMenus();
    void buildWorkspaceMenu(QMenu* file);
    void updateTitle();
    void buildToolBar();
    void buildDeviceMenu(QMenu* parent);
    void buildStatusBar();
    void chooseCheckpoint();
    void addPage(QWidget* page, const QString& id, const QString& title);
    void showProblems(const QString& title, const QStringList& problems);
    void showAbout();

    EngineBridge* m_bridge;
    MainWindowOptions m_options;
    LibraryModel* m_library;
    ModelHost* m_models;
    WorkspaceController* m_workspace;
    LibraryDock* m_libraryDock;
    InspectorDock* m_inspector;
    QListWidget* m_navigation;
    QStackedWidget* m_pages;
    QStringList m_pageNames;
    AttentionPage* m_attention = nullptr;
    LibraryIntake* m_intake = nullptr;
    ModelToolBar* m_toolBar = nullptr;
    EngineStatus* m_status = nullptr;
};

} // namespace fscope::ui
