#pragma once
// Draws one emoji from the Noto Color Emoji font (fonts-noto-color-emoji) as a
// square RGB image on white, the way the emoji pack stores them. Only that font
// is used: an emoji it cannot draw as one glyph (a sequence it does not join,
// a code point it lacks) is reported, never drawn from another font.
// Needs a QGuiApplication (QT_QPA_PLATFORM=offscreen works). GUI thread only.

#include <QImage>
#include <QString>

namespace fscope::cli {

struct EmojiRendering {
    QImage image;  // Format_RGB888, size x size; null on failure
    QString error; // why it could not be drawn
};

// The font file, when installed: Debian's path first, then the font database.
QString emojiFontPath();

EmojiRendering renderEmoji(const QString& emoji, int size);

} // namespace fscope::cli
