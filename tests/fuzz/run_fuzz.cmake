# Runs one fuzz target: first every regression input once (libFuzzer runs the files it is
# given), then fuzzing for SECONDS seconds from the seed corpus. Fails on any crash, leak,
# timeout or out-of-memory, naming the input that reproduces it. Prints the executions.
# -D: NAME, FUZZER, SEEDS, REGRESSIONS, DICT (may be empty), MAX_LEN, WORK, SECONDS.
set(limits -timeout=10 -rss_limit_mb=2048 -max_len=${MAX_LEN})
file(MAKE_DIRECTORY ${WORK})
file(REMOVE ${WORK}/summary.txt)

file(GLOB regressions ${REGRESSIONS}/*)
if(regressions)
  list(LENGTH regressions count)
  execute_process(COMMAND ${FUZZER} ${limits} ${regressions} WORKING_DIRECTORY ${WORK}
                  RESULT_VARIABLE status OUTPUT_VARIABLE log ERROR_VARIABLE log)
  if(NOT status EQUAL 0)
    string(REGEX MATCH "Running: [^\n]*\n[^\n]*\n" last "${log}")
    file(WRITE ${WORK}/summary.txt "fuzz ${NAME}: FAILED replaying a regression input\n")
    message("${log}")
    message(FATAL_ERROR "${NAME}: a regression input fails again (status ${status}); the last one run:\n${last}"
                        "replay: ${FUZZER} <file>")
  endif()
  message(STATUS "${NAME}: ${count} regression input(s) pass")
endif()

# The corpus grown by earlier runs is kept in WORK (each run goes on from it); the seeds are
# read from the source tree, never written to.
file(REMOVE_RECURSE ${WORK}/artifacts)
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
set(dict "")
if(DICT)
  set(dict -dict=${DICT})
endif()
execute_process(
  COMMAND ${FUZZER} ${limits} -max_total_time=${SECONDS} ${dict} -print_final_stats=1
          -artifact_prefix=${WORK}/artifacts/ ${WORK}/corpus ${SEEDS}
  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE status OUTPUT_VARIABLE log ERROR_VARIABLE log)
string(REGEX MATCH "stat::number_of_executed_units: *([0-9]+)" _ "${log}")
set(executions "${CMAKE_MATCH_1}")
string(REGEX MATCH "stat::peak_rss_mb: *([0-9]+)" _ "${log}")
set(rss "${CMAKE_MATCH_1}")
if(NOT status EQUAL 0)
  file(GLOB found ${WORK}/artifacts/*)
  file(WRITE ${WORK}/summary.txt "fuzz ${NAME}: FAILED after ${executions} executions; reproducer(s): ${found}\n")
  message("${log}")
  message(FATAL_ERROR "${NAME}: the fuzzer failed (status ${status}) after ${executions} executions; "
                      "reproducer(s): ${found}\nreplay: ${FUZZER} <reproducer>")
endif()
set(summary "fuzz ${NAME}: ${executions} executions in ${SECONDS} s, peak RSS ${rss} MB, no crash")
file(WRITE ${WORK}/summary.txt "${summary}\n")  # build/.../tests/fuzz/work/*/summary.txt: every target's count
message("${summary}")
