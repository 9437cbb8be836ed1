#!/usr/bin/env python3
"""PyTorch reference for bench/train_speed.cpp: the identical run, one thread.

Reads the directory written by train_speed (x.npy, y.npy, w*.npy/b*.npy,
order.npy, config.json) and trains the same network from the same initial
weights, on the same data in the same batch order, with Adam's epsilon set to
movienet's (1e-7; both place it outside the bias-corrected square root).

    python3 bench/train_speed_torch.py DATA_DIR

Prints per-epoch times and RESULT lines like train_speed. Exit code 3 when
torch cannot be imported.
"""
import json
import os
import sys
import time

# One thread, set before torch and OpenBLAS start their thread pools.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def blas_in_use():
    """Names the BLAS really mapped into this process: Debian's torch links the
    generic libblas.so.3, which the alternatives system points at OpenBLAS or at
    the (much slower) reference BLAS."""
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    except OSError:
        return "unknown (no /proc/self/maps)"
    if any("openblas" in path for path in paths):
        kind = "OpenBLAS"
    elif paths:
        kind = "NOT OpenBLAS (reference BLAS? the comparison is unfair to PyTorch)"
    else:
        kind = "none mapped"
    return f"{kind}: {', '.join(paths)}"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import numpy as np
        import torch
    except ImportError as error:
        print(f"train_speed_torch: PyTorch is not importable with {sys.executable} ({error}); "
              "install Debian's python3-torch to compare", file=sys.stderr)
        return 3

    directory = sys.argv[1]
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    torch.set_num_threads(1)
    x = torch.from_numpy(np.load(os.path.join(directory, "x.npy")))
    y = torch.from_numpy(np.load(os.path.join(directory, "y.npy")))
    orders = torch.from_numpy(np.load(os.path.join(directory, "order.npy")))

    modules = []
    for layer in config["layers"]:
        if layer["type"] == "dense":
            linear = torch.nn.Linear(layer["inputs"], layer["units"])
            with torch.no_grad():
                # W is stored units x inputs (Fortran order), exactly nn.Linear's weight.
                linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(np.load(os.path.join(directory, f"w{layer['index']}.npy")))))
                linear.bias.copy_(torch.from_numpy(np.load(os.path.join(directory, f"b{layer['index']}.npy"))))
            modules.append(linear)
        elif layer["type"] == "relu":
            modules.append(torch.nn.ReLU())
        elif layer["type"] == "tanh":
            modules.append(torch.nn.Tanh())
        elif layer["type"] == "sigmoid":
            modules.append(torch.nn.Sigmoid())
        else:
            raise SystemExit(f"train_speed_torch: unsupported layer {layer['type']}")
    model = torch.nn.Sequential(*modules)
    optimizer = torch.optim.Adam(model.parameters(), lr=config["learning_rate"],
                                 betas=(config["beta1"], config["beta2"]), eps=config["epsilon"])
    loss_fn = torch.nn.MSELoss()

    # A matmul first, so the BLAS library is loaded before we look for it.
    torch.ones(8, 8) @ torch.ones(8, 8)
    blas_info = [part for part in torch.__config__.show().replace("\n", ",").split(",") if "BLAS_INFO" in part]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), "
          f"{blas_info[0].strip(' -') if blas_info else 'BLAS_INFO not reported'}")
    print(f"BLAS {blas_in_use()}")

    rows, batch = config["rows"], config["batch_size"]
    epoch_seconds, epoch_cpu_seconds = [], []
    train_loss = float("nan")
    for epoch in range(config["epochs"]):
        order = orders[epoch]
        total = 0.0
        batches = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        for begin in range(0, rows, batch):
            index = order[begin:begin + batch]
            xb, yb = x[index], y[index]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        epoch_seconds.append(time.perf_counter() - started)
        epoch_cpu_seconds.append(time.process_time() - cpu_started)
        train_loss = total / batches
        print(f"  epoch {epoch + 1:2d}  {epoch_seconds[-1]:.3f} s  train_mse={train_loss:.6f}", flush=True)

    per_epoch = sum(epoch_seconds) / len(epoch_seconds)
    print(f"RESULT seconds_per_epoch={per_epoch:.4f}")
    print(f"RESULT samples_per_second={rows / per_epoch:.0f}")
    cpu_per_epoch = sum(epoch_cpu_seconds) / len(epoch_cpu_seconds)
    print(f"RESULT cpu_seconds_per_epoch={cpu_per_epoch:.4f}")
    print(f"RESULT cpu_samples_per_second={rows / cpu_per_epoch:.0f}")
    print(f"RESULT final_train_mse={train_loss:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
