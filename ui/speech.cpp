#include "ui/speech.h"

#include "ui/engine_bridge.h"

#include "api/media.h"
#include "util/sha256.h"

#include <QDir>
#include <QFileInfo>

namespace fscope::ui {

QStringList speechVoices()
{
    return {QStringLiteral("en-us"), QStringLiteral("en-gb-x-rp"), QStringLiteral("en-gb-scotland"),
            QStringLiteral("en-029"), QStringLiteral("cmn")};
}

void speakToFile(EngineBridge* bridge, QObject* receiver, const QString& text, const QString& voice,
                 const QString& directory, std::function<void(const QString&, const QString&)> done)
{
    const std::string name = sha256Hex((voice + QLatin1Char('\n') + text).toStdString()).substr(0, 24) + ".wav";
    const QString path = QDir(directory).filePath(QString::fromStdString(name));
    bridge->submit(
        QObject::tr("Speak “%1”").arg(text),
        [text = text.toStdString(), voice = voice.toStdString(), directory, path](runtime::JobContext& context) {
            context.reportProgress(-1);
            if (QFileInfo::exists(path))
                return std::any(path);
            if (!QDir().mkpath(directory))
                throw EngineError(directory.toStdString() + ": cannot create the folder");
            auto clip = io::synthesizeSpeech(text, {voice, 160, 50});
            if (!clip)
                throw EngineError(clip.error().message);
            auto saved = io::saveAudio(path.toStdString(), *clip, io::AudioFileFormat::Wav16);
            if (!saved)
                throw EngineError(saved.error().message);
            return std::any(path);
        },
        receiver,
        [done = std::move(done)](const runtime::JobOutcome& outcome) {
            if (outcome.status == runtime::JobStatus::Succeeded)
                done(std::any_cast<QString>(outcome.value), {});
            else
                done({}, outcome.status == runtime::JobStatus::Cancelled ? QObject::tr("cancelled")
                                                                          : QString::fromStdString(outcome.error));
        });
}

} // namespace fscope::ui
