#include "ui/qt_convert.h"

#include <QCoreApplication>

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

QString fusionStrategyTitle(const QString& id)
{
    if (id == QLatin1String("early"))
        return QCoreApplication::translate("FusionStrategy", "Early fusion");
    if (id == QLatin1String("late"))
        return QCoreApplication::translate("FusionStrategy", "Late fusion");
    if (id == QLatin1String("xattn"))
        return QCoreApplication::translate("FusionStrategy", "Cross-modal attention");
    if (id == QLatin1String("gated"))
        return QCoreApplication::translate("FusionStrategy", "Gated cross-attention");
    return id;
}

} // namespace fscope::ui
