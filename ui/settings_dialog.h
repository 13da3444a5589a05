#pragma once
// Settings: compute device and threads, the embedding cache (folder, size
// limit, current size, clear), the theme and the language. The dialog edits an
// AppSettings value; the window saves and applies it. GUI thread only.

#include "ui/app_settings.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace fscope::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(const AppSettings& settings, QWidget* parent = nullptr);
    AppSettings settings() const;

private:
    void updateCacheSize();

    QComboBox* m_device;
    QSpinBox* m_threads;
    QLineEdit* m_cacheDir;
    QSpinBox* m_cacheLimit;
    QLabel* m_cacheSize;
    QComboBox* m_theme;
    QComboBox* m_language;
};

} // namespace fscope::ui
