# Configures and builds the clang project of fuzz targets, tests/fuzz/clang. Configuring again
# each time is quick and picks up source files added to the globbed libraries.
# -D: CLANG, SOURCE_DIR, BUILD_DIR, GENERATOR, LAUNCHER (optional, e.g. ccache).
set(launcher "")
if(LAUNCHER)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/fuzz/clang -B ${BUILD_DIR} -G ${GENERATOR}
          -DCMAKE_CXX_COMPILER=${CLANG} -DCMAKE_BUILD_TYPE= -DROOST_SOURCE_DIR=${SOURCE_DIR} ${launcher}
  RESULT_VARIABLE configured)
if(NOT configured EQUAL 0)
  message(FATAL_ERROR "could not configure the fuzz targets with ${CLANG}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} RESULT_VARIABLE built)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "could not build the fuzz targets with ${CLANG} (libFuzzer needs libclang-rt-14-dev)")
endif()
