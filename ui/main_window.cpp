#include "ui/main_window.h"

#include "ui/app_settings.h"
#include "ui/attention_page.h"
#include "ui/embedding_map_page.h"
#include "ui/engine_bridge.h"
#include "ui/engine_status.h"
#include "ui/evaluation_page.h"
#include "ui/fusion_lab_page.h"
#include "ui/inspector_dock.h"
#include "ui/library_dock.h"
#include "ui/library_intake.h"
#include "ui/library_model.h"
#include "ui/model_host.h"
#include "ui/model_toolbar.h"
#include "ui/retrieval_page.h"
#include "ui/settings_dialog.h"
#include "ui/shapes_vqa_panel.h"
#include "ui/similarity_page.h"
#include "ui/speech.h"
#include "ui/vqa_page.h"
#include "ui/welcome_page.h"
#include "ui/workspace_controller.h"

#include "api/runtime.h"

#include <QActionGroup>
#include <QGuiApplication>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

namespace fscope::ui {

MainWindow::MainWindow(EngineBridge* bridge, MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent), m_bridge(bridge), m_options(std::move(options)), m_library(new LibraryModel(this)),
      m_models(new ModelHost(bridge, m_options.resourceDir, m_options.cacheDir, this)),
      m_workspace(new WorkspaceController(m_library, m_models, m_options.recoveryPath, this)),
      m_libraryDock(new LibraryDock(m_library, this)), m_inspector(new InspectorDock(m_library, bridge, this)), m_navigation(new QListWidget(this)),
      m_pages(new QStackedWidget(this))
{
    setAcceptDrops(true);
    if (m_options.speechDir.isEmpty())
        m_options.speechDir = QDir(QDir::tempPath()).filePath(QStringLiteral("fusionscope-speech"));
    m_intake = new LibraryIntake(m_library, m_bridge, m_options.speechDir, this);
    buildPages();
    addDockWidget(Qt::LeftDockWidgetArea, m_libraryDock);
    addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    resizeDocks({m_libraryDock, m_inspector}, {230, 230}, Qt::Horizontal);
    connect(m_libraryDock, &LibraryDock::currentItemChanged, m_inspector, &InspectorDock::showItem);
    connect(m_inspector, &InspectorDock::pairedItemActivated, m_inspector, &InspectorDock::showItem);
    buildMenus();
    buildToolBar();
    buildStatusBar();
    resize(1280, 800);

    connect(m_models, &ModelHost::modelReady, this, [this](const QString& model) {
        m_toolBar->refresh();
        for (int i = 0; i < m_pages->count(); ++i)
            if (auto* page = qobject_cast<AnalysisPage*>(m_pages->widget(i)))
                page->markStale();
    });
    connect(m_models, &ModelHost::modelFailed, this, [this](const QString& model, const QString& error) {
        m_toolBar->refresh(); // back to the model in use
        showProblems(tr("Cannot open %1").arg(model), {error});
    });
    connect(m_library, &LibraryModel::libraryChanged, this, [this] {
        for (int i = 0; i < m_pages->count(); ++i)
            if (auto* page = qobject_cast<AnalysisPage*>(m_pages->widget(i)))
                page->markStale();
    });

    m_workspace->setPageAccessors([this] { return currentPageName(); }, [this](const QString& id) { showPage(id); });
    connect(m_workspace, &WorkspaceController::stateChanged, this, &MainWindow::updateTitle);
    connect(m_workspace, &WorkspaceController::failed, this,
            [this](const QString& error) { showProblems(tr("Workspace"), {error}); });
    connect(m_workspace, &WorkspaceController::message, m_status, &EngineStatus::showMessage);
    connect(m_intake, &LibraryIntake::message, m_status, &EngineStatus::showMessage);
    connect(m_intake, &LibraryIntake::problems, this, &MainWindow::showProblems);
    updateTitle();

    m_bridge->probeDevice();
    if (openNamedFiles())
        return;
    if (m_options.restoreSession && m_workspace->restoreRecovery()) {
        if (m_models->modelName().isEmpty() && !m_models->opening() && !m_options.model.isEmpty())
            openModel(m_options.model);
        return;
    }
    const QString samples = QDir(m_options.resourceDir).filePath(QStringLiteral("samples/emoji/manifest.jsonl"));
    if (m_options.openSamples && !m_options.resourceDir.isEmpty() && QFileInfo::exists(samples))
        importPaths({samples});
    if (!m_options.model.isEmpty())
        openModel(m_options.model);
    // Something in the inspector from the start: the first item.
    if (m_library->rowCount() > 0)
        m_libraryDock->view()->setCurrentIndex(m_libraryDock->view()->model()->index(0, 0));
    // What first launch loads is where an untitled workspace starts, not a change.
    m_workspace->newWorkspaceKeepingItems(m_options.model);
}

bool MainWindow::openNamedFiles()
{
    QStringList workspaces;
    QStringList others;
    for (const QString& path : m_options.openPaths)
        (path.endsWith(QLatin1String(".fsw"), Qt::CaseInsensitive) ? workspaces : others) << path;
    if (workspaces.size() > 1)
        showProblems(tr("Workspace"), {tr("Only one workspace opens at a time; opened %1").arg(workspaces.front())});
    const bool opened = !workspaces.isEmpty() && m_workspace->open(workspaces.front());
    if (opened && m_models->modelName().isEmpty() && !m_models->opening() && !m_options.model.isEmpty())
        openModel(m_options.model);
    if (others.isEmpty())
        return opened;
    if (!opened) {
        // Files without a workspace: an untitled workspace with the default model.
        if (!m_options.model.isEmpty())
            openModel(m_options.model);
        m_workspace->newWorkspaceKeepingItems(m_options.model);
    }
    importPaths(others);
    return true;
}

void MainWindow::addPage(QWidget* page, const QString& id, const QString& title)
{
    page->setObjectName(id + QStringLiteral("Page"));
    m_pages->addWidget(page);
    m_pageNames << id;
    m_navigation->addItem(title);
}

void MainWindow::buildPages()
{
    PageContext context{m_bridge, m_models, m_library, [this] { return m_libraryDock->selectedIds(); },
                        m_options.speechDir};
    auto* retrieval = new RetrievalPage(context, m_pages);
    auto* similarity = new SimilarityPage(context, m_pages);
    m_attention = new AttentionPage(context, m_pages);
    auto* embeddingMap = new EmbeddingMapPage(context, m_pages);
    auto* vqa = new VqaPage(context, m_pages);
    auto* evaluation = new EvaluationPage(context, m_pages);
    auto* lab = new FusionLabPage(context, m_options.resourceDir,
                                  QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
                                      .filePath(QStringLiteral("lab")),
                                  m_pages);
    addPage(new WelcomePage(m_pages), QStringLiteral("welcome"), tr("Welcome"));
    for (AnalysisPage* page : {static_cast<AnalysisPage*>(retrieval), static_cast<AnalysisPage*>(similarity),
                               static_cast<AnalysisPage*>(m_attention), static_cast<AnalysisPage*>(vqa),
                               static_cast<AnalysisPage*>(embeddingMap), static_cast<AnalysisPage*>(evaluation),
                               static_cast<AnalysisPage*>(lab)}) {
        addPage(page, page->pageId(), page->title());
        connect(page, &AnalysisPage::explainRequested, this,
                [this](const api::ExplorerItem& query, const QString& image, const QString& label) {
                    showPage(QStringLiteral("attention"));
                    m_attention->explain(query, image, label);
                });
    }
    connect(embeddingMap, &EmbeddingMapPage::compareRequested, this, [this, similarity](const std::vector<int>& ids) {
        showPage(QStringLiteral("similarity"));
        similarity->compareItems(ids);
    });
    connect(evaluation, &EvaluationPage::compareRequested, this, [this, similarity](const std::vector<int>& ids) {
        showPage(QStringLiteral("similarity"));
        similarity->compareItems(ids);
    });
    connect(evaluation, &EvaluationPage::questionRequested, this, [this, vqa](const QString& image, const QString& question) {
        showPage(QStringLiteral("vqa"));
        vqa->askShapes(image, question);
    });
    connect(evaluation, &EvaluationPage::rankingRequested, this, [this, retrieval](int id, api::ItemKind target) {
        showPage(QStringLiteral("retrieval"));
        retrieval->setTarget(target);
        retrieval->searchItem(id);
    });
    connect(m_libraryDock, &LibraryDock::itemActivated, this, [this, retrieval](int id) {
        showPage(QStringLiteral("retrieval"));
        retrieval->searchItem(id);
    });

    m_navigation->setObjectName(QStringLiteral("pageNavigation"));
    m_navigation->setFixedWidth(140);
    m_navigation->setCurrentRow(0);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
}

void MainWindow::buildWorkspaceMenu(QMenu* file)
{
    auto* newWorkspace = file->addAction(tr("&New workspace"), m_workspace, &WorkspaceController::newWorkspace);
    newWorkspace->setShortcut(QKeySequence::New);
    auto* open = file->addAction(tr("&Open workspace…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a workspace"), {},
                                                          tr("FusionScope workspaces (*.fsw);;All files (*)"));
        if (!path.isEmpty())
            m_workspace->open(path);
    });
    open->setShortcut(QKeySequence::Open);
    auto* recent = file->addMenu(tr("Open &recent"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] {
        recent->clear();
        for (const auto& path : WorkspaceController::recentWorkspaces())
            recent->addAction(path, this, [this, path] { m_workspace->open(path); });
        if (recent->isEmpty())
            recent->addAction(tr("(none)"))->setEnabled(false);
    });
    auto saveAs = [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the workspace"), QStringLiteral("workspace.fsw"),
                                                          tr("FusionScope workspaces (*.fsw)"));
        if (!path.isEmpty())
            m_workspace->saveAs(path.endsWith(QLatin1String(".fsw")) ? path : path + QStringLiteral(".fsw"));
    };
    auto* save = file->addAction(tr("&Save"), this, [this, saveAs] {
        if (!m_workspace->save())
            saveAs();
    });
    save->setShortcut(QKeySequence::Save);
    auto* saveAsAction = file->addAction(tr("Save &as…"), this, saveAs);
    saveAsAction->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — FusionScope").arg(m_workspace->displayName()));
    setWindowModified(m_workspace->isModified());
}

