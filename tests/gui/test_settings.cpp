// Settings: the stored values round trip and bad ones fall back, the cache
// limit removes the oldest files, the dialog edits and the window applies
// (device, theme, cache), and the Simplified Chinese translation loads.

#include "ui/app_settings.h"
#include "ui/app_translator.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/model_host.h"
#include "ui/settings_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMenuBar>
#include <QProcess>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace fscope;

class TestSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }
    void roundTripAndFallbacks();
    void cacheLimitRemovesTheOldestFiles();
    void dialogEditsAndTheWindowApplies();
    void chineseTranslationLoads();
    void installedTranslationWins();
};

void TestSettings::roundTripAndFallbacks()
{
    ui::AppSettings settings;
    settings.device = runtime::DevicePreference::Cpu;
    settings.threads = 3;
    settings.cacheDir = QStringLiteral("/tmp/somewhere");
    settings.cacheLimitMb = 64;
    settings.theme = ui::Theme::Dark;
    settings.language = QStringLiteral("zh_CN");
    ui::saveAppSettings(settings);
    const auto loaded = ui::loadAppSettings();
    QCOMPARE(loaded.device, settings.device);
    QCOMPARE(loaded.threads, 3);
    QCOMPARE(loaded.cacheDir, settings.cacheDir);
    QCOMPARE(loaded.cacheLimitMb, 64);
    QCOMPARE(loaded.theme, ui::Theme::Dark);
    QCOMPARE(loaded.language, QStringLiteral("zh_CN"));
    QCOMPARE(ui::effectiveCacheDir(loaded), settings.cacheDir);

    // Values written by hand (or by another version) that make no sense: the defaults.
    QSettings store;
    store.setValue(QStringLiteral("engine/device"), QStringLiteral("tpu"));
    store.setValue(QStringLiteral("engine/threads"), QStringLiteral("many"));
    store.setValue(QStringLiteral("cache/limitMb"), -5);
    store.setValue(QStringLiteral("appearance/theme"), QStringLiteral("purple"));
    store.setValue(QStringLiteral("appearance/language"), QStringLiteral("xx"));
    const auto fallback = ui::loadAppSettings();
    QCOMPARE(fallback.device, runtime::DevicePreference::Auto);
    QCOMPARE(fallback.threads, 0);
    QCOMPARE(fallback.cacheLimitMb, 1024);
    QCOMPARE(fallback.theme, ui::Theme::System);
    QVERIFY(fallback.language.isEmpty());
}

void TestSettings::cacheLimitRemovesTheOldestFiles()
{
    QTemporaryDir dir;
    const QDateTime now = QDateTime::currentDateTime();
    for (int i = 0; i < 4; ++i) {
        QFile file(dir.filePath(QStringLiteral("cache-%1.safetensors").arg(i)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(1000, 'x'));
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.setFileTime(now.addSecs(-100 * (4 - i)), QFileDevice::FileModificationTime)); // 0 is the oldest
    }
    QCOMPARE(ui::folderSize(dir.path()), 4000);
    QCOMPARE(ui::trimFolder(dir.path(), 2500), 2);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("cache-0.safetensors"))));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("cache-1.safetensors"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("cache-3.safetensors"))));
    QCOMPARE(ui::trimFolder(dir.path(), 0), 2);
    QCOMPARE(ui::folderSize(dir.path()), 0);
}

