#include "ui/library_intake.h"

#include "ui/library_model.h"
#include "ui/speech.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QMimeData>
#include <QUrl>

namespace fscope::ui {

LibraryIntake::LibraryIntake(LibraryModel* library, EngineBridge* bridge, QString speechDir, QObject* parent)
    : QObject(parent), m_library(library), m_bridge(bridge), m_speechDir(std::move(speechDir))
{
}

int LibraryIntake::importPaths(const QStringList& paths)
{
    QStringList found;
    int added = 0;
    for (const auto& path : paths)
        added += m_library->importPath(path, &found);
    if (!found.isEmpty())
        Q_EMIT problems(tr("Some files could not be added"), found);
    if (added > 0)
        Q_EMIT message(tr("Added %n item(s) to the library", nullptr, added));
    return added;
}

void LibraryIntake::paste()
{
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    if (!mime)
        return;
    if (mime->hasUrls()) {
        QStringList paths;
        for (const auto& url : mime->urls())
            if (url.isLocalFile())
                paths << url.toLocalFile();
        if (!paths.isEmpty()) {
            importPaths(paths);
            return;
        }
    }
    if (mime->hasImage()) {
        // A picture from another program: kept as a PNG so the workspace can refer to it.
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        const QString folder = QFileInfo(m_speechDir).dir().filePath(QStringLiteral("pasted"));
        const QString path = QDir(folder).filePath(
            QStringLiteral("pasted-%1.png").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"))));
        if (!QDir().mkpath(folder) || !image.save(path)) {
            Q_EMIT problems(tr("Cannot paste the image"), {tr("%1: cannot write the file").arg(path)});
            return;
        }
        importPaths({path});
        return;
    }
    int added = 0;
    for (const auto& line : mime->text().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty()) {
            m_library->addText(line.trimmed());
            ++added;
        }
    if (added > 0)
        Q_EMIT message(tr("Added %n item(s) to the library", nullptr, added));
}

void LibraryIntake::speak(const QString& text, const QString& voice)
{
    speakToFile(m_bridge, this, text, voice, m_speechDir, [this, text, voice](const QString& wav, const QString& error) {
        if (wav.isEmpty())
            Q_EMIT problems(tr("Cannot speak “%1”").arg(text), {error});
        else
            m_library->addSpeech(text, wav, voice);
    });
}

} // namespace fscope::ui
