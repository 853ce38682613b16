# cmake/Install.cmake: install rules and the relocatable CMake package for tvm_ffi.
#
# Installed layout (relative to the install prefix):
#
#   include/tvm/ffi/...            C ABI headers (ffi/c/include) and C++ SDK headers (ffi/cpp/include)
#   include/dlpack/dlpack.h        DLPack header (ffi/c/include)
#   lib/libtvm_ffi.so              the runtime (tvm_ffi.dll on Windows goes to lib/ in a wheel, bin/ otherwise)
#   lib/cmake/tvm_ffi/             tvm_ffi-config.cmake, tvm_ffi-config-version.cmake, tvm_ffiTargets*.cmake
#
# Consumers:   find_package(tvm_ffi CONFIG REQUIRED)
#              target_link_libraries(app PRIVATE tvm_ffi::shared)   # or tvm_ffi::header for headers only
#
# In a wheel (scikit-build-core sets SKBUILD, and pyproject.toml sets wheel.install-dir = "tvm_ffi"),
# CMAKE_INSTALL_PREFIX is site-packages/tvm_ffi, so the same relative destinations put everything
# inside the Python package: tvm_ffi/lib/libtvm_ffi.so, tvm_ffi/include, tvm_ffi/lib/cmake/tvm_ffi.
# `<prefix>/<name>*/lib/cmake/<name>*/` is one of find_package's search rules, so a downstream
# build with site-packages on CMAKE_PREFIX_PATH (scikit-build-core does that for build deps) finds
# the package without any hint.
#
# The library deliberately has no VERSION/SOVERSION: a wheel cannot hold symlinks, so the
# libtvm_ffi.so -> libtvm_ffi.so.0 -> libtvm_ffi.so.0.1.16 chain would become three full copies.
# ABI compatibility is instead expressed by the CMake version file below and TVMFFIGetVersion().

include(CMakePackageConfigHelpers)

# Destinations. They must stay relative: the generated package computes every path from the
# location of its config file, which is what makes the install tree (and the wheel) relocatable.
set(TVM_FFI_INSTALL_LIBDIR "lib" CACHE STRING "Install directory for libtvm_ffi, relative to the prefix")
# Fixed: it must match $<INSTALL_INTERFACE:include> on tvm_ffi_header (ffi/c/CMakeLists.txt),
# which is what gives the exported targets their include directory.
set(TVM_FFI_INSTALL_INCLUDEDIR "include")
set(TVM_FFI_INSTALL_CMAKEDIR "${TVM_FFI_INSTALL_LIBDIR}/cmake/tvm_ffi" CACHE STRING
  "Install directory for the tvm_ffi CMake package, relative to the prefix")
foreach(_tvm_ffi_dir IN ITEMS TVM_FFI_INSTALL_LIBDIR TVM_FFI_INSTALL_CMAKEDIR)
  if(IS_ABSOLUTE "${${_tvm_ffi_dir}}")
    message(FATAL_ERROR "${_tvm_ffi_dir} must be relative to the install prefix, got '${${_tvm_ffi_dir}}'")
  endif()
endforeach()

if(SKBUILD)
  # Inside the wheel the DLL must sit next to the import library in the package's lib/ so that
  # libinfo.find_libtvm_ffi() finds it on every platform.
  set(_tvm_ffi_runtime_dest "${TVM_FFI_INSTALL_LIBDIR}")
else()
  set(_tvm_ffi_runtime_dest "bin")
endif()

# Export names give the consumer-facing target names tvm_ffi::shared and tvm_ffi::header
# (the in-tree ALIAS targets already use the same names).
set_target_properties(tvm_ffi_shared PROPERTIES EXPORT_NAME shared)
set_target_properties(tvm_ffi_header PROPERTIES EXPORT_NAME header)

