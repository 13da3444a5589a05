#include "ui/app_settings.h"

#include "ui/app_translator.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTranslator>

#include <algorithm>

namespace fscope::ui {

namespace {
const QString kDeviceKey = QStringLiteral("engine/device");
const QString kThreadsKey = QStringLiteral("engine/threads");
const QString kCacheDirKey = QStringLiteral("cache/folder");
const QString kCacheLimitKey = QStringLiteral("cache/limitMb");
const QString kThemeKey = QStringLiteral("appearance/theme");
const QString kLanguageKey = QStringLiteral("appearance/language");
const QString kRecentModelsKey = QStringLiteral("models/recent");
constexpr int kRecentModels = 8;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), disabled(130, 130, 130);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(90, 160, 255));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, disabled);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}
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
    settings.cacheDir = store.value(kCacheDirKey).toString();
    const int limit = store.value(kCacheLimitKey, 1024).toInt(&ok);
    settings.cacheLimitMb = ok && limit >= 16 ? limit : 1024;
    settings.theme = themeFromName(store.value(kThemeKey).toString());
    settings.language = store.value(kLanguageKey).toString();
    if (!settings.language.isEmpty() && !languageIds().contains(settings.language))
        settings.language.clear();
    return settings;
}

void saveAppSettings(const AppSettings& settings)
{
    QSettings store;
    store.setValue(kDeviceKey, QString::fromStdString(runtime::devicePreferenceName(settings.device)));
    store.setValue(kThreadsKey, settings.threads);
    store.setValue(kCacheDirKey, settings.cacheDir);
    store.setValue(kCacheLimitKey, settings.cacheLimitMb);
    store.setValue(kThemeKey, themeName(settings.theme));
    store.setValue(kLanguageKey, settings.language);
}

QString effectiveCacheDir(const AppSettings& settings)
{
    if (!settings.cacheDir.isEmpty())
        return settings.cacheDir;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("embeddings"));
}

qint64 folderSize(const QString& folder)
{
    qint64 total = 0;
    for (const auto& info : QDir(folder).entryInfoList(QDir::Files))
        total += info.size();
    return total;
}

int trimFolder(const QString& folder, qint64 limitBytes)
{
    auto files = QDir(folder).entryInfoList(QDir::Files, QDir::Time | QDir::Reversed); // oldest first
    qint64 total = 0;
    for (const auto& info : files)
        total += info.size();
    int removed = 0;
    for (const auto& info : files) {
        if (total <= limitBytes)
            break;
        if (QFile::remove(info.absoluteFilePath())) {
            total -= info.size();
            ++removed;
        }
    }
    return removed;
}

QString themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    case Theme::System: break;
    }
    return QStringLiteral("system");
}

Theme themeFromName(const QString& name)
{
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

void applyTheme(QApplication& app, Theme theme)
{
    static const QString systemStyle = app.style()->name();
    static const QPalette systemPalette = app.palette();
    if (theme == Theme::System) {
        app.setStyle(QStyleFactory::create(systemStyle));
        app.setPalette(systemPalette);
        return;
    }
    // Fusion draws every control from the palette, so both themes look whole.
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    app.setPalette(theme == Theme::Dark ? darkPalette() : app.style()->standardPalette());
}

QStringList languageIds()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString languageName(const QString& id)
{
    if (id == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    if (id == QLatin1String("en"))
        return QStringLiteral("English");
    return id;
}

bool installTranslation(QApplication& app, AppTranslator& translator, const QString& language, const QString& folder)
{
    app.removeTranslator(&translator);
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (locale.language() == QLocale::English)
        return false;
    const auto loadFrom = [&](const QString& dir) {
        return !dir.isEmpty() && translator.load(locale, QStringLiteral("fusionscope"), QStringLiteral("_"), dir);
    };
    // The compiled-in copy lives under the resource prefix /i18n.
    if (!loadFrom(folder) && !loadFrom(QStringLiteral(":/i18n")))
        return false;
    app.installTranslator(&translator);
    return true;
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
