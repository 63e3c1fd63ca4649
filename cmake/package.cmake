# A Debian package of the installed tree (cmake/install.cmake), under /usr:
#   cpack --config build/CPackConfig.cmake -G DEB -B OUTDIR
# Its dependencies are the Debian packages of the shared libraries the programs link (yaml-cpp,
# libfyaml, fmt, jemalloc), found by dpkg-shlibdeps, so they follow the libraries of the build
# machine's Debian release. The CUDA runtime is linked statically into stowage-loader.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stowage)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "stowage maintainers <stowage@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
