#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) in build-fuzz and runs each
# for a fixed time, one job at a time, from its seed corpus (tests/fuzz/corpus/
# TARGET, regression inputs included) and dictionary (tests/fuzz/TARGET.dict).
# New inputs go to build-fuzz/corpus/TARGET, crashes to build-fuzz/artifacts/.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]    default: 15 s, every target
#
# CI (scripts/test.sh) runs 15 s per target. The long campaign, e.g. an hour
# per target (keeps and grows build-fuzz/corpus between runs):
#   tests/fuzz/run.sh 3600
# A crash: reproduce with build-fuzz/fuzz_TARGET FILE, fix it, then keep the
# input as tests/fuzz/corpus/TARGET/crash-WHAT so that every run replays it.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-15}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(ml100k ml1m ml_latest csv numeric_csv history model network checkpoint)
build=${MOVIENET_FUZZ_BUILD:-build-fuzz}
# Longest input: whole model seeds are real files of up to 31 KB, a real
# checkpoint some 10 KB (its rng state alone 6 KB).
max_len() { case $1 in model) echo 32768 ;; checkpoint) echo 16384 ;; *) echo 8192 ;; esac; }

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMOVIENET_FUZZ=ON \
  -DCMAKE_CXX_COMPILER="${CXX_FUZZ:-clang++}" >/dev/null
cmake --build "$build" -j "${MOVIENET_FUZZ_BUILD_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build/artifacts"
failed=()
for target in "${targets[@]}"; do
  work="$build/corpus/$target"
  mkdir -p "$work"
  log="$build/fuzz_$target.log"
  # 2 GB of RSS and malloc at most, 10 s per input at most: an OOM, a leak or
  # a hang is a finding like a crash.
  if "$build/fuzz_$target" "$work" "tests/fuzz/corpus/$target" -dict="tests/fuzz/$target.dict" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len="$(max_len "$target")" -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$target-" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$target")
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  printf 'fuzz %-12s %s: %s runs in %s s, coverage %s edges, %s features, corpus %s files\n' "$target" "$status" \
    "${runs:-?}" "$seconds" "${cov:-?}" "${ft:-?}" "$(ls "$work" | wc -l)"
done
if [ ${#failed[@]} -gt 0 ]; then
  for target in "${failed[@]}"; do
    echo "== fuzz_$target failed; the end of $build/fuzz_$target.log:" >&2
    tail -40 "$build/fuzz_$target.log" >&2
  done
  exit 1
fi
