# Every dependency comes from Debian packages; scripts/setup.sh installs them.
find_package(Torch REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS CXX)

if(NOT FUSIONSCOPE_ENGINE_CORE_ONLY)
  find_package(FusionOpenCV REQUIRED)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
  pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
  find_package(ZLIB REQUIRED)
  # QCustomPlotQt6's config needs Qt6::PrintSupport to exist before it is found.
  find_package(Qt6 6.2 REQUIRED COMPONENTS Core Gui Widgets PrintSupport Multimedia Test LinguistTools)
  find_package(QCustomPlotQt6 REQUIRED)
endif()
