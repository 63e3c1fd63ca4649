# Fails when ctest does not run exactly the test cases the doctest binary holds: a case whose name
# ctest's discovery splits (a `;` in it) runs nothing and would count as passed. Compares
# `stowage_tests --count` with the ctest entries discovered from it (every entry whose command
# is the binary). Run by ctest as "tests: ctest runs every test case the binary holds".
execute_process(COMMAND ${BIN} --count OUTPUT_VARIABLE count_out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BIN} --count failed: ${rc}")
endif()
string(REGEX MATCHALL "[0-9]+" numbers "${count_out}")
list(GET numbers -1 cases)
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${DIR} --show-only=json-v1
                OUTPUT_VARIABLE json RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ctest --show-only failed: ${rc}")
endif()
string(JSON tests_len LENGTH "${json}" tests)
set(entries 0)
math(EXPR last "${tests_len} - 1")
foreach(i RANGE ${last})
  string(JSON command_0 ERROR_VARIABLE no_command GET "${json}" tests ${i} command 0)
  if(NOT no_command AND command_0 STREQUAL "${BIN}")
    math(EXPR entries "${entries} + 1")
  endif()
endforeach()
if(NOT entries EQUAL cases)
  message(FATAL_ERROR "ctest runs ${entries} entries of ${BIN} but it holds ${cases} test cases: a "
                      "case name that ctest splits (a `;`) runs nothing")
endif()
message(STATUS "ctest runs all ${cases} test cases of ${BIN}")
