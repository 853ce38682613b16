# ffi/cpp/tests/interop/map_interop.cmake: Map/Dict binary compatibility, map_module built with our / the reference C++ headers, on our / the reference runtime.
#
# interop_map_ours            module (our headers) + our runtime
# With TVM_FFI_REFERENCE_INCLUDE and <include>/../lib/libtvm_ffi.so:
# interop_map_modref_rtours   module built with the reference headers + our runtime (the main check)
# interop_map_modours_rtref   module built with our headers + the reference runtime
# interop_map_modref_rtref    both reference (sanity check of the host itself)
# The host (our headers) links -ltvm_ffi without an rpath; LD_LIBRARY_PATH picks the runtime.

set(_map_interop_dir ${CMAKE_CURRENT_LIST_DIR})

function(_tvm_ffi_map_interop_module target include_dirs)
  add_library(${target} MODULE ${_map_interop_dir}/map_module.cc)
  target_include_directories(${target} PRIVATE ${include_dirs})
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  target_link_options(${target} PRIVATE -L$<TARGET_FILE_DIR:tvm_ffi_shared>)
  target_link_libraries(${target} PRIVATE -ltvm_ffi)
  add_dependencies(${target} tvm_ffi_shared)
  set_target_properties(${target} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden
    SKIP_BUILD_RPATH ON LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/interop)
endfunction()

_tvm_ffi_map_interop_module(tvm_ffi_map_module
  "${PROJECT_SOURCE_DIR}/ffi/cpp/include;${PROJECT_SOURCE_DIR}/ffi/c/include")
set_target_properties(tvm_ffi_map_module PROPERTIES OUTPUT_NAME map_module)

add_executable(tvm_ffi_map_host ${_map_interop_dir}/map_host.cc)
target_link_libraries(tvm_ffi_map_host PRIVATE tvm_ffi_shared tvm_ffi_header ${CMAKE_DL_LIBS})
target_compile_options(tvm_ffi_map_host PRIVATE -Wall -Wextra)
set_target_properties(tvm_ffi_map_host PROPERTIES SKIP_BUILD_RPATH ON)

function(_tvm_ffi_map_interop_test name runtime_dir module_target)
  add_test(NAME ${name} COMMAND tvm_ffi_map_host $<TARGET_FILE:${module_target}>)
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "LD_LIBRARY_PATH=${runtime_dir}"
    FAIL_REGULAR_EXPRESSION "FAIL;ERROR: [A-Za-z]+Sanitizer;runtime error:")
endfunction()

_tvm_ffi_map_interop_test(interop_map_ours $<TARGET_FILE_DIR:tvm_ffi_shared> tvm_ffi_map_module)

if(TVM_FFI_REFERENCE_INCLUDE)
  get_filename_component(_map_interop_ref_lib "${TVM_FFI_REFERENCE_INCLUDE}/../lib/libtvm_ffi.so"
                         ABSOLUTE)
  if(EXISTS "${_map_interop_ref_lib}")
    get_filename_component(_map_interop_ref_dir "${_map_interop_ref_lib}" DIRECTORY)
    _tvm_ffi_map_interop_module(tvm_ffi_map_module_reference "${TVM_FFI_REFERENCE_INCLUDE}")
    # The reference's export macro names a parameter it never uses.
    target_compile_options(tvm_ffi_map_module_reference PRIVATE -Wno-unused-parameter)
    set_target_properties(tvm_ffi_map_module_reference PROPERTIES OUTPUT_NAME map_module_ref)
    _tvm_ffi_map_interop_test(interop_map_modref_rtours $<TARGET_FILE_DIR:tvm_ffi_shared>
                              tvm_ffi_map_module_reference)
    _tvm_ffi_map_interop_test(interop_map_modours_rtref ${_map_interop_ref_dir} tvm_ffi_map_module)
    _tvm_ffi_map_interop_test(interop_map_modref_rtref ${_map_interop_ref_dir}
                              tvm_ffi_map_module_reference)
  endif()
endif()
