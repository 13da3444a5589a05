// fusionscope: the desktop application.

#include "ui/engine_bridge.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

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
                                    QApplication::translate("main", "Compute device: auto, cpu or cuda."),
                                    QStringLiteral("device"), QStringLiteral("auto"));
    QCommandLineOption threadsOption(QStringLiteral("threads"),
                                     QApplication::translate("main", "LibTorch threads (0: one per core)."),
                                     QStringLiteral("n"), QStringLiteral("0"));
    parser.addOption(deviceOption);
    parser.addOption(threadsOption);
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

    fscope::ui::EngineSettings settings;
    const auto device = fscope::runtime::parseDevicePreference(parser.value(deviceOption).toStdString());
    if (!device) {
        std::fprintf(stderr, "fusionscope: %s\n", device.error().message.c_str());
        return 2;
    }
    settings.device = *device;
    bool threadsOk = false;
    settings.threads = parser.value(threadsOption).toInt(&threadsOk);
    if (!threadsOk || settings.threads < 0) {
        std::fprintf(stderr, "fusionscope: --threads takes a number >= 0\n");
        return 2;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("FusionScope"));
    QApplication::setOrganizationName(QStringLiteral("FusionScope"));
    QApplication::setApplicationVersion(QStringLiteral(FUSIONSCOPE_VERSION));

    fscope::ui::EngineBridge bridge(settings);
    fscope::ui::MainWindow window(&bridge);
    window.show();
    return app.exec();
}
