// The library: imports of folders, manifests, single files and typed text, the
// pairings they keep, clear errors that name the file and lose nothing, the
// dock's filter and search, drag and drop onto the window, and a model that
// cannot be opened.

#include "ui/engine_bridge.h"
#include "ui/inspector_dock.h"
#include "widgets/waveform_view.h"
#include "ui/library_dock.h"
#include "ui/library_model.h"
#include "ui/main_window.h"
#include "ui/shapes_vqa_panel.h"
#include "ui/vqa_page.h"
#include "ui/model_host.h"

#include <QAudioDevice>
#include <QClipboard>
#include <QComboBox>
#include <QDropEvent>
#include <QStandardItemModel>
#include <QRegularExpression>
#include <QListWidget>
#include <QMediaDevices>
#include <QSlider>
#include <QFile>
#include <QImage>
#include <QListView>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace fscope;

namespace {

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QString sampleManifest()
{
    return QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES "/samples/emoji/manifest.jsonl");
}

} // namespace

class TestLibrary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void manifestLinesArePairedInEveryLanguage();
    void foldersFilesAndTypedText();
    void badFilesAreNamedAndNothingIsLost();
    void dockFiltersBySearchAndModality();
    void dropAddsFilesAndABadModelIsReported();
    void inspectorShowsEachKindAndSpeakTextAddsAPair();
    void pasteShortcutsAndTheStrategyPicker();
};

void TestLibrary::manifestLinesArePairedInEveryLanguage()
{
    ui::LibraryModel library;
    QSignalSpy changed(&library, &ui::LibraryModel::libraryChanged);
    QStringList errors;
    QCOMPARE(library.importPath(sampleManifest(), &errors), 96 * 4);
    QVERIFY(errors.isEmpty());
    QCOMPARE(changed.count(), 1);
    const auto& image = library.items().front();
    QCOMPARE(image.kind, api::ItemKind::Image);
    QCOMPARE(image.label, QStringLiteral("grinning face"));
    const auto paired = library.pairedWith(image.id);
    QCOMPARE(paired.size(), 3u);
    QCOMPARE(paired[0].kind, api::ItemKind::Text);
    QCOMPARE(paired[0].content, QStringLiteral("grinning face"));
    QCOMPARE(paired[1].language, QStringLiteral("zh"));
    QCOMPARE(paired[1].content, QStringLiteral("嘿嘿"));
    QCOMPARE(paired[2].kind, api::ItemKind::Audio);
    QVERIFY(paired[2].content.endsWith(QStringLiteral("en-gb-x-rp-170/1f600.ogg")));
    // Thumbnails for images, icons for the rest.
    const QIcon icon = library.data(library.index(0), Qt::DecorationRole).value<QIcon>();
    QVERIFY(!icon.isNull());
    // Speech shows its duration, read from the header.
    QVERIFY(library.data(library.index(3), Qt::DisplayRole).toString().contains(QRegularExpression(QStringLiteral("^grinning face \\(\\d\\.\\d s\\)$"))));
}

void TestLibrary::foldersFilesAndTypedText()
{
    QTemporaryDir dir;
    QImage(20, 10, QImage::Format_RGB32).save(dir.filePath(QStringLiteral("a.png")));
    writeFile(dir.filePath(QStringLiteral("captions.txt")), "a red square\n\n  a blue circle  \n");
    ui::LibraryModel library;
    QStringList errors;
    QCOMPARE(library.importPath(dir.path(), &errors), 3); // the image and two captions
    QVERIFY(errors.isEmpty());
    QCOMPARE(library.itemsOfKind(api::ItemKind::Image).size(), 1u);
    QCOMPARE(library.itemsOfKind(api::ItemKind::Text).back().content, QStringLiteral("a blue circle"));
    // Files of a folder stand alone: no pairings.
    QVERIFY(library.pairedWith(library.items().front().id).empty());

    QCOMPARE(library.importPath(dir.filePath(QStringLiteral("a.png")), &errors), 1);
    QCOMPARE(library.importPath(dir.filePath(QStringLiteral("captions.txt")), &errors), 2);
    const int id = library.addText(QStringLiteral("typed by hand"));
    QCOMPARE(library.find(id)->content, QStringLiteral("typed by hand"));
    QCOMPARE(library.rowCount(), 7);
}

