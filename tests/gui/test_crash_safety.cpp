// Crash safety of workspace saves: a child process saves two different
// workspaces over one path in a loop and is killed with SIGKILL at random
// moments; afterwards the file must always load and be exactly one of the two.
// The same executable is the child when started with --save-loop PATH.

#include "ui/workspace.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace fscope;

namespace {

// Big enough (about 400 KB of JSON) that a kill often lands inside a save.
ui::WorkspaceState makeState(const QString& name, int count)
{
    ui::WorkspaceState state;
    state.model = QStringLiteral("builtin:mini");
    state.page = name;
    for (int i = 0; i < count; ++i) {
        ui::LibraryItem item;
        item.kind = api::ItemKind::Text;
        item.content = QStringLiteral("%1 caption number %2 with some words to make it longer").arg(name).arg(i);
        item.label = item.content;
        item.group = QStringLiteral("g%1").arg(i);
        state.items.push_back(item);
    }
    return state;
}

const int kItemsA = 3000;
const int kItemsB = 3001;

int saveLoop(const QString& path)
{
    const auto a = makeState(QStringLiteral("A"), kItemsA);
    const auto b = makeState(QStringLiteral("B"), kItemsB);
    QString error;
    std::fputs("saving\n", stdout);
    std::fflush(stdout);
    for (long i = 0;; ++i)
        if (!ui::saveWorkspace(path, i % 2 ? a : b, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedSavesLeaveOldOrNewWorkspace();
};

void TestCrashSafety::killedSavesLeaveOldOrNewWorkspace()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("crash.fsw"));
    QString error;
    QVERIFY(ui::saveWorkspace(path, makeState(QStringLiteral("A"), kItemsA), &error));
    int sawA = 0, sawB = 0;
    for (int round = 0; round < 30; ++round) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--save-loop"), path});
        QVERIFY2(child.waitForReadyRead(10000), "the saving process did not start");
        // Up to 150 ms: long enough for whole saves to finish even where fsync is slow.
        QTest::qWait(int(QRandomGenerator::global()->bounded(1, 150)));
        child.kill(); // SIGKILL: no handler, no flush, no cleanup
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        const auto loaded = ui::loadWorkspace(path, &error);
        QVERIFY2(loaded, qPrintable(QStringLiteral("round %1: %2").arg(round).arg(error)));
        const bool isA = loaded->page == QLatin1String("A");
        QVERIFY(isA || loaded->page == QLatin1String("B"));
        QCOMPARE(int(loaded->items.size()), isA ? kItemsA : kItemsB);
        QVERIFY(loaded->items.back().content.startsWith(loaded->page));
        ++(isA ? sawA : sawB);
    }
    // Both outcomes occur, so the kills did land at different points of the loop.
    qInfo("after 30 kills: %d times the A workspace, %d times B", sawA, sawB);
    QVERIFY(sawA > 0 && sawB > 0);
    // A later save still works over whatever the kills left behind.
    QVERIFY(ui::saveWorkspace(path, makeState(QStringLiteral("A"), 3), &error));
    QCOMPARE(int(ui::loadWorkspace(path, &error)->items.size()), 3);
}

int main(int argc, char** argv)
{
    if (argc == 3 && std::strcmp(argv[1], "--save-loop") == 0) {
        QCoreApplication app(argc, argv);
        return saveLoop(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestCrashSafety test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_crash_safety.moc"
