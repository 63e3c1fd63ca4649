# Install rules (`cmake --install build [--prefix DIR]`, docs/install.md). The layout:
#   bin/stowage, bin/stowage-loader
#   share/stowage/profiles/                  the catalog
#   share/stowage/data/{workloads,sweeps,validation}/
#   share/stowage/schema/                    the JSON Schemas of the JSON output (docs/json.md)
#   share/bash-completion/completions/stowage, share/zsh/vendor-completions/_stowage,
#   share/fish/vendor_completions.d/stowage.fish
#   share/man/man1/stowage.1
# The program finds share/stowage/ beside its own location first (advisor/cli/data_dir.hpp), so
# an installed tree keeps working when it is moved; the prefix given here comes after the source
# tree it was built from.
include(GNUInstallDirs)

set_property(SOURCE advisor/cli/data_dir.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             STOWAGE_INSTALL_DATADIR="${CMAKE_INSTALL_FULL_DATADIR}/stowage")

install(TARGETS stowage RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET stowage-loader)
  install(TARGETS stowage-loader RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY profiles DESTINATION ${CMAKE_INSTALL_DATADIR}/stowage)
install(DIRECTORY data/workloads data/sweeps data/validation
        DESTINATION ${CMAKE_INSTALL_DATADIR}/stowage/data)
install(DIRECTORY docs/schema DESTINATION ${CMAKE_INSTALL_DATADIR}/stowage)

# The completion scripts and the manual page, written by the program itself after each link of
# `stowage`, so that they always match its commands.
set(STOWAGE_COMPLETIONS_DIR ${PROJECT_BINARY_DIR}/completions)
# Under a sanitizer the leak check is off for these runs (a build step is no place for it, and
# LeakSanitizer cannot run where ptrace is refused).
set(STOWAGE_RUN_SELF ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 $<TARGET_FILE:stowage>)
add_custom_command(TARGET stowage POST_BUILD
                   COMMAND ${CMAKE_COMMAND} -E make_directory ${STOWAGE_COMPLETIONS_DIR}
                   COMMAND ${STOWAGE_RUN_SELF} completion bash -o ${STOWAGE_COMPLETIONS_DIR}/stowage
                   COMMAND ${STOWAGE_RUN_SELF} completion zsh -o ${STOWAGE_COMPLETIONS_DIR}/_stowage
                   COMMAND ${STOWAGE_RUN_SELF} completion fish -o ${STOWAGE_COMPLETIONS_DIR}/stowage.fish
                   COMMAND ${STOWAGE_RUN_SELF} man -o ${STOWAGE_COMPLETIONS_DIR}/stowage.1
                   VERBATIM)
install(FILES ${STOWAGE_COMPLETIONS_DIR}/stowage
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${STOWAGE_COMPLETIONS_DIR}/_stowage
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${STOWAGE_COMPLETIONS_DIR}/stowage.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES ${STOWAGE_COMPLETIONS_DIR}/stowage.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