void TestLibrary::badFilesAreNamedAndNothingIsLost()
{
    QTemporaryDir dir;
    ui::LibraryModel library;
    QStringList errors;
    library.importPath(sampleManifest(), &errors);
    const int before = library.rowCount();

    const QString missing = dir.filePath(QStringLiteral("missing.png"));
    const QString manifest = dir.filePath(QStringLiteral("pairs.jsonl"));
    writeFile(manifest, "{\"image\": \"nowhere.png\", \"text\": \"x\"}\n");
    const QString latin1 = dir.filePath(QStringLiteral("latin1.txt"));
    writeFile(latin1, "caf\xe9\n");
    const QString unknown = dir.filePath(QStringLiteral("notes.xyz"));
    writeFile(unknown, "?");
    for (const auto& path : {missing, manifest, latin1, unknown}) {
        errors.clear();
        QCOMPARE(library.importPath(path, &errors), 0);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().contains(path), qPrintable(errors.front()));
    }
    QVERIFY(errors.front().contains(QStringLiteral("not an image, audio, text or manifest")));
    QCOMPARE(library.rowCount(), before);
}

void TestLibrary::dockFiltersBySearchAndModality()
{
    ui::LibraryModel library;
    QStringList errors;
    library.importPath(sampleManifest(), &errors);
    ui::LibraryDock dock(&library);
    QCOMPARE(dock.visibleCount(), 384);
    dock.setKindFilter(api::ItemKind::Audio);
    QCOMPARE(dock.visibleCount(), 96);
    dock.setSearchText(QStringLiteral("robot"));
    QCOMPARE(dock.visibleCount(), 1);
    dock.setKindFilter(std::nullopt);
    QCOMPARE(dock.visibleCount(), 3); // the picture, the English name and the speech
    dock.setSearchText(QStringLiteral("机器人"));
    QCOMPARE(dock.visibleCount(), 1);
    dock.view()->selectAll();
    QCOMPARE(dock.selectedIds().size(), 1u);
    QCOMPARE(library.find(dock.selectedIds().front())->language, QStringLiteral("zh"));
}

void TestLibrary::dropAddsFilesAndABadModelIsReported()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.openSamples = false;
    ui::MainWindow window(&bridge, options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.library()->rowCount(), 0);

    QTemporaryDir dir;
    const QString image = dir.filePath(QStringLiteral("b.png"));
    QImage(8, 8, QImage::Format_RGB32).save(image);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(image), QUrl::fromLocalFile(dir.filePath(QStringLiteral("gone.wav")))});
    // The events a drag from a file manager brings: enter, then drop.
    QDragEnterEvent enter(QPoint(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(window.library()->rowCount(), 1);
    // The missing file is named in a message that does not block the window.
    QTRY_VERIFY(window.findChild<QMessageBox*>(QStringLiteral("problemBox")) != nullptr);
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("problemBox"));
    QVERIFY(box->text().contains(QStringLiteral("gone.wav")));
    box->close();

    QSignalSpy failed(window.models(), &ui::ModelHost::modelFailed);
    window.openModel(dir.filePath(QStringLiteral("no-such-checkpoint.pt")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("no-such-checkpoint.pt")));
    QVERIFY(!window.models()->ready());
    QCOMPARE(window.library()->rowCount(), 1);
}

void TestLibrary::inspectorShowsEachKindAndSpeakTextAddsAPair()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    QTemporaryDir dir;
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.speechDir = dir.filePath(QStringLiteral("speech"));
    ui::MainWindow window(&bridge, options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* inspector = window.inspector();
    // First launch: the first item is selected and inspected, with its pairs.
    QCOMPARE(inspector->shownKind(), QStringLiteral("image"));
    QCOMPARE(inspector->findChild<QListWidget*>(QStringLiteral("inspectorPairs"))->count(), 3);
    inspector->setZoom(4.0);
    QCOMPARE(inspector->zoom(), 4.0);
    QCOMPARE(inspector->findChild<QSlider*>(QStringLiteral("inspectorZoom"))->value(), 400);

    // Clicking a row of the library inspects it.
    auto* view = window.libraryDock()->view();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(2, 0)).center());
    QCOMPARE(inspector->shownKind(), QStringLiteral("text"));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(3, 0)).center());
    QCOMPARE(inspector->shownKind(), QStringLiteral("audio"));
    QTRY_VERIFY_WITH_TIMEOUT(inspector->waveform()->hasSpectrogram(), 30000);
    QVERIFY(inspector->waveform()->durationSeconds() > 0.3);
    inspector->play();
    QVERIFY(QMediaDevices::audioOutputs().isEmpty()
                ? inspector->playbackStatus() == QStringLiteral("No audio output on this machine")
                : inspector->playbackStatus() == QStringLiteral("Playing"));
    inspector->stop();

    // Speak text: a text and its speech, paired, the WAV file on disk.
    const int before = window.library()->rowCount();
    window.speakIntoLibrary(QStringLiteral("red apple"), QStringLiteral("en-us"));
    QTRY_COMPARE_WITH_TIMEOUT(window.library()->rowCount(), before + 2, 30000);
    const auto& speech = window.library()->items().back();
    QCOMPARE(speech.kind, api::ItemKind::Audio);
    QVERIFY(QFileInfo(speech.content).size() > 1000);
    QVERIFY(speech.content.startsWith(options.speechDir));
    const auto paired = window.library()->pairedWith(speech.id);
    QCOMPARE(paired.size(), 1u);
    QCOMPARE(paired.front().content, QStringLiteral("red apple"));
}

