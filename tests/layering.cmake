# The layers of ARCHITECTURE.md, checked on the sources: cmake -DROOT=<repo> -P layering.cmake.
# Each rule names the files it covers and the #include lines they must not have. A violation
# prints `FILE:LINE: layering: RULE` for each line and fails.
#
#   1. The simulator's core (sim/ outside sim/config/) includes nothing from sim/config/ or
#      advisor/: it works on plain structs and never sees a file format.
#   2. sim/config/ includes nothing from advisor/.
#   3. The judge (advisor/judge/) includes nothing from the layers above it: cli, report, sweep,
#      calibrate.
#   4. The build wall: yaml-cpp and libfyaml (and sim/config's own headers that include them) are
#      included only in sim/config/; Eigen only in sim/config/ and advisor/calibrate/fit.cpp.
#      Tests and benchmarks of those readers link them themselves and are not checked.
#   5. The cold start is a generic loop: sim/coldstart/ and advisor/ never name a kind's flag
#      (in_image, block_link, fuse_client, has_backing), and no `enum class StorageKind` exists.

set(violations "")

function(check_files files rule pattern)
  foreach(file IN LISTS files)
    # One list element per line: the characters that CMake's lists treat specially are replaced
    # first (no rule needs them), so that line numbers stay true.
    file(READ "${ROOT}/${file}" text)
    string(REPLACE ";" "," text "${text}")
    string(REPLACE "[" "(" text "${text}")
    string(REPLACE "]" ")" text "${text}")
    string(REPLACE "\\" "/" text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    set(n 0)
    foreach(line IN LISTS lines)
      math(EXPR n "${n} + 1")
      if(line MATCHES "${pattern}")
        list(APPEND violations "${file}:${n}: layering: ${rule}: ${line}")
      endif()
    endforeach()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

function(glob_sources out)
  set(found "")
  foreach(dir IN LISTS ARGN)
    file(GLOB_RECURSE some RELATIVE "${ROOT}" "${ROOT}/${dir}/*.cpp" "${ROOT}/${dir}/*.hpp"
         "${ROOT}/${dir}/*.cu" "${ROOT}/${dir}/*.cuh")
    list(APPEND found ${some})
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

glob_sources(sim_all sim)
set(sim_core "${sim_all}")
list(FILTER sim_core EXCLUDE REGEX "^sim/config/")
set(sim_config "${sim_all}")
list(FILTER sim_config INCLUDE REGEX "^sim/config/")
glob_sources(advisor_all advisor)
glob_sources(judge advisor/judge)
glob_sources(loader_all loader)
glob_sources(coldstart sim/coldstart)

check_files("${sim_core}" "the simulator's core includes no config or advisor header"
            "^[ \t]*#[ \t]*include[ \t]*[\"<](sim/config/|advisor/)")
check_files("${sim_config}" "sim/config includes no advisor header"
            "^[ \t]*#[ \t]*include[ \t]*[\"<]advisor/")
check_files("${judge}" "the judge includes nothing from cli, report, sweep or calibrate"
            "^[ \t]*#[ \t]*include[ \t]*[\"<]advisor/(cli|report|sweep|calibrate)/")

set(outside_config ${sim_core} ${advisor_all} ${loader_all})
set(parser_include
    "^[ \t]*#[ \t]*include[ \t]*[\"<](yaml-cpp/|libfyaml|sim/config/yaml_(reader|tree|parse|fast)\\.hpp)")
check_files("${outside_config}" "yaml-cpp and libfyaml stay in sim/config" "${parser_include}")
set(eigen_checked ${outside_config})
list(REMOVE_ITEM eigen_checked advisor/calibrate/fit.cpp)
check_files("${eigen_checked}" "Eigen stays in calibrate's fit" "^[ \t]*#[ \t]*include[ \t]*[\"<]Eigen/")

check_files("${coldstart};${advisor_all}" "the cold start and the advisor name no kind's flag"
            "(^|[^A-Za-z_])(in_image|block_link|fuse_client|has_backing)([^A-Za-z_]|$)")
check_files("${sim_all};${advisor_all}" "no storage-kind enum" "enum[ \t]+class[ \t]+StorageKind")

if(violations)
  list(LENGTH violations count)
  string(REPLACE ";" "\n" text "${violations}")
  message(FATAL_ERROR "${count} layering violation(s):\n${text}")
endif()
list(LENGTH sim_all n_sim)
list(LENGTH advisor_all n_advisor)
message(STATUS "layering: ${n_sim} sim and ${n_advisor} advisor files keep their layers")
