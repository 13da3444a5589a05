# Finds the three OpenCV modules FusionScope uses (core, imgproc, imgcodecs).
# Debian ships OpenCV's CMake package only in the all-modules libopencv-dev; the
# per-module -dev packages are enough here, so look for them directly.
find_package(OpenCV QUIET COMPONENTS core imgproc imgcodecs)
if(OpenCV_FOUND)
  add_library(FusionOpenCV::OpenCV INTERFACE IMPORTED)
  target_link_libraries(FusionOpenCV::OpenCV INTERFACE ${OpenCV_LIBS})
  target_include_directories(FusionOpenCV::OpenCV INTERFACE ${OpenCV_INCLUDE_DIRS})
  set(FusionOpenCV_VERSION ${OpenCV_VERSION})
  set(FusionOpenCV_FOUND TRUE)
  return()
endif()

find_path(FusionOpenCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4)
foreach(module core imgproc imgcodecs)
  find_library(FusionOpenCV_${module}_LIBRARY opencv_${module})
  list(APPEND FusionOpenCV_LIBRARIES ${FusionOpenCV_${module}_LIBRARY})
  list(APPEND FusionOpenCV_REQUIRED_VARS FusionOpenCV_${module}_LIBRARY)
endforeach()
if(FusionOpenCV_INCLUDE_DIR AND EXISTS "${FusionOpenCV_INCLUDE_DIR}/opencv2/core/version.hpp")
  file(STRINGS "${FusionOpenCV_INCLUDE_DIR}/opencv2/core/version.hpp" _cv_version_lines
       REGEX "#define CV_VERSION_(MAJOR|MINOR|REVISION) ")
  foreach(part MAJOR MINOR REVISION)
    string(REGEX REPLACE ".*#define CV_VERSION_${part} +([0-9]+).*" "\\1" _cv_${part} "${_cv_version_lines}")
  endforeach()
  set(FusionOpenCV_VERSION "${_cv_MAJOR}.${_cv_MINOR}.${_cv_REVISION}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(FusionOpenCV
  REQUIRED_VARS FusionOpenCV_INCLUDE_DIR ${FusionOpenCV_REQUIRED_VARS}
  VERSION_VAR FusionOpenCV_VERSION)

if(FusionOpenCV_FOUND AND NOT TARGET FusionOpenCV::OpenCV)
  add_library(FusionOpenCV::OpenCV INTERFACE IMPORTED)
  target_link_libraries(FusionOpenCV::OpenCV INTERFACE ${FusionOpenCV_LIBRARIES})
  target_include_directories(FusionOpenCV::OpenCV INTERFACE ${FusionOpenCV_INCLUDE_DIR})
endif()
