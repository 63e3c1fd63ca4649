# The version `stowage --version` prints (advisor/cli/version.hpp): the project version, the git
# revision of the source tree when the build is configured (`git describe --always --dirty`;
# "unknown" outside a git checkout of this tree) and the build type. scripts/build.sh configures
# on every run, so its builds carry the revision they were built from.
# A source tree that is no git checkout (a container build's context) may be given its revision:
# -DSTOWAGE_REVISION=... (the Dockerfile's REVISION build argument).
set(STOWAGE_REVISION "" CACHE STRING "The revision --version names when the source is no git checkout")
set(STOWAGE_GIT_REVISION unknown)
find_package(Git QUIET)
if(STOWAGE_REVISION)
  set(STOWAGE_GIT_REVISION ${STOWAGE_REVISION})
elseif(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --show-toplevel
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE stowage_git_top
                  RESULT_VARIABLE stowage_git_rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  # Only a checkout of this tree: a source tree unpacked inside another repository is not one.
  if(stowage_git_rc EQUAL 0 AND EXISTS "${stowage_git_top}/CMakeLists.txt")
    file(REAL_PATH "${stowage_git_top}" stowage_git_top)
    file(REAL_PATH "${PROJECT_SOURCE_DIR}" stowage_source_real)
  endif()
  if(stowage_git_rc EQUAL 0 AND stowage_git_top STREQUAL stowage_source_real)
    execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE stowage_git_describe
                    RESULT_VARIABLE stowage_git_rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(stowage_git_rc EQUAL 0 AND stowage_git_describe)
      set(STOWAGE_GIT_REVISION ${stowage_git_describe})
    endif()
  endif()
endif()
set(STOWAGE_BUILD_TYPE "${CMAKE_BUILD_TYPE}")
if(NOT STOWAGE_BUILD_TYPE)
  set(STOWAGE_BUILD_TYPE "no build type")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.cpp.in ${PROJECT_BINARY_DIR}/generated/version.cpp
               @ONLY)
target_sources(stowage PRIVATE ${PROJECT_BINARY_DIR}/generated/version.cpp)
