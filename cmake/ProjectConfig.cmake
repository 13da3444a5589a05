# Settings every FusionScope target links privately: language level, warnings,
# Qt hygiene and the sanitizer option. Keeping them on one INTERFACE target keeps
# the flags identical across targets, which the shared LibTorch PCH requires.
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
# Installed programs keep the run path of libraries outside the system folders
# (an official LibTorch unpacked anywhere); with Debian's libraries it stays empty.
set(CMAKE_INSTALL_RPATH_USE_LINK_PATH ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
# Debug info of LibTorch-heavy objects is large and slow to link; keep it light.
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O2 -g1 -DNDEBUG")

add_library(fusionscope_config INTERFACE)
target_compile_options(fusionscope_config INTERFACE
  -Wall -Wextra -Wno-unused-parameter)
target_compile_definitions(fusionscope_config INTERFACE
  QT_NO_KEYWORDS            # Qt's `slots` macro breaks LibTorch headers
  QT_NO_CAST_FROM_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  FUSIONSCOPE_VERSION="${PROJECT_VERSION}")
if(FUSIONSCOPE_SANITIZE)
  target_compile_options(fusionscope_config INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(fusionscope_config INTERFACE -fsanitize=address,undefined)
endif()