# ---------------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------------
foreach(_tvm_ffi_inc IN ITEMS "${PROJECT_SOURCE_DIR}/ffi/c/include/" "${PROJECT_SOURCE_DIR}/ffi/cpp/include/")
  install(DIRECTORY "${_tvm_ffi_inc}"
    DESTINATION "${TVM_FFI_INSTALL_INCLUDEDIR}"
    COMPONENT tvm_ffi_dev
    FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp" PATTERN "*.hh" PATTERN "*.inc")
endforeach()

# ---------------------------------------------------------------------------------------------
# Library and exported targets
# ---------------------------------------------------------------------------------------------
install(TARGETS tvm_ffi_shared tvm_ffi_header
  EXPORT tvm_ffiTargets
  LIBRARY DESTINATION "${TVM_FFI_INSTALL_LIBDIR}" COMPONENT tvm_ffi_runtime
  ARCHIVE DESTINATION "${TVM_FFI_INSTALL_LIBDIR}" COMPONENT tvm_ffi_dev
  RUNTIME DESTINATION "${_tvm_ffi_runtime_dest}" COMPONENT tvm_ffi_runtime)

install(EXPORT tvm_ffiTargets
  NAMESPACE tvm_ffi::
  DESTINATION "${TVM_FFI_INSTALL_CMAKEDIR}"
  COMPONENT tvm_ffi_dev)

# TVM_FFI_CONFIG_LIBDIR: where libtvm_ffi sits relative to the package prefix (used by the template).
set(TVM_FFI_CONFIG_LIBDIR "${TVM_FFI_INSTALL_LIBDIR}")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/tvm_ffi-config.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/tvm_ffi-config.cmake"
  INSTALL_DESTINATION "${TVM_FFI_INSTALL_CMAKEDIR}")

# Version compatibility. While the major version is 0, the C ABI contract (see the comment
# above TVM_FFI_VERSION_MAJOR in tvm/ffi/c_api.h) is: a MINOR bump is an ABI break, a PATCH bump
# is compatible. SameMajorVersion would let a consumer that asked for 0.1 silently pick up an
# ABI-incompatible 0.2, so we use SameMinorVersion: find_package(tvm_ffi 0.1.15) accepts any
# 0.1.x with x >= 15 and rejects 0.2.0. Switch to SameMajorVersion once the major version is >= 1.
# The file is not ARCH_INDEPENDENT: it ships a shared library, so a 32-bit consumer must not
# accept a 64-bit package (the default CMAKE_SIZEOF_VOID_P check).
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/cmake/tvm_ffi-config-version.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)

install(FILES
  "${PROJECT_BINARY_DIR}/cmake/tvm_ffi-config.cmake"
  "${PROJECT_BINARY_DIR}/cmake/tvm_ffi-config-version.cmake"
  DESTINATION "${TVM_FFI_INSTALL_CMAKEDIR}"
  COMPONENT tvm_ffi_dev)

# ---------------------------------------------------------------------------------------------
# Build-tree package: <build>/lib/cmake/tvm_ffi, next to <build>/lib/libtvm_ffi.so, so that a
# consumer can use a dev build without installing it (-Dtvm_ffi_DIR=<build>/lib/cmake/tvm_ffi),
# and `tvm-ffi-config --cmakedir` run from a source checkout has something to point at. The
# exported targets carry the BUILD_INTERFACE include paths (the source tree).
# ---------------------------------------------------------------------------------------------
set(_tvm_ffi_build_cmakedir "${PROJECT_BINARY_DIR}/lib/cmake/tvm_ffi")
export(EXPORT tvm_ffiTargets
  NAMESPACE tvm_ffi::
  FILE "${_tvm_ffi_build_cmakedir}/tvm_ffiTargets.cmake")
set(TVM_FFI_CONFIG_LIBDIR "lib")  # LIBRARY_OUTPUT_DIRECTORY of tvm_ffi_shared
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/tvm_ffi-config.cmake.in"
  "${_tvm_ffi_build_cmakedir}/tvm_ffi-config.cmake"
  INSTALL_DESTINATION "${_tvm_ffi_build_cmakedir}"
  INSTALL_PREFIX "${PROJECT_BINARY_DIR}")
configure_file(
  "${PROJECT_BINARY_DIR}/cmake/tvm_ffi-config-version.cmake"
  "${_tvm_ffi_build_cmakedir}/tvm_ffi-config-version.cmake"
  COPYONLY)

# ---------------------------------------------------------------------------------------------
# Python extension: installed by ffi/python/CMakeLists.txt (TVM_FFI_BUILD_PYTHON_MODULE=ON) at the
# package root, finding lib/libtvm_ffi through its RUNPATH.
# ---------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------
# libtvm_ffi_testing (ffi/cpp/testing): the testing.* globals the language test suites load;
# installed next to libtvm_ffi, not part of the exported CMake package.
# ---------------------------------------------------------------------------------------------
if(TARGET tvm_ffi_testing)
  install(TARGETS tvm_ffi_testing
    LIBRARY DESTINATION "${TVM_FFI_INSTALL_LIBDIR}" COMPONENT tvm_ffi_testing
    RUNTIME DESTINATION "${_tvm_ffi_runtime_dest}" COMPONENT tvm_ffi_testing)
endif()
