#pragma once
// Include QCustomPlot through this header. Its header uses Qt's lowercase
// keywords (signals, slots, emit, foreach), which the project switches off
// with QT_NO_KEYWORDS because they clash with LibTorch; map them back for
// this one header only.

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef emit
#undef slots
#undef signals
