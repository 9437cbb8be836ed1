#pragma once

// MOVIENET_COLD marks a function that runs once per load (a constructor,
// weight packing, validation) in a file that movienet.wasm compiles for speed
// (-Os rather than -Oz) for its scoring loops (wasm/CMakeLists.txt): clang
// then optimises that one function for minimum size, so the load path does
// not pay the hot path's inlining in bytes. Other builds leave it unmarked.
#if defined(__EMSCRIPTEN__) && defined(__clang__)
#define MOVIENET_COLD __attribute__((minsize, cold))
#else
#define MOVIENET_COLD
#endif
