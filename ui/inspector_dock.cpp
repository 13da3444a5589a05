#include "ui/inspector_dock.h"

#include "ui/engine_bridge.h"
#include "ui/library_model.h"

#include "api/media.h"
#include "widgets/waveform_view.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QMediaDevices>
#include <QMediaPlayer>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

namespace fscope::ui {

namespace {

enum Page { kNone, kImage, kText, kAudio };

struct AudioOverview {
    std::vector<float> mono;
    int sampleRate = 0;
    io::LogMel mel;
};

} // namespace

InspectorDock::InspectorDock(LibraryModel* library, EngineBridge* bridge, QWidget* parent)
    : QDockWidget(tr("Inspector"), parent), m_library(library), m_bridge(bridge), m_title(new QLabel),
      m_stack(new QStackedWidget), m_imageArea(new QScrollArea), m_imageLabel(new QLabel), m_zoomSlider(new QSlider(Qt::Horizontal)),
      m_text(new QPlainTextEdit), m_waveform(new widgets::WaveformView),
      m_playButton(new QPushButton(tr("Play"))), m_stopButton(new QPushButton(tr("Stop"))), m_playStatus(new QLabel),
      m_pairs(new QListWidget)
{
    setObjectName(QStringLiteral("inspectorDock"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* none = new QLabel(tr("Select an item in the library to inspect it."));
    none->setWordWrap(true);
    none->setAlignment(Qt::AlignCenter);

    auto* imagePage = new QWidget;
    auto* imageLayout = new QVBoxLayout(imagePage);
    imageLayout->setContentsMargins(0, 0, 0, 0);
    m_imageLabel->setAlignment(Qt::AlignCenter);
    m_imageArea->setWidget(m_imageLabel);
    m_imageArea->setAlignment(Qt::AlignCenter);
    m_imageArea->viewport()->installEventFilter(this);
    m_zoomSlider->setObjectName(QStringLiteral("inspectorZoom"));
    m_zoomSlider->setRange(10, 800);
    m_zoomSlider->setValue(100);
    m_zoomSlider->setToolTip(tr("Zoom (Ctrl+wheel over the image)"));
    auto* fit = new QPushButton(tr("Fit"));
    auto* zoomRow = new QHBoxLayout;
    zoomRow->addWidget(new QLabel(tr("Zoom:")));
    zoomRow->addWidget(m_zoomSlider, 1);
    zoomRow->addWidget(fit);
    imageLayout->addWidget(m_imageArea, 1);
    imageLayout->addLayout(zoomRow);

    m_text->setReadOnly(true);

    auto* audioPage = new QWidget;
    auto* audioLayout = new QVBoxLayout(audioPage);
    audioLayout->setContentsMargins(0, 0, 0, 0);
    m_waveform->setObjectName(QStringLiteral("inspectorWaveform"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_playButton);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_playStatus, 1);
    audioLayout->addWidget(m_waveform, 1);
    audioLayout->addLayout(buttons);

    m_stack->addWidget(none);
    m_stack->addWidget(imagePage);
    m_stack->addWidget(m_text);
    m_stack->addWidget(audioPage);

    m_pairs->setObjectName(QStringLiteral("inspectorPairs"));
    m_pairs->setMaximumHeight(110);
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_stack, 1);
    layout->addWidget(new QLabel(tr("Paired with:")));
    layout->addWidget(m_pairs);
    setWidget(body);
    setMinimumWidth(200);

    connect(m_zoomSlider, &QSlider::valueChanged, this, [this](int percent) { setZoom(percent / 100.0); });
    connect(fit, &QPushButton::clicked, this, [this] { setZoom(0); });
    connect(m_playButton, &QPushButton::clicked, this, &InspectorDock::play);
    connect(m_stopButton, &QPushButton::clicked, this, &InspectorDock::stop);
    connect(m_pairs, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT pairedItemActivated(item->data(Qt::UserRole).toInt()); });
    connect(library, &QAbstractItemModel::modelReset, this, [this] { showItem(0); });
}

QString InspectorDock::shownKind() const
{
    switch (m_stack->currentIndex()) {
    case kImage: return QStringLiteral("image");
    case kText: return QStringLiteral("text");
    case kAudio: return QStringLiteral("audio");
    default: return QStringLiteral("none");
    }
}

void InspectorDock::showItem(int itemId)
{
    stop();
    const auto* item = m_library->find(itemId);
    m_itemId = item ? itemId : 0;
    if (!item) {
        m_title->clear();
        m_stack->setCurrentIndex(kNone);
        m_pairs->clear();
        return;
    }
    m_title->setText(tr("<b>%1</b><br>%2").arg(item->label.toHtmlEscaped(), itemKindText(item->kind)));
    switch (item->kind) {
    case api::ItemKind::Image:
        showImage(item->content);
        m_stack->setCurrentIndex(kImage);
        break;
    case api::ItemKind::Text:
        m_text->setPlainText(item->content);
        if (!item->language.isEmpty())
            m_title->setText(m_title->text() + tr(" · language: %1").arg(item->language));
        m_stack->setCurrentIndex(kText);
        break;
    case api::ItemKind::Audio:
        m_waveform->clear();
        loadAudio(item->content);
        m_stack->setCurrentIndex(kAudio);
        break;
    }
    updatePairs();
}

void InspectorDock::showImage(const QString& path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    m_image = reader.read();
    if (m_image.isNull()) {
        m_imageLabel->setText(tr("%1: %2").arg(QFileInfo(path).fileName(), reader.errorString()));
        m_imageLabel->adjustSize();
        return;
    }
    m_title->setText(m_title->text() + tr(" · %1 × %2 pixels").arg(m_image.width()).arg(m_image.height()));
    setZoom(0);
}

void InspectorDock::setZoom(double zoom)
{
    if (m_image.isNull())
        return;
    m_fit = zoom <= 0;
    if (zoom <= 0) {
        // Fit: the whole picture in the visible area, small pictures enlarged.
        const QSize area = m_imageArea->viewport()->size() - QSize(4, 4);
        zoom = std::min(double(area.width()) / m_image.width(), double(area.height()) / m_image.height());
        zoom = std::clamp(zoom, 0.1, 8.0);
    }
    m_zoom = zoom;
    const QSignalBlocker block(m_zoomSlider);
    m_zoomSlider->setValue(int(std::lround(zoom * 100)));
    const QSize size(std::max(1, int(m_image.width() * zoom)), std::max(1, int(m_image.height() * zoom)));
    // Enlarged pixels stay sharp (emoji, patches); reduced ones are smoothed.
    m_imageLabel->setPixmap(QPixmap::fromImage(
        m_image.scaled(size, Qt::KeepAspectRatio, zoom >= 2 ? Qt::FastTransformation : Qt::SmoothTransformation)));
    m_imageLabel->adjustSize();
}

bool InspectorDock::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_imageArea->viewport() && event->type() == QEvent::Resize && m_fit)
        setZoom(0);
    if (watched == m_imageArea->viewport() && event->type() == QEvent::Wheel) {
        auto* wheel = static_cast<QWheelEvent*>(event);
        if (wheel->modifiers() & Qt::ControlModifier) {
            setZoom(std::clamp(m_zoom * (wheel->angleDelta().y() > 0 ? 1.25 : 0.8), 0.1, 8.0));
            return true;
        }
    }
    return QDockWidget::eventFilter(watched, event);
}

