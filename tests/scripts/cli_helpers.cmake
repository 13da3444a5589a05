# Shared by the command-line checks: run fusionscope-cli (${CLI}) and expect
# success (run_ok puts stdout in out_var) or a one-line failure matching a regex.
function(run_ok out_var)
  execute_process(COMMAND ${CLI} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fusionscope-cli ${ARGN} failed (${rc}): ${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

function(run_fails expected)
  execute_process(COMMAND ${CLI} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines lines)
  if(rc EQUAL 0 OR NOT lines EQUAL 1 OR NOT err MATCHES "${expected}")
    message(FATAL_ERROR "fusionscope-cli ${ARGN}: expected one line matching '${expected}' and a failure, "
                        "got exit ${rc} and '${err}'")
  endif()
endfunction()
