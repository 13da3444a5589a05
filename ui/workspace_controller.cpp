#include "ui/workspace_controller.h"

#include "ui/library_model.h"
#include "ui/model_host.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace fscope::ui {

namespace {
const QString kRecentKey = QStringLiteral("workspaces/recent");
constexpr int kRecent = 8;
constexpr int kAutosaveMs = 3 * 60 * 1000;
// The embeddings computed so far travel with the work into its own cache
// folder, so reopening the workspace recomputes nothing. Each file is one
// complete, atomically written cache; files already there are kept.
void copyCacheFiles(const QString& from, const QString& to)
{
    if (from.isEmpty() || from == to)
        return;
    const QDir source(from);
    for (const auto& name : source.entryList(QDir::Files))
        if (!name.endsWith(QLatin1String(".partial")) && !QFileInfo::exists(QDir(to).filePath(name)))
            QFile::copy(source.filePath(name), QDir(to).filePath(name));
}

} // namespace

WorkspaceController::WorkspaceController(LibraryModel* library, ModelHost* models, QString recoveryPath, QObject* parent)
    : QObject(parent), m_library(library), m_models(models), m_recoveryPath(std::move(recoveryPath))
{
    m_defaultCacheDir = models->cacheDir();
    connect(library, &LibraryModel::libraryChanged, this, &WorkspaceController::markModified);
    connect(models, &ModelHost::modelReady, this, [this](const QString& model) {
        if (model != m_savedModel)
            markModified();
    });
    m_autosave.setInterval(kAutosaveMs);
    connect(&m_autosave, &QTimer::timeout, this, [this] {
        if (m_modified)
            autosave();
    });
    m_autosave.start();
}

void WorkspaceController::setPageAccessors(std::function<QString()> currentPage,
                                           std::function<void(const QString&)> showPage)
{
    m_currentPage = std::move(currentPage);
    m_showPage = std::move(showPage);
}

void WorkspaceController::setAutosaveInterval(int milliseconds)
{
    m_autosave.start(milliseconds);
}

QString WorkspaceController::displayName() const
{
    return m_path.isEmpty() ? tr("Untitled") : QFileInfo(m_path).fileName();
}

void WorkspaceController::markModified()
{
    if (m_applying || m_modified)
        return;
    m_modified = true;
    Q_EMIT stateChanged();
}

WorkspaceState WorkspaceController::currentState() const
{
    WorkspaceState state;
    state.model = m_models->modelName();
    state.page = m_currentPage ? m_currentPage() : QString();
    state.items = m_library->items();
    return state;
}

bool WorkspaceController::apply(const WorkspaceState& state)
{
    m_applying = true;
    m_library->setItems(state.items);
    if (!state.model.isEmpty() && state.model != m_models->modelName())
        m_models->open(state.model);
    if (m_showPage && !state.page.isEmpty())
        m_showPage(state.page);
    m_applying = false;
    return true;
}

void WorkspaceController::newWorkspace()
{
    m_applying = true;
    m_library->clear();
    m_applying = false;
    m_path.clear();
    m_modified = false;
    m_models->setCacheDir(m_defaultCacheDir);
    Q_EMIT stateChanged();
}

void WorkspaceController::newWorkspaceKeepingItems(const QString& model)
{
    m_savedModel = model;
    m_path.clear();
    m_modified = false;
    Q_EMIT stateChanged();
}

bool WorkspaceController::open(const QString& path)
{
    QString error;
    const auto state = loadWorkspace(path, &error);
    if (!state) {
        Q_EMIT failed(error);
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_models->setCacheDir(workspaceCacheDir(m_path));
    m_savedModel = state->model;
    apply(*state);
    m_modified = false;
    remember(m_path);
    Q_EMIT stateChanged();
    Q_EMIT message(tr("Opened %1: %n item(s)", nullptr, int(state->items.size())).arg(displayName()));
    // Items whose files are gone stay in the workspace (a drive may be unplugged)
    // but are named, so nothing is lost silently.
    QStringList missing;
    for (const auto& item : state->items)
        if (item.kind != api::ItemKind::Text && !QFileInfo::exists(item.content))
            missing << tr("%1: no such file (kept in the workspace)").arg(item.content);
    if (!missing.isEmpty())
        Q_EMIT failed(tr("%1: %n file(s) it lists are missing", nullptr, int(missing.size())).arg(m_path)
                      + QLatin1Char('\n') + missing.mid(0, 10).join(QLatin1Char('\n')));
    return true;
}

bool WorkspaceController::save()
{
    return !m_path.isEmpty() && saveAs(m_path);
}

bool WorkspaceController::saveAs(const QString& path)
{
    QString error;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const auto state = currentState();
    if (!saveWorkspace(absolute, state, &error)) {
        Q_EMIT failed(error);
        return false;
    }
    m_savedModel = state.model;
    if (absolute != m_path) {
        m_path = absolute;
        const QString cache = workspaceCacheDir(m_path);
        copyCacheFiles(m_models->cacheDir(), cache);
        m_models->setCacheDir(cache);
    }
    m_modified = false;
    QFile::remove(m_recoveryPath); // the work is safe in its own file
    remember(m_path);
    Q_EMIT stateChanged();
    Q_EMIT message(tr("Saved %1").arg(displayName()));
    return true;
}

bool WorkspaceController::autosave()
{
    if (!m_path.isEmpty())
        return save();
    if (m_recoveryPath.isEmpty())
        return false;
    QDir().mkpath(QFileInfo(m_recoveryPath).absolutePath());
    QString error;
    if (!saveWorkspace(m_recoveryPath, currentState(), &error)) {
        Q_EMIT failed(error);
        return false;
    }
    return true;
}

void WorkspaceController::saveOnQuit()
{
    if (m_modified)
        autosave();
}

bool WorkspaceController::restoreRecovery()
{
    if (m_recoveryPath.isEmpty() || !QFileInfo::exists(m_recoveryPath))
        return false;
    QString error;
    const auto state = loadWorkspace(m_recoveryPath, &error);
    if (!state) {
        Q_EMIT failed(error);
        return false;
    }
    apply(*state);
    m_modified = true; // untitled until saved
    Q_EMIT stateChanged();
    Q_EMIT message(tr("Restored the last session: %n item(s)", nullptr, int(state->items.size())));
    return true;
}

void WorkspaceController::remember(const QString& path)
{
    auto recent = recentWorkspaces();
    recent.removeAll(path);
    recent.prepend(path);
    QSettings().setValue(kRecentKey, recent.mid(0, kRecent));
}

QStringList WorkspaceController::recentWorkspaces()
{
    return QSettings().value(kRecentKey).toStringList().mid(0, kRecent);
}

} // namespace fscope::ui