void TestLibrary::pasteShortcutsAndTheStrategyPicker()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    QTemporaryDir dir;
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.openSamples = false;
    options.speechDir = dir.filePath(QStringLiteral("speech"));
    ui::MainWindow window(&bridge, options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Paste: lines of text, then a picture (kept as a PNG file), then files.
    QGuiApplication::clipboard()->setText(QStringLiteral("a red apple\n\na green pear\n"));
    window.pasteIntoLibrary();
    QCOMPARE(window.library()->rowCount(), 2);
    QCOMPARE(window.library()->items().back().content, QStringLiteral("a green pear"));
    QImage picture(16, 16, QImage::Format_RGB32);
    picture.fill(Qt::red);
    QGuiApplication::clipboard()->setImage(picture);
    window.pasteIntoLibrary();
    QCOMPARE(window.library()->rowCount(), 3);
    const auto& pasted = window.library()->items().back();
    QCOMPARE(pasted.kind, api::ItemKind::Image);
    QCOMPARE(QImage(pasted.content).pixelColor(3, 3), QColor(Qt::red));
    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(pasted.content)});
    QGuiApplication::clipboard()->setMimeData(mime);
    window.pasteIntoLibrary();
    QCOMPARE(window.library()->rowCount(), 4);

    // Ctrl+3 goes to the third page; Ctrl+F to the library's search box.
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(window.currentPageName(), window.pageNames()[2]);
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("librarySearch"));

    // The strategy picker lists all six; with mini open it shows the unified space,
    // and the strategies whose model is not installed cannot be chosen.
    auto* picker = window.findChild<QComboBox*>(QStringLiteral("strategyPicker"));
    QCOMPARE(picker->count(), 6);
    QSignalSpy ready(window.models(), &ui::ModelHost::modelReady);
    window.openModel(QStringLiteral("builtin:mini"));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60000);
    QCOMPARE(picker->currentData().toString(), QStringLiteral("unified"));
    auto* items = qobject_cast<QStandardItemModel*>(picker->model());
    QVERIFY(items->item(picker->findData(QStringLiteral("unified")))->isEnabled());
    QVERIFY(!items->item(picker->findData(QStringLiteral("contrastive")))->isEnabled());
    // The shapes VQA models answer on the Questions page: choosing one goes there,
    // shows that strategy in detail, and leaves the open model alone.
    const int xattn = picker->findData(QStringLiteral("xattn"));
    QVERIFY(items->item(xattn)->isEnabled());
    QVERIFY(picker->itemData(xattn, Qt::ToolTipRole).toString().contains(QStringLiteral("builtin:shapes-xattn")));
    const int gated = picker->findData(QStringLiteral("gated"));
    QVERIFY(picker->view());
    Q_EMIT picker->activated(gated);
    QCOMPARE(window.currentPageName(), QStringLiteral("vqa"));
    auto* vqa = qobject_cast<ui::VqaPage*>(window.analysisPage(QStringLiteral("vqa")));
    QCOMPARE(vqa->mode(), ui::VqaPage::Mode::Shapes);
    QCOMPARE(vqa->shapesPanel()->detailStrategy(), QStringLiteral("gated"));
    QCOMPARE(window.models()->modelName(), QStringLiteral("builtin:mini"));
    QCOMPARE(picker->currentData().toString(), QStringLiteral("unified"));
}

QTEST_MAIN(TestLibrary)
#include "test_library.moc"
