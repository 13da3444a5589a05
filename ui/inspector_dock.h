#pragma once
// The inspector: the selected library item in full. Images zoom (slider,
// Ctrl+wheel, Fit); texts show whole with their language; audio shows its
// waveform and log-mel spectrogram (read on the engine thread) with Play and
// Stop through Qt Multimedia ("no audio output" where the machine has none);
// and every item lists what it is paired with. GUI thread only.

#include <QDockWidget>
#include <QImage>

#include <memory>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSlider;
class QStackedWidget;
class QMediaPlayer;
class QAudioOutput;

namespace fscope::widgets {
class WaveformView;
}

namespace fscope::ui {

class EngineBridge;
class LibraryModel;

class InspectorDock : public QDockWidget {
    Q_OBJECT
public:
    InspectorDock(LibraryModel* library, EngineBridge* bridge, QWidget* parent = nullptr);

    void showItem(int itemId);
    int itemId() const { return m_itemId; }
    // What the pages show, for tests: "image", "text", "audio" or "none".
    QString shownKind() const;
    double zoom() const { return m_zoom; }
    void setZoom(double zoom); // 1.0 = 100 %; 0 fits the dock
    widgets::WaveformView* waveform() const { return m_waveform; }
    QString playbackStatus() const;
    void play();
    void stop();

Q_SIGNALS:
    void pairedItemActivated(int itemId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showImage(const QString& path);
    void loadAudio(const QString& path);
    void updatePairs();
    void ensurePlayer();

    LibraryModel* m_library;
    EngineBridge* m_bridge;
    int m_itemId = 0;
    QLabel* m_title;
    QStackedWidget* m_stack;
    QScrollArea* m_imageArea;
    QLabel* m_imageLabel;
    QSlider* m_zoomSlider;
    QImage m_image;
    double m_zoom = 0;
    bool m_fit = true; // follow the dock's size
    QPlainTextEdit* m_text;
    widgets::WaveformView* m_waveform;
    QPushButton* m_playButton;
    QPushButton* m_stopButton;
    QLabel* m_playStatus;
    QListWidget* m_pairs;
    QMediaPlayer* m_player = nullptr;
    QAudioOutput* m_output = nullptr;
};

} // namespace fscope::ui
