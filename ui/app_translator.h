#pragma once
// The app's translator. Qt's tr() names the context by the class's full name
// ("fscope::ui::MainWindow"), while lupdate (6.4) does not follow C++17 nested
// namespace definitions and files most strings under the bare class name
// ("MainWindow"): this translator looks up the full name, then the bare one.
// GUI thread only.

#include <QTranslator>

namespace fscope::ui {

class AppTranslator : public QTranslator {
    Q_OBJECT
public:
    using QTranslator::QTranslator;
    QString translate(const char* context, const char* sourceText, const char* disambiguation = nullptr,
                      int n = -1) const override;
};

} // namespace fscope::ui
