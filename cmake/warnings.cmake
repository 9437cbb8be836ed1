# One warning list for every movienet target.
function(movienet_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor)
  if(MOVIENET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
