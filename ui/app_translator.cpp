#include "ui/app_translator.h"

#include <cstring>

namespace fscope::ui {

QString AppTranslator::translate(const char* context, const char* sourceText, const char* disambiguation, int n) const
{
    QString text = QTranslator::translate(context, sourceText, disambiguation, n);
    if (text.isNull() && context)
        if (const char* bare = std::strrchr(context, ':'))
            text = QTranslator::translate(bare + 1, sourceText, disambiguation, n);
    return text;
}

} // namespace fscope::ui
