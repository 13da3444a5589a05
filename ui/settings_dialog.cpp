#include "ui/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>

namespace fscope::ui {

SettingsDialog::SettingsDialog(const AppSettings& settings, QWidget* parent)
    : QDialog(parent), m_device(new QComboBox(this)), m_threads(new QSpinBox(this)), m_cacheDir(new QLineEdit(this)),
      m_cacheLimit(new QSpinBox(this)), m_cacheSize(new QLabel(this)), m_theme(new QComboBox(this)),
      m_language(new QComboBox(this))
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    m_device->setObjectName(QStringLiteral("settingsDevice"));
    m_device->addItem(tr("Automatic (CUDA when available)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    m_device->setCurrentIndex(m_device->findData(QString::fromStdString(runtime::devicePreferenceName(settings.device))));
    m_threads->setObjectName(QStringLiteral("settingsThreads"));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("automatic (%1 cores)").arg(QThread::idealThreadCount()));
    m_threads->setValue(settings.threads);
    m_cacheDir->setObjectName(QStringLiteral("settingsCacheDir"));
    m_cacheDir->setPlaceholderText(effectiveCacheDir({}));
    m_cacheDir->setText(settings.cacheDir);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* clear = new QPushButton(tr("Clear cache"), this);
    clear->setObjectName(QStringLiteral("settingsClearCache"));
    m_cacheLimit->setObjectName(QStringLiteral("settingsCacheLimit"));
    m_cacheLimit->setRange(16, 1024 * 1024);
    m_cacheLimit->setSuffix(tr(" MB"));
    m_cacheLimit->setValue(settings.cacheLimitMb);
    m_theme->setObjectName(QStringLiteral("settingsTheme"));
    m_theme->addItem(tr("Follow the system"), themeName(Theme::System));
    m_theme->addItem(tr("Light"), themeName(Theme::Light));
    m_theme->addItem(tr("Dark"), themeName(Theme::Dark));
    m_theme->setCurrentIndex(m_theme->findData(themeName(settings.theme)));
    m_language->setObjectName(QStringLiteral("settingsLanguage"));
    m_language->addItem(tr("The system's (%1)").arg(QLocale::system().nativeLanguageName()), QString());
    for (const auto& id : languageIds())
        m_language->addItem(languageName(id), id);
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language)));

    auto* cacheRow = new QHBoxLayout;
    cacheRow->addWidget(m_cacheDir, 1);
    cacheRow->addWidget(browse);
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_cacheLimit);
    sizeRow->addWidget(m_cacheSize, 1);
    sizeRow->addWidget(clear);
    auto* form = new QFormLayout;
    form->addRow(tr("Compute device:"), m_device);
    form->addRow(tr("LibTorch threads:"), m_threads);
    form->addRow(tr("Embedding cache:"), cacheRow);
    form->addRow(tr("Cache size limit:"), sizeRow);
    form->addRow(tr("Theme:"), m_theme);
    form->addRow(tr("Language:"), m_language);
    auto* note = new QLabel(tr("Threads and language take effect when FusionScope next starts."), this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Embedding cache folder"), m_cacheDir->text());
        if (!folder.isEmpty()) {
            m_cacheDir->setText(folder);
            updateCacheSize();
        }
    });
    connect(m_cacheDir, &QLineEdit::editingFinished, this, &SettingsDialog::updateCacheSize);
    connect(clear, &QPushButton::clicked, this, [this] {
        trimFolder(effectiveCacheDir(this->settings()), 0);
        updateCacheSize();
    });
    updateCacheSize();
}

void SettingsDialog::updateCacheSize()
{
    const double mb = folderSize(effectiveCacheDir(settings())) / (1024.0 * 1024.0);
    m_cacheSize->setText(tr("in use: %1 MB").arg(mb, 0, 'f', 1));
}

AppSettings SettingsDialog::settings() const
{
    AppSettings out;
    if (auto device = runtime::parseDevicePreference(m_device->currentData().toString().toStdString()))
        out.device = *device;
    out.threads = m_threads->value();
    out.cacheDir = m_cacheDir->text().trimmed();
    out.cacheLimitMb = m_cacheLimit->value();
    out.theme = themeFromName(m_theme->currentData().toString());
    out.language = m_language->currentData().toString();
    return out;
}

} // namespace fscope::ui
