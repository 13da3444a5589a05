// Workspaces: the file round trip (relative paths, every field), clear errors
// that leave the open workspace alone, atomic writes, the modified mark,
// autosave and the recovery file, and reopening without recomputing embeddings.

#include "ui/engine_bridge.h"
#include "ui/library_model.h"
#include "ui/main_window.h"
#include "ui/model_host.h"
#include "ui/similarity_page.h"
#include "ui/workspace.h"
#include "ui/workspace_controller.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace fscope;

namespace {

QString sampleManifest()
{
    return QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES "/samples/emoji/manifest.jsonl");
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void roundTripKeepsEveryItemAndPairing();
    void badFilesAreNamedAndTheOpenWorkspaceStays();
    void modifiedMarkAutosaveAndRecovery();
    void reopeningDoesNotRecomputeEmbeddings();
    void filesNamedAtStartAreOpened();
};

void TestWorkspace::roundTripKeepsEveryItemAndPairing()
{
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("pictures")));
    const QString local = dir.filePath(QStringLiteral("pictures/a.png"));
    QImage(4, 4, QImage::Format_RGB32).save(local);
    ui::LibraryModel library;
    QStringList errors;
    library.importPath(sampleManifest(), &errors);
    library.importPath(local, &errors);
    library.addText(QStringLiteral("a caption with \"quotes\" and 中文"));
    QVERIFY(errors.isEmpty());

    const QString path = dir.filePath(QStringLiteral("w.fsw"));
    QString error;
    QVERIFY2(ui::saveWorkspace(path, {QStringLiteral("builtin:mini"), QStringLiteral("similarity"), library.items()}, &error),
             qPrintable(error));
    QVERIFY(!QFile::exists(path + QStringLiteral(".partial")));
    QVERIFY(QDir(ui::workspaceCacheDir(path)).exists());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("\"format\": \"fusionscope-workspace\""));
    QVERIFY(text.contains("\"content\": \"pictures/a.png\"")); // inside the workspace's folder: relative

    const auto loaded = ui::loadWorkspace(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->model, QStringLiteral("builtin:mini"));
    QCOMPARE(loaded->page, QStringLiteral("similarity"));
    QCOMPARE(loaded->items.size(), library.items().size());
    for (size_t i = 0; i < loaded->items.size(); ++i) {
        const auto& a = library.items()[i];
        const auto& b = loaded->items[i];
        QCOMPARE(b.kind, a.kind);
        QCOMPARE(b.content, a.kind == api::ItemKind::Text ? a.content : QFileInfo(a.content).absoluteFilePath());
        QCOMPARE(b.label, a.label);
        QCOMPARE(b.group, a.group);
        QCOMPARE(b.language, a.language);
    }
    // Pairings survive, and new imports do not join the loaded groups.
    ui::LibraryModel reopened;
    reopened.setItems(loaded->items);
    QCOMPARE(reopened.pairedWith(reopened.items().front().id).size(), 3u);
    const QString manifest = dir.filePath(QStringLiteral("one.jsonl"));
    writeFile(manifest, "{\"image\": \"pictures/a.png\", \"text\": \"new\"}\n");
    QCOMPARE(reopened.importPath(manifest, &errors), 2);
    QCOMPARE(reopened.pairedWith(reopened.items().back().id).size(), 1u);
}

void TestWorkspace::badFilesAreNamedAndTheOpenWorkspaceStays()
{
    QTemporaryDir dir;
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::LibraryModel library;
    ui::ModelHost models(&bridge, {}, {});
    ui::WorkspaceController workspace(&library, &models, {});
    QStringList errors;
    library.importPath(sampleManifest(), &errors);
    const int before = library.rowCount();
    QSignalSpy failed(&workspace, &ui::WorkspaceController::failed);

    const std::pair<const char*, QByteArray> cases[] = {
        {"garbage.fsw", "{not json"},
        {"other.fsw", "{\"format\": \"something-else\", \"items\": []}"},
        {"future.fsw", "{\"format\": \"fusionscope-workspace\", \"version\": 99, \"items\": []}"},
        {"kind.fsw", "{\"format\": \"fusionscope-workspace\", \"version\": 1, \"items\": [{\"kind\": \"video\", \"content\": \"x\"}]}"},
    };
    for (const auto& [name, bytes] : cases) {
        const QString path = dir.filePath(QLatin1String(name));
        writeFile(path, bytes);
        QVERIFY(!workspace.open(path));
        QVERIFY2(failed.last().at(0).toString().contains(path), qPrintable(failed.last().at(0).toString()));
    }
    QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("image, text or audio")));
    QVERIFY(!workspace.open(dir.filePath(QStringLiteral("missing.fsw"))));
    QCOMPARE(library.rowCount(), before);
    QVERIFY(workspace.path().isEmpty());
    // A folder that cannot be written: the error names the file.
    QVERIFY(!workspace.saveAs(dir.filePath(QStringLiteral("no/such/folder/w.fsw"))));
    QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("w.fsw")));
}

