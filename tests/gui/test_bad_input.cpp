// The bad-input corpus (tests/corpus) through the app: every bad file added to
// the library or opened as a workspace is named in a clear message, what is
// good still loads, and nothing already loaded is lost.

#include "ui/engine_bridge.h"
#include "ui/library_model.h"
#include "ui/main_window.h"
#include "ui/model_host.h"
#include "ui/workspace_controller.h"

#include <QDir>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace fscope;

namespace {

QString corpus(const QString& name)
{
    return QDir(QStringLiteral(FUSIONSCOPE_CORPUS)).filePath(name);
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void badFilesAreRefusedByNameAndGoodOnesLoad();
    void badWorkspacesLeaveTheLibraryAlone();
    void theWindowShowsOneBoxNamingTheFiles();
};

void TestBadInput::badFilesAreRefusedByNameAndGoodOnesLoad()
{
    ui::LibraryModel library;
    const char* bad[] = {"images/empty.png", "images/garbage.jpg", "images/text-named-png.png",
                         "images/huge-dimensions.png", "images/lying-header.bmp",
                         "audio/empty.wav", "audio/header-only.wav", "audio/garbage.ogg", "audio/garbage.flac",
                         "audio/zero-channels.wav", "audio/absurd-rate.wav", "audio/text-named-wav.wav",
                         "text/latin1.txt", "text/empty.txt", "text",
                         "manifest-broken-line.jsonl", "manifest-latin1.jsonl", "manifest-not-objects.jsonl",
                         "manifest-empty.jsonl", "manifest-ragged.csv", "manifest-unterminated-quote.csv",
                         "manifest-header-only.csv", "manifest-all-missing.jsonl", "coco-no-annotations.json",
                         "coco-unknown-image.json", "coco-truncated.json", "checkpoints/garbage.pt"};
    for (const char* name : bad) {
        QStringList errors;
        QVERIFY2(library.importPath(corpus(QLatin1String(name)), &errors) == 0, name);
        QVERIFY2(errors.size() == 1, name);
        // The message names the file (a folder's message names the bad file inside it).
        const QString leaf = QFileInfo(QLatin1String(name)).fileName();
        QVERIFY2(errors.front().contains(leaf), qPrintable(errors.front()));
        QVERIFY2(!errors.front().contains(QLatin1Char('\n')), qPrintable(errors.front()));
    }
    QCOMPARE(library.rowCount(), 0);

    // Good files load; a manifest line naming a missing file is reported and skipped.
    QStringList errors;
    QCOMPARE(library.importPath(corpus(QStringLiteral("images/good.png")), &errors), 1);
    QCOMPARE(library.importPath(corpus(QStringLiteral("audio/good.wav")), &errors), 1);
    QVERIFY(errors.isEmpty());
    QCOMPARE(library.importPath(corpus(QStringLiteral("manifest-missing-files.jsonl")), &errors), 4);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.front().contains(QStringLiteral("line 2: 'images/no-such-file.png' does not exist")));
    QCOMPARE(library.rowCount(), 6);
}

void TestBadInput::badWorkspacesLeaveTheLibraryAlone()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::LibraryModel library;
    ui::ModelHost models(&bridge, {}, {});
    ui::WorkspaceController workspace(&library, &models, {});
    QStringList errors;
    library.importPath(corpus(QStringLiteral("images/good.png")), &errors);
    QSignalSpy failed(&workspace, &ui::WorkspaceController::failed);
    for (const char* name : {"broken.fsw", "latin1.fsw", "items-not-a-list.fsw", "empty.fsw"}) {
        const QString path = corpus(QStringLiteral("workspaces/") + QLatin1String(name));
        QVERIFY2(!workspace.open(path), name);
        QVERIFY2(failed.last().at(0).toString().contains(path), qPrintable(failed.last().at(0).toString()));
        QCOMPARE(library.rowCount(), 1);
        QVERIFY(workspace.path().isEmpty());
    }
    // Missing files are named; their items stay so that saving loses nothing.
    const QString missing = corpus(QStringLiteral("workspaces/missing-files.fsw"));
    QVERIFY(workspace.open(missing));
    QCOMPARE(library.rowCount(), 3);
    QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("no-such-file.png")));
    QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("1 file(s)")));
}

void TestBadInput::theWindowShowsOneBoxNamingTheFiles()
{
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.openSamples = false;
    options.openPaths = {corpus(QStringLiteral("images/garbage.jpg")), corpus(QStringLiteral("images/good.png")),
                         corpus(QStringLiteral("manifest-latin1.jsonl")), corpus(QStringLiteral("audio/empty.wav"))};
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::MainWindow window(&bridge, options);
    QCOMPARE(window.library()->rowCount(), 1);
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("problemBox"));
    QVERIFY(box);
    for (const char* name : {"garbage.jpg", "manifest-latin1.jsonl", "empty.wav"})
        QVERIFY2(box->text().contains(QLatin1String(name)), qPrintable(box->text()));
}

QTEST_MAIN(TestBadInput)
#include "test_bad_input.moc"
