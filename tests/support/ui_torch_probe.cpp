// Compiled with the UI library's flags by tests/scripts/check_ui_includes.cmake,
// which passes only when this include cannot be found.
#include <torch/torch.h>