void TestWorkspace::modifiedMarkAutosaveAndRecovery()
{
    QTemporaryDir dir;
    const QString recovery = dir.filePath(QStringLiteral("state/recovery.fsw"));
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    {
        ui::LibraryModel library;
        ui::ModelHost models(&bridge, {}, {});
        ui::WorkspaceController workspace(&library, &models, recovery);
        QVERIFY(!workspace.isModified());
        library.addText(QStringLiteral("unsaved work"));
        QVERIFY(workspace.isModified());
        // Untitled work is autosaved to the recovery file, on a timer and on quit.
        workspace.setAutosaveInterval(50);
        QTRY_VERIFY(QFile::exists(recovery));
        workspace.saveOnQuit();
    }
    {
        // The next session brings it back, still untitled and unsaved.
        ui::LibraryModel library;
        ui::ModelHost models(&bridge, {}, {});
        ui::WorkspaceController workspace(&library, &models, recovery);
        QVERIFY(workspace.restoreRecovery());
        QCOMPARE(library.rowCount(), 1);
        QCOMPARE(library.items().front().content, QStringLiteral("unsaved work"));
        QVERIFY(workspace.isModified());
        // Saved in its own file: the recovery file is no longer needed.
        const QString path = dir.filePath(QStringLiteral("kept.fsw"));
        QVERIFY(workspace.saveAs(path));
        QVERIFY(!workspace.isModified());
        QVERIFY(!QFile::exists(recovery));
        QCOMPARE(ui::WorkspaceController::recentWorkspaces().front(), path);
        // Autosave of a titled workspace writes its own file.
        library.addText(QStringLiteral("more"));
        QVERIFY(workspace.autosave());
        QCOMPARE(ui::loadWorkspace(path, nullptr)->items.size(), 2u);
    }
}

void TestWorkspace::reopeningDoesNotRecomputeEmbeddings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("emoji.fsw"));
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.cacheDir = dir.filePath(QStringLiteral("untitled-cache"));
    options.model = QStringLiteral("builtin:mini");
    {
        ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 0});
        ui::MainWindow window(&bridge, options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.models()->ready(), 60000);
        QVERIFY(!window.workspace()->isModified()); // the first launch's samples and model are no change
        window.showPage(QStringLiteral("similarity"));
        auto* page = window.analysisPage(QStringLiteral("similarity"));
        QTRY_VERIFY_WITH_TIMEOUT(page->hasResults() && bridge.pendingJobs() == 0, 60000);
        QVERIFY(window.models()->explorer()->cacheStats().computed >= 24);
        QVERIFY(window.workspace()->saveAs(path)); // the cache so far moves with it
        QTRY_VERIFY(bridge.pendingJobs() == 0);
    }
    options.model.clear();  // the workspace names its model
    options.openSamples = false;
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 0});
    ui::MainWindow window(&bridge, options);
    window.show();
    QVERIFY(window.workspace()->open(path));
    QCOMPARE(window.currentPageName(), QStringLiteral("similarity"));
    QCOMPARE(window.library()->rowCount(), 384);
    QTRY_VERIFY_WITH_TIMEOUT(window.models()->ready(), 60000);
    auto* page = window.analysisPage(QStringLiteral("similarity"));
    QTRY_VERIFY_WITH_TIMEOUT(page->hasResults() && bridge.pendingJobs() == 0, 60000);
    const auto stats = window.models()->explorer()->cacheStats();
    QCOMPARE(stats.computed, 0);
    QVERIFY(stats.fromDisk >= 24);
    QVERIFY(!window.workspace()->isModified());
}

void TestWorkspace::filesNamedAtStartAreOpened()
{
    // What a double-click on a workspace (the desktop entry's %F) starts.
    QTemporaryDir dir;
    const QString picture = dir.filePath(QStringLiteral("a.png"));
    QImage(8, 8, QImage::Format_RGB32).save(picture);
    const QString path = dir.filePath(QStringLiteral("two.fsw"));
    writeFile(path, "{\"format\": \"fusionscope-workspace\", \"version\": 1, \"model\": \"\", \"page\": \"similarity\", "
                    "\"items\": [{\"kind\": \"image\", \"content\": \"a.png\", \"label\": \"a\"}, "
                    "{\"kind\": \"text\", \"content\": \"a caption\", \"label\": \"a caption\"}]}");
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.recoveryPath = dir.filePath(QStringLiteral("recovery.fsw"));
    options.restoreSession = true;
    options.openPaths = {path};
    {
        ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
        ui::MainWindow window(&bridge, options);
        QCOMPARE(window.workspace()->path(), path);
        QCOMPARE(window.library()->rowCount(), 2); // the workspace's items, not the samples
        QCOMPARE(window.currentPageName(), QStringLiteral("similarity"));
        QVERIFY(window.windowTitle().contains(QStringLiteral("two.fsw")));
    }
    // Other files join an untitled library; a bad workspace is named and the samples still load.
    writeFile(dir.filePath(QStringLiteral("bad.fsw")), "{not json");
    options.openPaths = {dir.filePath(QStringLiteral("bad.fsw"))};
    {
        ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
        ui::MainWindow window(&bridge, options);
        QVERIFY(window.workspace()->path().isEmpty());
        QCOMPARE(window.library()->rowCount(), 384);
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("problemBox"));
        QVERIFY(box && box->text().contains(QStringLiteral("bad.fsw")));
    }
    options.openPaths = {picture};
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::MainWindow window(&bridge, options);
    QVERIFY(window.workspace()->path().isEmpty());
    QCOMPARE(window.library()->rowCount(), 1);
}

QTEST_MAIN(TestWorkspace)
#include "test_workspace.moc"
