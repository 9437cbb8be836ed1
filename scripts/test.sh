#!/usr/bin/env bash
# Sets up a Debian 12 machine and runs every test: C++ (Release with -Werror,
# then ASan+UBSan), a short libFuzzer run of every data reader, the wasm
# build, the Node API and packaging tests, and the demo page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

scripts/setup.sh

echo "== native build (Release, warnings as errors) and C++ tests"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DMOVIENET_WERROR=ON >/dev/null
cmake --build build-release -j "$jobs"
ctest --test-dir build-release --output-on-failure

echo "== C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMOVIENET_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs" --target movienet_tests movienet write_golden
ctest --test-dir build-asan --output-on-failure

echo "== fuzz targets of the data readers (clang libFuzzer, ASan+UBSan), 15 s each"
tests/fuzz/run.sh 15

echo "== wasm build, Node API, types and packaging tests"
npm run build
npm test

echo "== demo page in headless Chromium"
npm run test:browser
