# Builds the parser fuzzer with clang when CLANG is given (GCC main builds), then runs it for
# SECONDS seconds on a fresh copy of the seed corpus. Fails if the fuzzer finds a crash.
# -D: FUZZER (prebuilt) or CLANG + SOURCES + INCLUDE; SEEDS, DICT, WORK, SECONDS.
file(MAKE_DIRECTORY ${WORK})
if(NOT FUZZER)
  set(FUZZER ${WORK}/console_parser_fuzz)
  execute_process(
    COMMAND ${CLANG} -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
            -I${INCLUDE} ${SOURCES} -o ${FUZZER}
    RESULT_VARIABLE built)
  if(NOT built EQUAL 0)
    message(FATAL_ERROR "could not build the fuzzer with ${CLANG} (needs libclang-rt-14-dev)")
  endif()
endif()
file(REMOVE_RECURSE ${WORK}/corpus ${WORK}/artifacts)
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=5 -rss_limit_mb=2048 -max_len=512 -dict=${DICT}
          -print_final_stats=1 -artifact_prefix=${WORK}/artifacts/ ${WORK}/corpus ${SEEDS}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(GLOB found ${WORK}/artifacts/*)
  message(FATAL_ERROR "the parser fuzzer failed (status ${status}); reproducer(s): ${found}")
endif()
