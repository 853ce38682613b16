# ffi/c/tests/layout/layout.cmake: ABI layout checks (C99, C++17, static_assert) against our headers and, optionally, the reference headers; exported-symbol check.
#
# Tests (SPEC rules ANY-LAYOUT, OBJ-HEADER-LAYOUT, OBJ-CELL-LAYOUTS, REG-STRUCT-LAYOUTS,
# DLPACK-LAYOUT, ANY-TYPE-INDEX-VALUES, VER-HEADER-MACROS, ABI-EXPORT-SET):
#   layout_c, layout_cxx, layout_static_assert   our headers vs layout_table.h
#   exported_symbols                             nm -D of libtvm_ffi.so vs expected_exports.txt
# With -DTVM_FFI_REFERENCE_INCLUDE=<dir> (or that environment variable at
# configure time; e.g. the wheel's tvm_ffi/include) also:
#   layout_reference_c, layout_reference_cxx, layout_reference_static_assert
#   layout_reference_equal       the tables measured from both header sets are identical
#   exported_symbols_reference   the same nm check on <dir>/../lib/libtvm_ffi.so, if present
#                                (std:: weak instantiations tolerated there)

set(_layout_dir ${CMAKE_CURRENT_LIST_DIR})
set(_layout_flags -Wall -Wextra -Werror)

if(NOT DEFINED TVM_FFI_REFERENCE_INCLUDE AND DEFINED ENV{TVM_FFI_REFERENCE_INCLUDE})
  set(TVM_FFI_REFERENCE_INCLUDE "$ENV{TVM_FFI_REFERENCE_INCLUDE}")
endif()
set(TVM_FFI_REFERENCE_INCLUDE "${TVM_FFI_REFERENCE_INCLUDE}" CACHE PATH
  "Include dir of the reference apache-tvm-ffi wheel; enables the layout_reference_* tests")

# _tvm_ffi_layout_targets(<suffix> <include dir>): the three checks against one header set.
function(_tvm_ffi_layout_targets suffix include_dir)
  add_executable(tvm_ffi_layout_check_c${suffix} ${_layout_dir}/layout_check.c)
  set_target_properties(tvm_ffi_layout_check_c${suffix} PROPERTIES
    C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  add_executable(tvm_ffi_layout_check_cxx${suffix} ${_layout_dir}/layout_check_cxx.cc)
  add_executable(tvm_ffi_layout_static_assert${suffix} ${_layout_dir}/layout_static_assert.cc)
  foreach(t tvm_ffi_layout_check_c${suffix} tvm_ffi_layout_check_cxx${suffix}
            tvm_ffi_layout_static_assert${suffix})
    # Headers only: nothing here links the runtime.
    target_include_directories(${t} PRIVATE ${include_dir} ${_layout_dir})
    target_compile_options(${t} PRIVATE ${_layout_flags})
  endforeach()
  foreach(t tvm_ffi_layout_check_cxx${suffix} tvm_ffi_layout_static_assert${suffix})
    set_target_properties(${t} PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
  endforeach()
endfunction()

_tvm_ffi_layout_targets("" ${PROJECT_SOURCE_DIR}/ffi/c/include)
add_test(NAME layout_c COMMAND tvm_ffi_layout_check_c)
add_test(NAME layout_cxx COMMAND tvm_ffi_layout_check_cxx)
add_test(NAME layout_static_assert COMMAND tvm_ffi_layout_static_assert)

find_program(TVM_FFI_BASH bash)
add_test(NAME exported_symbols
  COMMAND ${TVM_FFI_BASH} ${_layout_dir}/check_exports.sh
          $<TARGET_FILE:tvm_ffi_shared> ${_layout_dir}/expected_exports.txt)

if(TVM_FFI_REFERENCE_INCLUDE)
  if(NOT EXISTS "${TVM_FFI_REFERENCE_INCLUDE}/tvm/ffi/c_api.h")
    message(FATAL_ERROR "TVM_FFI_REFERENCE_INCLUDE=${TVM_FFI_REFERENCE_INCLUDE} has no tvm/ffi/c_api.h")
  endif()
  message(STATUS "tvm-ffi layout checks: reference headers in ${TVM_FFI_REFERENCE_INCLUDE}")
  _tvm_ffi_layout_targets("_reference" ${TVM_FFI_REFERENCE_INCLUDE})
  add_test(NAME layout_reference_c COMMAND tvm_ffi_layout_check_c_reference)
  add_test(NAME layout_reference_cxx COMMAND tvm_ffi_layout_check_cxx_reference)
  add_test(NAME layout_reference_static_assert COMMAND tvm_ffi_layout_static_assert_reference)
  add_test(NAME layout_reference_equal
    COMMAND ${TVM_FFI_BASH} ${_layout_dir}/compare_dumps.sh
            $<TARGET_FILE:tvm_ffi_layout_check_c> $<TARGET_FILE:tvm_ffi_layout_check_c_reference>)
  get_filename_component(_ref_lib "${TVM_FFI_REFERENCE_INCLUDE}/../lib/libtvm_ffi.so" ABSOLUTE)
  if(EXISTS "${_ref_lib}")
    add_test(NAME exported_symbols_reference
      COMMAND ${TVM_FFI_BASH} ${_layout_dir}/check_exports.sh --allow-std-weak
              ${_ref_lib} ${_layout_dir}/expected_exports.txt)
  endif()
endif()