QString MainWindow::currentPageName() const
{
    return m_pageNames.value(m_pages->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_workspace->saveOnQuit();
    QMainWindow::closeEvent(event);
}

void MainWindow::buildMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    buildWorkspaceMenu(file);
    auto* openFiles = file->addAction(tr("&Add files…"), this, [this] {
        const auto paths = QFileDialog::getOpenFileNames(
            this, tr("Open images, audio, texts or manifests"), {},
            tr("Supported files (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.wav *.flac *.ogg *.mp3 *.txt *.jsonl *.csv *.json);;All files (*)"));
        importPaths(paths);
    });
    openFiles->setShortcut(QKeySequence(tr("Ctrl+I")));
    openFiles->setObjectName(QStringLiteral("openFiles"));
    auto* openFolder = file->addAction(tr("Add &folder…"), this, [this] {
        const auto folder = QFileDialog::getExistingDirectory(this, tr("Open a folder of images, audio and texts"));
        if (!folder.isEmpty())
            importPaths({folder});
    });
    openFolder->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    auto* addText = file->addAction(tr("Add &text…"), this, [this] {
        bool ok = false;
        const QString text = QInputDialog::getMultiLineText(this, tr("Add text"), tr("One caption per line:"), {}, &ok);
        if (!ok)
            return;
        for (const auto& line : text.split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty())
                m_library->addText(line.trimmed());
    });
    addText->setShortcut(QKeySequence(tr("Ctrl+T")));
    auto* speak = file->addAction(tr("S&peak text…"), this, [this] {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Speak text"), tr("Text to say (English or Chinese):"),
                                                   QLineEdit::Normal, {}, &ok);
        if (!ok || text.trimmed().isEmpty())
            return;
        const QString voice = QInputDialog::getItem(this, tr("Speak text"), tr("Voice:"), speechVoices(),
                                                    text.contains(QRegularExpression(QStringLiteral("\\p{Han}"))) ? 4 : 0,
                                                    false, &ok);
        if (ok)
            speakIntoLibrary(text.trimmed(), voice);
    });
    speak->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    m_libraryDock->addImportActions({openFiles, openFolder, addText, speak});
    file->addSeparator();
    auto* settings = file->addAction(tr("Se&ttings…"), this, &MainWindow::showSettings);
    settings->setShortcut(QKeySequence(tr("Ctrl+,")));
    settings->setObjectName(QStringLiteral("openSettings"));
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    auto* edit = menuBar()->addMenu(tr("&Edit"));
    auto* paste = edit->addAction(tr("&Paste into the library"), this, &MainWindow::pasteIntoLibrary);
    paste->setShortcut(QKeySequence::Paste);
    paste->setObjectName(QStringLiteral("pasteIntoLibrary"));
    auto* find = edit->addAction(tr("&Find in the library"), this, [this] {
        m_libraryDock->show();
        m_libraryDock->focusSearch();
    });
    find->setShortcut(QKeySequence::Find);

    auto* model = menuBar()->addMenu(tr("&Model"));
    model->addAction(tr("Open &CLIP checkpoint…"), this, &MainWindow::chooseCheckpoint);
    buildDeviceMenu(menuBar()->addMenu(tr("&Engine")));
    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_libraryDock->toggleViewAction());
    view->addAction(m_inspector->toggleViewAction());
    view->addSeparator();
    for (int i = 0; i < m_pageNames.size(); ++i) {
        auto* go = view->addAction(m_navigation->item(i)->text(), this, [this, i] { showPage(i); });
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About FusionScope"), this, &MainWindow::showAbout);
}

