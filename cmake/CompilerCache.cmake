# Use ccache when it is installed. Precompiled headers need the sloppiness below,
# otherwise every object that uses the LibTorch PCH misses the cache.
find_program(FUSIONSCOPE_CCACHE ccache)
if(FUSIONSCOPE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      # Fresh clones in other folders (CI) still hit the cache.
      "CCACHE_BASEDIR=${PROJECT_SOURCE_DIR}" "CCACHE_NOHASHDIR=1"
      ${FUSIONSCOPE_CCACHE})
endif()
