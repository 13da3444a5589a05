# The UI reaches the engine through its door only: every #include "..." of a
# ui/ file names a ui/ or widgets/ header, or an engine header under api/ or
# util/; no ui/ file names a LibTorch header. Then, with the UI's own compile
# flags, <torch/torch.h> must not be found at all (the door keeps LibTorch
# private), checked by building a one-line probe that must fail.
# Usage: cmake -DSOURCE=dir -DBUILD=dir -DPROBE=target -P this
cmake_minimum_required(VERSION 3.22)
file(GLOB ui_files "${SOURCE}/ui/*.h" "${SOURCE}/ui/*.cpp")
if(NOT ui_files)
  message(FATAL_ERROR "no ui/ sources under ${SOURCE}")
endif()
file(GLOB engine_dirs LIST_DIRECTORIES true RELATIVE "${SOURCE}/engine" "${SOURCE}/engine/*")
set(problems "")
foreach(file IN LISTS ui_files)
  file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include")
  file(RELATIVE_PATH name "${SOURCE}" "${file}")
  foreach(line IN LISTS includes)
    if(line MATCHES "#[ \t]*include[ \t]*[<\"](torch|ATen|c10|caffe2)/")
      string(APPEND problems "  ${name}: ${line} (a LibTorch header)\n")
    elseif(line MATCHES "#[ \t]*include[ \t]*\"([^/\"]+)/[^\"]+\"")
      set(top "${CMAKE_MATCH_1}")
      if(top IN_LIST engine_dirs AND NOT top STREQUAL "api" AND NOT top STREQUAL "util")
        string(APPEND problems "  ${name}: ${line} (engine/${top}/ is behind the door: use engine/api/)\n")
      endif()
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "ui/ includes engine internals:\n${problems}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} --build "${BUILD}" --target "${PROBE}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "a file compiled with the UI's flags can include <torch/torch.h>: the door leaks LibTorch")
endif()
if(NOT "${out}${err}" MATCHES "torch/torch.h: No such file")
  message(FATAL_ERROR "the LibTorch probe failed for another reason:\n${out}${err}")
endif()
list(LENGTH ui_files count)
message(STATUS "${count} ui/ files include the engine through engine/api/ only; LibTorch is out of their sight")
