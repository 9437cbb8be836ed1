#!/bin/sh
# Builds movienet.wasm and the npm package's dist/ with Debian's Emscripten
# (see EMSCRIPTEN.md). Usage: scripts/build-wasm.sh [extra cmake args]
# Environment: MOVIENET_WASM_BUILD_DIR (default build-wasm).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MOVIENET_WASM_BUILD_DIR:-$root/build-wasm}

# Debian installs emcc's JS helpers (acorn) where Node 20 does not look.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

for tool in emcmake em++ cmake; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-wasm: '$tool' not found (apt-get install emscripten cmake)" >&2; exit 1; }
done
generator=""
command -v ninja >/dev/null 2>&1 && generator="-G Ninja"

# Eigen and nlohmann/json are header-only host packages; Emscripten's
# toolchain file restricts find_package to its sysroot, so point at them.
# json goes through a shim that keeps /usr/include (host libc) off the path.
eigen_dir=/usr/share/eigen3/cmake
[ -d "$eigen_dir" ] || eigen_dir=/usr/lib/cmake/eigen3
json_dir="$root/wasm/cmake/nlohmann_json"

# shellcheck disable=SC2086
emcmake cmake -S "$root" -B "$build" $generator -DCMAKE_BUILD_TYPE=Release \
  -DEigen3_DIR="$eigen_dir" -Dnlohmann_json_DIR="$json_dir" "$@"
cmake --build "$build" --target movienet_wasm
ls -l "$root/dist/movienet.wasm"
