// fusionscope: the desktop application.

#include "ui/app_settings.h"
#include "ui/app_translator.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/tour.h"

#include "api/model_catalog.h"
#include "api/runtime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QStandardPaths>


#include <cstdio>
#include <optional>

int main(int argc, char** argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Explore how multimodal models fuse images, text and audio."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption deviceOption(QStringLiteral("device"),
                                    QApplication::translate("main", "Compute device for this session: auto, cpu or cuda "
                                                                    "(default: the Engine menu's setting)."),
                                    QStringLiteral("device"));
    QCommandLineOption threadsOption(QStringLiteral("threads"),
                                     QApplication::translate("main", "LibTorch threads for this session (0: automatic)."),
                                     QStringLiteral("n"));
    parser.addOption(deviceOption);
    parser.addOption(threadsOption);
    QCommandLineOption tourOption(QStringLiteral("tour"),
                                  QApplication::translate("main", "Visit every page, save one PNG per page into <dir>, and quit."),
                                  QStringLiteral("dir"));
    parser.addOption(tourOption);
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QApplication::translate("main", "A workspace (.fsw) to open, or files and manifests to add."),
                                 QStringLiteral("[files...]"));
    // --version and --help must work without a display, so they are answered
    // before QApplication connects to one.
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "fusionscope: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("fusionscope %s\n", FUSIONSCOPE_VERSION);
        return 0;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }

    // Options are checked before QApplication, which needs a display.
    std::optional<fscope::runtime::DevicePreference> deviceOverride;
    if (parser.isSet(deviceOption)) {
        const auto device = fscope::runtime::parseDevicePreference(parser.value(deviceOption).toStdString());
        if (!device) {
            std::fprintf(stderr, "fusionscope: %s\n", device.error().message.c_str());
            return 2;
        }
        deviceOverride = *device;
    }
    std::optional<int> threadsOverride;
    if (parser.isSet(threadsOption)) {
        bool threadsOk = false;
        threadsOverride = parser.value(threadsOption).toInt(&threadsOk);
        if (!threadsOk || *threadsOverride < 0) {
            std::fprintf(stderr, "fusionscope: --threads takes a number >= 0\n");
            return 2;
        }
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("FusionScope"));
    QApplication::setOrganizationName(QStringLiteral("FusionScope"));
    QApplication::setApplicationVersion(QStringLiteral(FUSIONSCOPE_VERSION));
    // The desktop entry's name: window managers match windows to it (and its icon).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.fusionscope.FusionScope"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.fusionscope.FusionScope"),
                                                 QIcon(QStringLiteral(":/icons/fusionscope.svg"))));
    const QString resourceDir = QString::fromStdString(
        fscope::runtime::findResourceDir(QCoreApplication::applicationFilePath().toStdString(), {FUSIONSCOPE_SOURCE_RESOURCES}));

    // Stored settings, overridden for this session by the command line.
    const auto stored = fscope::ui::loadAppSettings();
    fscope::ui::applyTheme(app, stored.theme);
    fscope::ui::AppTranslator translator;
    fscope::ui::installTranslation(app, translator, stored.language,
                                   resourceDir.isEmpty() ? QString() : QDir(resourceDir).filePath(QStringLiteral("translations")));
    fscope::ui::EngineSettings settings{deviceOverride.value_or(stored.device), threadsOverride.value_or(stored.threads)};

    fscope::ui::EngineBridge bridge(settings);
    fscope::ui::MainWindowOptions windowOptions;
    windowOptions.resourceDir = resourceDir;
    windowOptions.cacheDir = fscope::ui::effectiveCacheDir(stored);
    fscope::ui::trimFolder(windowOptions.cacheDir, qint64(stored.cacheLimitMb) * 1024 * 1024);
    windowOptions.model = QString::fromStdString(fscope::api::ModelCatalog(resourceDir.toStdString()).defaultModel().id);
    windowOptions.recoveryPath =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("recovery.fsw"));
    windowOptions.restoreSession = !parser.isSet(tourOption);
    for (const QString& file : parser.positionalArguments())
        windowOptions.openPaths << QFileInfo(file).absoluteFilePath();
    windowOptions.speechDir =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("speech"));
    fscope::ui::MainWindow window(&bridge, windowOptions);
    if (parser.isSet(tourOption)) {
        fscope::ui::Tour tour(&window, parser.value(tourOption));
        int status = 0;
        QObject::connect(&tour, &fscope::ui::Tour::finished, &app, [&status](bool ok, const QString& message) {
            std::fprintf(ok ? stdout : stderr, "fusionscope: %s\n", qPrintable(message));
            status = ok ? 0 : 1;
            QApplication::exit(status);
        });
        tour.start();
        app.exec();
        return status;
    }
    window.show();
    return app.exec();
}