void MainWindow::buildToolBar()
{
    m_toolBar = new ModelToolBar(m_models, !m_options.resourceDir.isEmpty(), this);
    addToolBar(m_toolBar);
    connect(m_toolBar, &ModelToolBar::openRequested, this, &MainWindow::openModel);
    connect(m_toolBar, &ModelToolBar::checkpointRequested, this, &MainWindow::chooseCheckpoint);
    connect(m_toolBar, &ModelToolBar::answeringRequested, this, [this](const QString& strategy) {
        showPage(QStringLiteral("vqa"));
        if (auto* vqa = qobject_cast<VqaPage*>(analysisPage(QStringLiteral("vqa")))) {
            vqa->setMode(VqaPage::Mode::Shapes);
            vqa->shapesPanel()->setDetailStrategy(strategy);
        }
    });
}

QString MainWindow::strategyText() const
{
    return m_toolBar->strategyText();
}

void MainWindow::chooseCheckpoint()
{
    // OpenAI .pt files, or a Hugging Face folder (pick any file inside it).
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a CLIP checkpoint (an OpenAI .pt file, or any file of a Hugging Face CLIP folder)"), {},
        tr("CLIP checkpoints (*.pt *.safetensors *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    openModel(info.suffix() == QLatin1String("pt") ? info.absoluteFilePath() : info.absolutePath());
}

void MainWindow::openModel(const QString& model)
{
    if (!api::ModelCatalog::isBuiltinName(model.toStdString()))
        rememberModel(model);
    m_status->showMessage(tr("Opening %1…").arg(QFileInfo(model).fileName()));
    m_models->open(model);
}

void MainWindow::pasteIntoLibrary()
{
    m_intake->paste();
}

void MainWindow::speakIntoLibrary(const QString& text, const QString& voice)
{
    m_intake->speak(text, voice);
}

int MainWindow::importPaths(const QStringList& paths)
{
    return m_intake->importPaths(paths);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const auto& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty()) {
        importPaths(paths);
        event->acceptProposedAction();
    }
}

