#pragma once
// Persistent user settings (QSettings) and how command-line options override
// them for one session. GUI thread only.

#include "runtime/device.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace fscope::ui {

struct AppSettings {
    runtime::DevicePreference device = runtime::DevicePreference::Auto;
    int threads = 0;  // 0: automatic (runtime::ThreadSettings)
};

AppSettings loadAppSettings();
void saveAppSettings(const AppSettings& settings);

// Checkpoints the person opened, most recent first (at most 8).
QStringList recentModels();
void rememberModel(const QString& model);

} // namespace fscope::ui
