# fuzz_checkpoint resumes a training run, so it links the whole training
# library: core/ built once more here, with the fuzz flags (one target per
# reader keeps this apart from the data readers' small library above).
add_subdirectory(${PROJECT_SOURCE_DIR}/core ${CMAKE_CURRENT_BINARY_DIR}/core)
foreach(library movienet_infer movienet_train)
  target_compile_options(${library} PRIVATE ${MOVIENET_FUZZ_FLAGS})
endforeach()
add_executable(fuzz_checkpoint fuzz_checkpoint.cpp)
target_link_libraries(fuzz_checkpoint PRIVATE movienet_train)
target_compile_options(fuzz_checkpoint PRIVATE ${MOVIENET_FUZZ_FLAGS})
target_link_options(fuzz_checkpoint PRIVATE -fsanitize=fuzzer,address,undefined)
set_target_properties(fuzz_checkpoint PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
movienet_set_warnings(fuzz_checkpoint)
