#pragma once
// Small conversions between the engine's plain data and Qt's types, shared
// by the pages. GUI thread only (QImage is implicitly shared).

#include "api/media.h"

#include <QImage>
#include <QString>

namespace fscope::ui {

// A deep copy of an RGB image; a null QImage for an empty one.
QImage toQImage(const io::ImageRgb8& image);
// A CSV field: in double quotes, inner quotes doubled.
QString csvQuoted(QString text);
// The translated name of a fusion strategy id ("early" -> "Early fusion"); the id itself when unknown.
QString fusionStrategyTitle(const QString& id);

} // namespace fscope::ui
