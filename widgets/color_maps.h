#pragma once
// Perceptually uniform colour maps for heatmaps and overlays. QCustomPlot 2.1
// has no viridis preset, so the gradients are built from colour stops sampled
// from the published matplotlib maps (van der Walt and Smith, 2015).
// GUI thread only (QCPColorGradient is a plain value, but widgets use it).

#include <QColor>
#include <QString>
#include <QStringList>

#include "widgets/qcustomplot_include.h"

namespace fscope::widgets {

enum class ColorMap { Viridis, Magma, Inferno, Cividis, Grayscale };

QCPColorGradient colorGradient(ColorMap map);
QString colorMapName(ColorMap map);          // untranslated id: "viridis"
QStringList colorMapNames();
ColorMap colorMapFromName(const QString& name, ColorMap fallback = ColorMap::Viridis);
// The colour of `value` in [0, 1] (clamped).
QColor colorAt(ColorMap map, double value);

} // namespace fscope::widgets