void TestSettings::dialogEditsAndTheWindowApplies()
{
    QTemporaryDir dir;
    ui::SettingsDialog dialog(ui::loadAppSettings());
    auto* device = dialog.findChild<QComboBox*>(QStringLiteral("settingsDevice"));
    auto* threads = dialog.findChild<QSpinBox*>(QStringLiteral("settingsThreads"));
    auto* cache = dialog.findChild<QLineEdit*>(QStringLiteral("settingsCacheDir"));
    auto* theme = dialog.findChild<QComboBox*>(QStringLiteral("settingsTheme"));
    auto* language = dialog.findChild<QComboBox*>(QStringLiteral("settingsLanguage"));
    QVERIFY(device && threads && cache && theme && language);
    device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
    threads->setValue(2);
    cache->setText(dir.filePath(QStringLiteral("cache")));
    theme->setCurrentIndex(theme->findData(QStringLiteral("dark")));
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    const auto chosen = dialog.settings();
    QCOMPARE(chosen.device, runtime::DevicePreference::Cpu);
    QCOMPARE(chosen.threads, 2);
    QCOMPARE(chosen.theme, ui::Theme::Dark);
    QCOMPARE(chosen.language, QStringLiteral("zh_CN"));

    ui::EngineBridge bridge({runtime::DevicePreference::Auto, 1});
    ui::MainWindow window(&bridge);
    window.applySettings(chosen);
    QCOMPARE(bridge.settings().device, runtime::DevicePreference::Cpu);
    QCOMPARE(ui::loadAppSettings().threads, 2);
    QCOMPARE(window.models()->cacheDir(), dir.filePath(QStringLiteral("cache")));
    QVERIFY(qApp->palette().color(QPalette::Window).lightness() < 100); // dark
    ui::AppSettings light = chosen;
    light.theme = ui::Theme::Light;
    window.applySettings(light);
    QVERIFY(qApp->palette().color(QPalette::Window).lightness() > 150);
}

void TestSettings::chineseTranslationLoads()
{
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    ui::AppTranslator translator;
    QVERIFY(!ui::installTranslation(*app, translator, QStringLiteral("en")));
    QVERIFY(ui::installTranslation(*app, translator, QStringLiteral("zh_CN")));
    // Looked up under Qt's full class name, found under lupdate's bare one.
    const QString file = QCoreApplication::translate("fscope::ui::MainWindow", "&File");
    QVERIFY2(file != QStringLiteral("&File") && file.contains(QStringLiteral("(&F)")), qPrintable(file));
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::MainWindow window(&bridge);
    QCOMPARE(window.menuBar()->actions().front()->text(), file);
    QCOMPARE(window.pageNames().front(), QStringLiteral("welcome")); // ids stay untranslated
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(QCoreApplication::translate("fscope::ui::MainWindow", "&File"), QStringLiteral("&File"));
}

void TestSettings::installedTranslationWins()
{
    // A translation in the resources' folder is preferred to the compiled-in one.
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString ts = folder.filePath(QStringLiteral("fusionscope_zh_CN.ts"));
    QFile file(ts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n"
               "<TS version=\"2.1\" language=\"zh_CN\"><context><name>MainWindow</name>"
               "<message><source>&amp;File</source><translation>\xe6\xa1\xa3\xe6\xa1\x88(&amp;F)-updated</translation>"
               "</message></context></TS>\n");
    file.close();
    QCOMPARE(QProcess::execute(QStringLiteral(FUSIONSCOPE_LRELEASE),
                               {QStringLiteral("-silent"), ts, QStringLiteral("-qm"),
                                folder.filePath(QStringLiteral("fusionscope_zh_CN.qm"))}),
             0);
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    ui::AppTranslator translator;
    QVERIFY(ui::installTranslation(*app, translator, QStringLiteral("zh_CN"), folder.path()));
    QCOMPARE(QCoreApplication::translate("fscope::ui::MainWindow", "&File"),
             QStringLiteral("\u6863\u6848(&F)-updated"));
    // A folder without one falls back to the compiled-in translation.
    QTemporaryDir empty;
    QVERIFY(ui::installTranslation(*app, translator, QStringLiteral("zh_CN"), empty.path()));
    QVERIFY(!QCoreApplication::translate("fscope::ui::MainWindow", "&File").endsWith(QStringLiteral("-updated")));
    QCoreApplication::removeTranslator(&translator);
}

QTEST_MAIN(TestSettings)
#include "test_settings.moc"
