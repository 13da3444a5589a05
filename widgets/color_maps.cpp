#include "widgets/color_maps.h"

#include <algorithm>
#include <array>

namespace fscope::widgets {

namespace {

using Stops = std::array<QRgb, 9>;

// Nine evenly spaced samples (0, 1/8, ..., 1) of each map; QCPColorGradient
// interpolates linearly in RGB between them, which stays within a few units of
// the 256-entry originals.
constexpr Stops kViridis = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21908c,
                            0x27ad81, 0x5dc863, 0xaadc32, 0xfde725};
constexpr Stops kMagma = {0x000004, 0x1d1147, 0x51127c, 0x822681, 0xb63679,
                            0xe65164, 0xfb8861, 0xfec287, 0xfcfdbf};
constexpr Stops kInferno = {0x000004, 0x1f0c48, 0x550f6d, 0x88226a, 0xba3655,
                            0xe35932, 0xf98c0a, 0xf9c932, 0xfcffa4};
constexpr Stops kCividis = {0x00204d, 0x00336f, 0x39486b, 0x575c6d, 0x707173,
                            0x8a8779, 0xa69d75, 0xc4b56c, 0xffea46};

const Stops* stopsOf(ColorMap map)
{
    switch (map) {
    case ColorMap::Viridis: return &kViridis;
    case ColorMap::Magma: return &kMagma;
    case ColorMap::Inferno: return &kInferno;
    case ColorMap::Cividis: return &kCividis;
    case ColorMap::Grayscale: return nullptr;
    }
    return &kViridis;
}

} // namespace

QCPColorGradient colorGradient(ColorMap map)
{
    const auto* stops = stopsOf(map);
    if (!stops)
        return QCPColorGradient(QCPColorGradient::gpGrayscale);
    QCPColorGradient gradient;
    gradient.clearColorStops();
    for (size_t i = 0; i < stops->size(); ++i)
        gradient.setColorStopAt(double(i) / double(stops->size() - 1), QColor::fromRgb((*stops)[i]));
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setLevelCount(256);
    return gradient;
}

QString colorMapName(ColorMap map)
{
    switch (map) {
    case ColorMap::Viridis: return QStringLiteral("viridis");
    case ColorMap::Magma: return QStringLiteral("magma");
    case ColorMap::Inferno: return QStringLiteral("inferno");
    case ColorMap::Cividis: return QStringLiteral("cividis");
    case ColorMap::Grayscale: return QStringLiteral("grayscale");
    }
    return QStringLiteral("viridis");
}

QStringList colorMapNames()
{
    QStringList names;
    for (auto map : {ColorMap::Viridis, ColorMap::Magma, ColorMap::Inferno, ColorMap::Cividis, ColorMap::Grayscale})
        names << colorMapName(map);
    return names;
}

ColorMap colorMapFromName(const QString& name, ColorMap fallback)
{
    for (auto map : {ColorMap::Viridis, ColorMap::Magma, ColorMap::Inferno, ColorMap::Cividis, ColorMap::Grayscale})
        if (colorMapName(map) == name)
            return map;
    return fallback;
}

QColor colorAt(ColorMap map, double value)
{
    auto gradient = colorGradient(map);
    return QColor::fromRgb(gradient.color(std::clamp(value, 0.0, 1.0), QCPRange(0, 1)));
}

} // namespace fscope::widgets
