# nlohmann_json for the Emscripten build. Debian's own config exports the
# include directory /usr/include, which would put the host's glibc headers
# ahead of Emscripten's libc; this one exposes only the nlohmann/ folder.
# scripts/build-wasm.sh selects it with -Dnlohmann_json_DIR.
if(TARGET nlohmann_json::nlohmann_json)
  return()
endif()
find_path(MOVIENET_NLOHMANN_ROOT nlohmann/json.hpp
  PATHS /usr/include /usr/local/include NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT MOVIENET_NLOHMANN_ROOT)
  set(nlohmann_json_FOUND FALSE)
  set(nlohmann_json_NOT_FOUND_MESSAGE "nlohmann/json.hpp not found (apt-get install nlohmann-json3-dev)")
  return()
endif()
set(_movienet_json_shim "${CMAKE_BINARY_DIR}/nlohmann-json-include")
file(MAKE_DIRECTORY "${_movienet_json_shim}")
if(NOT EXISTS "${_movienet_json_shim}/nlohmann")
  file(CREATE_LINK "${MOVIENET_NLOHMANN_ROOT}/nlohmann" "${_movienet_json_shim}/nlohmann" SYMBOLIC)
endif()
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${_movienet_json_shim}")
set(nlohmann_json_FOUND TRUE)
