# The layers of core/ (drawn in core/README.md): which layer's files may
# include which. A file's layer is its folder, src/<layer>/ or
# include/movienet/<layer>/ (sub-folders such as rec/pooled/ belong to theirs);
# a layer includes its own files and those of the layers listed for it, no
# others. Run as the ctest test core_layers, or by hand:
#   cmake -DMOVIENET_CORE_DIR=core -P cmake/check_layers.cmake
# It reads the files as they are now (no build needed) and fails naming each
# file, line and include that breaks the rule.
cmake_minimum_required(VERSION 3.16)

set(MOVIENET_LAYERS base io nn data rec)
set(MOVIENET_LAYER_base_MAY_INCLUDE "")
set(MOVIENET_LAYER_io_MAY_INCLUDE base)
set(MOVIENET_LAYER_nn_MAY_INCLUDE base io)
set(MOVIENET_LAYER_data_MAY_INCLUDE base io)
set(MOVIENET_LAYER_rec_MAY_INCLUDE base io nn data)

if(NOT MOVIENET_CORE_DIR)
  message(FATAL_ERROR "check_layers: pass -DMOVIENET_CORE_DIR=<the core/ folder>")
endif()
get_filename_component(core "${MOVIENET_CORE_DIR}" ABSOLUTE)
list(JOIN MOVIENET_LAYERS "|" layer_names)
list(JOIN MOVIENET_LAYERS ", " layer_list)
# "movienet/<layer>/..." (public headers) or "<layer>/..." (a folder's private
# headers, from src/).
set(include_regex "^[ \t]*#[ \t]*include[ \t]*[<\"](movienet/)?(${layer_names})/[^>\"]*[>\"]")

file(GLOB_RECURSE files LIST_DIRECTORIES false "${core}/src/*" "${core}/include/*")
list(SORT files)
list(LENGTH files file_count)
if(file_count EQUAL 0)
  message(FATAL_ERROR "check_layers: no files under ${core}/src or ${core}/include")
endif()

set(problems "")
foreach(file IN LISTS files)
  file(RELATIVE_PATH rel "${core}" "${file}")
  if(rel MATCHES "^(src|include/movienet)/([^/]+)/")
    set(layer "${CMAKE_MATCH_2}")
  else()
    set(layer "")
  endif()
  if(NOT layer IN_LIST MOVIENET_LAYERS)
    string(APPEND problems "\n  core/${rel}: in no layer (layers: ${layer_list}); "
                           "put it in a layer's folder or add its folder to cmake/check_layers.cmake")
    continue()
  endif()
  set(allowed ${layer} ${MOVIENET_LAYER_${layer}_MAY_INCLUDE})
  file(READ "${file}" text)
  if(NOT text MATCHES "#[ \t]*include")
    continue()
  endif()
  # One list element a line: semicolons, square brackets and backslashes
  # would split or join CMake list elements, so they go first.
  string(REGEX REPLACE "[][;\\]" "_" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    if(line MATCHES "${include_regex}")
      set(included "${CMAKE_MATCH_2}")
      if(NOT included IN_LIST allowed)
        string(STRIP "${line}" line)
        if(MOVIENET_LAYER_${layer}_MAY_INCLUDE)
          list(JOIN MOVIENET_LAYER_${layer}_MAY_INCLUDE ", " may)
        else()
          set(may "no other layer")
        endif()
        string(APPEND problems "\n  core/${rel}:${number}: ${line}: "
                               "${layer}/ may not include ${included}/ (${layer}/ may include ${may})")
      endif()
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "core/ breaks its layering (core/README.md, \"Layers\"; "
                      "the rule is in cmake/check_layers.cmake):${problems}")
endif()
message(STATUS "core/ layering holds: ${file_count} files, layers ${layer_list}")
