#!/usr/bin/env bash
# Rewrites tests/fuzz/corpus/checkpoint/checkpoint-*: real checkpoints of the
# fixed run in fuzz_checkpoint.cpp, written by the fuzz target itself (a
# change to that run, or to the checkpoint format, needs new seeds).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${MOVIENET_FUZZ_BUILD:-build-fuzz}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMOVIENET_FUZZ=ON \
  -DCMAKE_CXX_COMPILER="${CXX_FUZZ:-clang++}" >/dev/null
cmake --build "$build" -j "${MOVIENET_FUZZ_BUILD_JOBS:-2}" --target fuzz_checkpoint
mkdir -p tests/fuzz/corpus/checkpoint
rm -f tests/fuzz/corpus/checkpoint/checkpoint-*
MOVIENET_FUZZ_WRITE_SEEDS=tests/fuzz/corpus/checkpoint "$build/fuzz_checkpoint"
ls -l tests/fuzz/corpus/checkpoint
