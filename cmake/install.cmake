# Install rules (`cmake --install build [--prefix DIR]`, docs/install.md). The layout:
#   bin/stowage, bin/stowage-loader
#   share/stowage/profiles/                  the catalog
#   share/stowage/data/{workloads,sweeps,validation}/
#   share/bash-completion/completions/stowage, share/fish/vendor_completions.d/stowage.fish
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

# The completion scripts and the manual page, written by the program itself after each link of
# `stowage`, so that they always match its commands.
set(STOWAGE_COMPLETIONS_DIR ${PROJECT_BINARY_DIR}/completions)
add_custom_command(TARGET stowage POST_BUILD
                   COMMAND ${CMAKE_COMMAND} -E make_directory ${STOWAGE_COMPLETIONS_DIR}
                   COMMAND stowage completion bash -o ${STOWAGE_COMPLETIONS_DIR}/stowage
                   COMMAND stowage completion fish -o ${STOWAGE_COMPLETIONS_DIR}/stowage.fish
                   COMMAND stowage man -o ${STOWAGE_COMPLETIONS_DIR}/stowage.1
                   VERBATIM)
install(FILES ${STOWAGE_COMPLETIONS_DIR}/stowage
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${STOWAGE_COMPLETIONS_DIR}/stowage.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES ${STOWAGE_COMPLETIONS_DIR}/stowage.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
