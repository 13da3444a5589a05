#pragma once
// "Speak text": speech synthesised by espeak-ng on the engine thread and saved
// as a WAV file, for spoken queries and audio items.
//
//   speakToFile(bridge, this, tr("red apple"), QStringLiteral("en-gb-x-rp"), speechDir,
//               [](const QString& wav, const QString& error) { ... });
//
// Files are named by the SHA-256 of voice and text, so saying the same words
// again reuses the file. GUI thread only.

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace fscope::ui {

class EngineBridge;

// espeak-ng voices offered in the app: English accents and Mandarin.
QStringList speechVoices();

void speakToFile(EngineBridge* bridge, QObject* receiver, const QString& text, const QString& voice,
                 const QString& directory, std::function<void(const QString& wavPath, const QString& error)> done);

} // namespace fscope::ui
