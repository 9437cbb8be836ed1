#!/bin/sh
# Training speed of the seed MLP: movienet vs PyTorch, same data, same initial
# weights, same batch order, one thread each, in the same run.
#
#   bench/train_speed.sh [BUILD_DIR] [--epochs N] [--rows N]
#
# Without BUILD_DIR it configures and builds build-bench/ in Release with
# -DMOVIENET_NATIVE_ARCH=ON, so that Eigen uses this CPU's AVX2/AVX-512 as
# PyTorch's OpenBLAS does at run time (the like-for-like comparison).
# Never run by CI: it takes about a minute.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ge 1 ] && [ "${1#--}" = "$1" ]; then
    build=$1
    shift
else
    build=$root/build-bench
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMOVIENET_NATIVE_ARCH=ON \
        -DMOVIENET_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build" --target train_speed >/dev/null
fi
if [ ! -x "$build/bench/train_speed" ]; then
    echo "usage: $0 [BUILD_DIR] [--epochs N] [--rows N]   ($build/bench/train_speed is not built)" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/movienet-train-speed-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# One thread everywhere, so neither side gets a second core.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

result() { sed -n "s/^RESULT $1=//p" "$2"; }

echo "== movienet ($build/bench/train_speed) =="
"$build/bench/train_speed" --out-dir "$work/data" "$@" | tee "$work/movienet.txt"

# Debian's python3-torch lives in /usr/bin/python3's dist-packages; a pyenv or
# venv python3 earlier in PATH may not see it.
python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import torch, numpy" >/dev/null 2>&1; then
        python=$candidate
        break
    fi
done

echo
if [ -z "$python" ]; then
    echo "== PyTorch: not importable (python3 -c 'import torch' fails; apt-get install python3-torch) =="
    echo "   reporting movienet's figures only"
else
    echo "== PyTorch ($python) =="
    "$python" "$here/train_speed_torch.py" "$work/data" | tee "$work/torch.txt"
fi

echo
row() {  # name file
    printf '%-10s %10s %12s %10s %12s %16s\n' "$1" "$(result seconds_per_epoch "$2")" "$(result samples_per_second "$2")" \
        "$(result cpu_seconds_per_epoch "$2")" "$(result cpu_samples_per_second "$2")" "$(result final_train_mse "$2")"
}
printf '%-10s %10s %12s %10s %12s %16s\n' "" "s/epoch" "samples/s" "cpu s/ep" "cpu smp/s" "final train MSE"
row movienet "$work/movienet.txt"
if [ -n "$python" ]; then
    row pytorch "$work/torch.txt"
    awk -v a="$(result samples_per_second "$work/movienet.txt")" -v b="$(result samples_per_second "$work/torch.txt")" \
        -v ca="$(result cpu_samples_per_second "$work/movienet.txt")" -v cb="$(result cpu_samples_per_second "$work/torch.txt")" \
        -v la="$(result final_train_mse "$work/movienet.txt")" -v lb="$(result final_train_mse "$work/torch.txt")" 'BEGIN {
        printf "ratio movienet/PyTorch samples/s: %.1fx wall clock, %.1fx CPU time  (target >= 10x)\n", a / b, ca / cb
        if (a / b < 0.8 * ca / cb || a / b > 1.25 * ca / cb)
            print "  (wall and CPU ratios disagree: the machine was busy; the CPU-time ratio is the fairer one)"
        d = la - lb; if (d < 0) d = -d
        printf "final losses differ by %.2g%% (same weights, data and batch order: float rounding only)\n", 100 * d / lb
    }'
fi
if grep -q "SIMD SSE2" "$work/movienet.txt"; then
    echo "note: movienet was built for SSE2 only, while OpenBLAS picks AVX2/AVX-512 at run time;"
    echo "      reconfigure with -DMOVIENET_NATIVE_ARCH=ON for the like-for-like figure."
fi
