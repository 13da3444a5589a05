#include "ui/qt_convert.h"

namespace fscope::ui {

QImage toQImage(const io::ImageRgb8& image)
{
    if (image.width <= 0 || image.height <= 0)
        return {};
    return QImage(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888).copy();
}

QString csvQuoted(QString text)
{
    return QStringLiteral("\"%1\"").arg(text.replace(QLatin1Char('"'), QStringLiteral("\"\"")));
}

} // namespace fscope::ui