void InspectorDock::loadAudio(const QString& path)
{
    const int shownId = m_itemId;
    m_bridge->submit(
        tr("Read %1").arg(QFileInfo(path).fileName()),
        [path = path.toStdString()](runtime::JobContext&) {
            auto clip = io::loadAudio(path);
            if (!clip)
                throw EngineError(clip.error().message);
            AudioOverview overview;
            overview.mono = clip->mono();
            overview.sampleRate = clip->sampleRate;
            overview.mel = io::logMel(io::resample(overview.mono, clip->sampleRate, 16000));
            return std::any(std::move(overview));
        },
        this,
        [this, shownId](const runtime::JobOutcome& outcome) {
            if (m_itemId != shownId)
                return;
            if (outcome.status != runtime::JobStatus::Succeeded) {
                m_playStatus->setText(QString::fromStdString(outcome.error));
                return;
            }
            const auto& overview = std::any_cast<const AudioOverview&>(outcome.value);
            m_waveform->setWaveform(overview.mono, overview.sampleRate);
            m_waveform->setSpectrogram(int(overview.mel.frames), overview.mel.bins, overview.mel.values, 0.01);
            m_title->setText(m_title->text() + tr(" · %1 s, %2 Hz").arg(m_waveform->durationSeconds(), 0, 'f', 2).arg(overview.sampleRate));
        });
}

void InspectorDock::updatePairs()
{
    m_pairs->clear();
    for (const auto& paired : m_library->pairedWith(m_itemId)) {
        auto* entry = new QListWidgetItem(tr("%1: %2").arg(itemKindText(paired.kind), paired.label), m_pairs);
        entry->setData(Qt::UserRole, paired.id);
    }
    if (m_pairs->count() == 0)
        m_pairs->addItem(tr("(nothing)"));
}

void InspectorDock::ensurePlayer()
{
    if (m_player)
        return;
    m_player = new QMediaPlayer(this);
    m_output = new QAudioOutput(this);
    m_player->setAudioOutput(m_output);
    connect(m_player, &QMediaPlayer::positionChanged, this,
            [this](qint64 ms) { m_waveform->setPlayPosition(ms / 1000.0); });
    connect(m_player, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error, const QString& text) { m_playStatus->setText(tr("Cannot play: %1").arg(text)); });
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this](QMediaPlayer::PlaybackState state) {
        if (state == QMediaPlayer::StoppedState)
            m_waveform->setPlayPosition(-1);
    });
}

QString InspectorDock::playbackStatus() const
{
    return m_playStatus->text();
}

void InspectorDock::play()
{
    const auto* item = m_library->find(m_itemId);
    if (!item || item->kind != api::ItemKind::Audio)
        return;
    // Machines without sound (servers, CI): say so and carry on.
    if (QMediaDevices::audioOutputs().isEmpty()) {
        m_playStatus->setText(tr("No audio output on this machine"));
        return;
    }
    ensurePlayer();
    m_player->setSource(QUrl::fromLocalFile(item->content));
    m_player->play();
    m_playStatus->setText(tr("Playing"));
}

void InspectorDock::stop()
{
    if (m_player)
        m_player->stop();
    m_waveform->setPlayPosition(-1);
    if (m_playStatus->text() == tr("Playing"))
        m_playStatus->clear();
}

} // namespace fscope::ui
