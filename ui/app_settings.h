#pragma once
// Persistent user settings (QSettings) and how command-line options override
// them for one session, with what applies them: the theme, the language and
// the embedding cache's size limit. GUI thread only.

#include "api/runtime.h"

#include <QString>
#include <QStringList>

#include <optional>

class QApplication;

namespace fscope::ui {

class AppTranslator;

enum class Theme { System, Light, Dark };

struct AppSettings {
    runtime::DevicePreference device = runtime::DevicePreference::Auto;
    int threads = 0;          // 0: automatic (runtime::ThreadSettings)
    QString cacheDir;         // embedding cache; "" for the standard cache location
    int cacheLimitMb = 1024;  // the oldest cache files go beyond this
    Theme theme = Theme::System;
    QString language;         // "" (the system's), "en" or "zh_CN"
};

AppSettings loadAppSettings();
void saveAppSettings(const AppSettings& settings);

// The cache folder in use: the setting, or <standard cache location>/embeddings.
QString effectiveCacheDir(const AppSettings& settings);
// Bytes in the folder's files (not recursive: the cache is flat).
qint64 folderSize(const QString& folder);
// Removes the least recently modified files until the folder holds at most
// limitBytes; returns the number removed.
int trimFolder(const QString& folder, qint64 limitBytes);

void applyTheme(QApplication& app, Theme theme);
QString themeName(Theme theme); // untranslated id: "system", "light", "dark"
Theme themeFromName(const QString& name);

// Loads the translation for `language` ("" = the system locale) into
// `translator` and installs it; false (English) when there is none. A
// fusionscope_<lang>.qm in `folder` (the resources' translations/) wins over
// the one compiled into the program, so an updated translation needs no rebuild.
bool installTranslation(QApplication& app, AppTranslator& translator, const QString& language,
                        const QString& folder = {});
// The languages offered: ids and their names in themselves.
QStringList languageIds();
QString languageName(const QString& id);

// Checkpoints the person opened, most recent first (at most 8).
QStringList recentModels();
void rememberModel(const QString& model);

} // namespace fscope::ui
