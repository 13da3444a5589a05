#pragma once
// The first page a person sees: what FusionScope does and the fusion
// strategies it can show side by side. GUI thread only.

#include <QWidget>

namespace fscope::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);
};

} // namespace fscope::ui
