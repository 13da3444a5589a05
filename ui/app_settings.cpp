#include "ui/app_settings.h"

#include <QSettings>

namespace fscope::ui {

namespace {
const QString kDeviceKey = QStringLiteral("engine/device");
const QString kThreadsKey = QStringLiteral("engine/threads");
const QString kRecentModelsKey = QStringLiteral("models/recent");
constexpr int kRecentModels = 8;
} // namespace

AppSettings loadAppSettings()
{
    QSettings store;
    AppSettings settings;
    // An unreadable stored value falls back to the default rather than failing start-up.
    if (auto device = runtime::parseDevicePreference(store.value(kDeviceKey, QStringLiteral("auto")).toString().toStdString()))
        settings.device = *device;
    bool ok = false;
    const int threads = store.value(kThreadsKey, 0).toInt(&ok);
    settings.threads = ok && threads >= 0 && threads <= 1024 ? threads : 0;
    return settings;
}

void saveAppSettings(const AppSettings& settings)
{
    QSettings store;
    store.setValue(kDeviceKey, QString::fromStdString(runtime::devicePreferenceName(settings.device)));
    store.setValue(kThreadsKey, settings.threads);
}

QStringList recentModels()
{
    return QSettings().value(kRecentModelsKey).toStringList().mid(0, kRecentModels);
}

void rememberModel(const QString& model)
{
    auto models = recentModels();
    models.removeAll(model);
    models.prepend(model);
    QSettings().setValue(kRecentModelsKey, models.mid(0, kRecentModels));
}

} // namespace fscope::ui
