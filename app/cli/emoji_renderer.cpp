#include "cli/emoji_renderer.h"

#include <QFile>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPainter>

namespace fscope::cli {

namespace {

// The font's bitmaps are 136 x 128 pixels at 109 pixels per em: drawing at
// that size copies them unscaled, and one smooth scaling step follows.
constexpr int kNativePixelSize = 109;
constexpr int kCanvas = 136;

QString loadedFamily(QString* error)
{
    static const QString family = [] {
        const QString path = emojiFontPath();
        if (path.isEmpty())
            return QString();
        const int id = QFontDatabase::addApplicationFont(path);
        const QStringList families = id >= 0 ? QFontDatabase::applicationFontFamilies(id) : QStringList();
        return families.isEmpty() ? QString() : families.first();
    }();
    if (family.isEmpty() && error)
        *error = QStringLiteral("the Noto Color Emoji font is not installed (package fonts-noto-color-emoji)");
    return family;
}

bool isJoinerOrSelector(char32_t cp)
{
    return cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || cp == 0x20E3 || (cp >= 0xE0020 && cp <= 0xE007F);
}

} // namespace

QString emojiFontPath()
{
    const QString debianPath = QStringLiteral("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf");
    return QFile::exists(debianPath) ? debianPath : QString();
}

EmojiRendering renderEmoji(const QString& emoji, int size)
{
    EmojiRendering result;
    const QString family = loadedFamily(&result.error);
    if (family.isEmpty())
        return result;
    QFont font(family);
    font.setPixelSize(kNativePixelSize);
    font.setStyleStrategy(QFont::NoFontMerging);
    const QFontMetricsF metrics(font);
    for (const char32_t cp : emoji.toUcs4()) {
        if (!isJoinerOrSelector(cp) && !metrics.inFontUcs4(cp)) {
            result.error = QStringLiteral("the emoji font has no glyph for U+%1").arg(uint(cp), 4, 16, QLatin1Char('0')).toUpper();
            return result;
        }
    }
    // A sequence the font does not join is drawn as several glyphs side by side.
    const qreal advance = metrics.horizontalAdvance(emoji);
    if (advance > kCanvas * 1.25) {
        result.error = QStringLiteral("the emoji font draws this sequence as %1 glyphs, not one")
                           .arg(qRound(advance / kCanvas));
        return result;
    }
    QImage canvas(kCanvas, kCanvas, QImage::Format_ARGB32_Premultiplied);
    canvas.fill(Qt::white);
    {
        QPainter painter(&canvas);
        painter.setFont(font);
        const qreal x = (kCanvas - advance) / 2;
        const qreal baseline = (kCanvas - (metrics.ascent() + metrics.descent())) / 2 + metrics.ascent();
        painter.drawText(QPointF(x, baseline), emoji);
    }
    result.image = canvas.scaled(size, size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                       .convertToFormat(QImage::Format_RGB888);
    return result;
}

} // namespace fscope::cli