void MainWindow::showProblems(const QString& title, const QStringList& problems)
{
    m_status->showMessage(title + QStringLiteral(": ") + problems.front());
    // Not modal-blocking: what was loaded stays, the app goes on.
    auto* box = new QMessageBox(QMessageBox::Warning, title, problems.mid(0, 12).join(QLatin1Char('\n')), QMessageBox::Ok, this);
    if (problems.size() > 12)
        box->setInformativeText(tr("and %n more", nullptr, int(problems.size() - 12)));
    box->setObjectName(QStringLiteral("problemBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::buildDeviceMenu(QMenu* parent)
{
    auto* menu = parent->addMenu(tr("Compute &device"));
    auto* group = new QActionGroup(this);
    const std::pair<runtime::DevicePreference, QString> choices[] = {
        {runtime::DevicePreference::Auto, tr("&Automatic (CUDA when available)")},
        {runtime::DevicePreference::Cpu, tr("&CPU")},
        {runtime::DevicePreference::Cuda, tr("C&UDA GPU")},
    };
    for (const auto& [preference, label] : choices) {
        auto* action = menu->addAction(label);
        action->setCheckable(true);
        action->setChecked(m_bridge->settings().device == preference);
        action->setObjectName(QStringLiteral("device-") + QString::fromStdString(runtime::devicePreferenceName(preference)));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, preference = preference] {
            auto settings = loadAppSettings();
            settings.device = preference;
            saveAppSettings(settings);
            m_status->deviceChecking();
            m_bridge->setDevicePreference(preference);
        });
    }
}

void MainWindow::buildStatusBar()
{
    m_status = new EngineStatus(m_bridge, statusBar(), this);
}

QString MainWindow::deviceText() const
{
    return m_status->deviceText();
}

QString MainWindow::threadText() const
{
    return m_status->threadText();
}

QStringList MainWindow::pageNames() const
{
    return m_pageNames;
}

void MainWindow::showPage(int index)
{
    m_navigation->setCurrentRow(index);
}

void MainWindow::showPage(const QString& id)
{
    if (const int index = m_pageNames.indexOf(id); index >= 0)
        showPage(index);
}

AnalysisPage* MainWindow::analysisPage(const QString& id) const
{
    const int index = m_pageNames.indexOf(id);
    return index >= 0 ? qobject_cast<AnalysisPage*>(m_pages->widget(index)) : nullptr;
}

bool MainWindow::pageSettled(int index) const
{
    if (m_models->opening() || m_bridge->pendingJobs() > 0)
        return false;
    const auto* page = qobject_cast<AnalysisPage*>(m_pages->widget(index));
    return !page || !page->busy();
}

bool MainWindow::pageHasResults(int index) const
{
    const auto* page = qobject_cast<AnalysisPage*>(m_pages->widget(index));
    return !page || page->hasResults();
}

bool MainWindow::jobRunning() const
{
    return m_status->jobRunning();
}

void MainWindow::showSettings()
{
    auto* dialog = new SettingsDialog(loadAppSettings(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applySettings(dialog->settings()); });
    dialog->open();
}

void MainWindow::applySettings(const AppSettings& settings)
{
    const AppSettings before = loadAppSettings();
    saveAppSettings(settings);
    if (settings.device != before.device) {
        m_status->deviceChecking();
        m_bridge->setDevicePreference(settings.device);
        for (auto* action : findChildren<QAction*>())
            if (action->objectName() == QStringLiteral("device-") + QString::fromStdString(runtime::devicePreferenceName(settings.device)))
                action->setChecked(true);
    }
    if (settings.theme != before.theme)
        if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance()))
            applyTheme(*app, settings.theme);
    const QString cache = effectiveCacheDir(settings);
    trimFolder(cache, qint64(settings.cacheLimitMb) * 1024 * 1024);
    if (m_workspace->path().isEmpty()) // a saved workspace keeps its own cache folder
        m_models->setCacheDir(cache);
    m_workspace->setDefaultCacheDir(cache);
}

void MainWindow::showAbout()
{
    const auto versions = runtime::libraryVersions();
    QMessageBox::about(this, tr("About FusionScope"),
                       tr("<h3>FusionScope %1</h3><p>Explore how multimodal models fuse images, text and audio.</p>"
                          "<p>Qt %2 · LibTorch %3 · OpenCV %4 · libsndfile %5</p>")
                           .arg(QString::fromStdString(versions.fusionscope), QString::fromLatin1(qVersion()),
                                QString::fromStdString(versions.libtorch), QString::fromStdString(versions.opencv),
                                QString::fromStdString(versions.sndfile)));
}

} // namespace fscope::ui
