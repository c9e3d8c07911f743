#!/usr/bin/python3
"""One command for the NumPy comparison: runs the C# bench harness and the same workloads in NumPy on the same
dataset files, in the same session, and prints the ratio table (NumPy time / ChunkCompute time: > 1 means
ChunkCompute is faster).

    /usr/bin/python3 bench/numpy/run_all.py                       # data/normal_f8.npy (+ data/generated/normal_50m_f8.npy if present)
    /usr/bin/python3 bench/numpy/run_all.py --datasets normal_f8.npy,generated/normal_50m_f8.npy --job short
    /usr/bin/python3 bench/numpy/run_all.py --skip-dotnet         # NumPy side only, against the newest harness JSON
    /usr/bin/python3 bench/numpy/run_all.py --out-of-process      # BenchmarkDotNet's isolated process (default: in-process)
    /usr/bin/python3 bench/numpy/run_all.py --also-helpers        # then run elementwise.py, reductions.py, parallel_map.py, process_pool.py if present

C# side: `dotnet run -c Release --project bench/ChunkCompute.Bench -- --harness --job JOB --datasets ... --inProcess`, which writes
bench/results/harness-<stamp>.{md,png,json}. NumPy side (Debian's python3-numpy), per harness case:

  DatasetIoBench.Load              np.load(path)                      DatasetIoBench.RawRead   open(path).read()
  DatasetKernelBench.Sum           a.sum()                            .MeanStd                 a.mean() + a.std()
  DatasetKernelBench.Histogram100  np.histogram(a, 100)               .Exp                     np.exp(a)
  DatasetKernelBench.Median        np.median(a)
  DatasetExecutionBench.SumSin64   f = sum(sin(chunk)) over np.array_split(np.load(path, mmap_mode="r"), 64):
                                   sequential: [f(c) for c in chunks]; threads: ThreadPoolExecutor(2).map; processes: Pool(2).map
  DatasetExecutionBench.StatsMoments  per chunk of np.array_split(m, 8): size, isnan().sum(), nansum, nanvar, nanmin,
                                   nanmax — on the same three executors

NumPy timings are the median of --repeats runs after one warm-up, pools started outside the timed region.
The table is also written to bench/results/numpy-ratio-<stamp>.md.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Pool

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RESULTS = os.path.join(ROOT, "bench", "results")
HELPERS = ["elementwise.py", "reductions.py", "parallel_map.py", "process_pool.py"]


def sum_sin(c):
    return float(np.sin(c).sum())


def moments(c):
    return (c.size, int(np.isnan(c).sum()), float(np.nansum(c)), float(np.nanvar(c)), float(np.nanmin(c)), float(np.nanmax(c)))


def timed(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def numpy_side(dataset, repeats, pool, threads):
    path = os.path.join(ROOT, "data", dataset)
    a = np.load(path)
    m = np.load(path, mmap_mode="r")
    c64 = np.array_split(m, 64)
    c8 = np.array_split(m, 8)
    executors = {
        "sequential": lambda f, cs: [f(c) for c in cs],
        "threads": lambda f, cs: list(threads.map(f, cs)),
        "processes": lambda f, cs: pool.map(f, cs),
    }
    finite_range = (float(np.nanmin(a)), float(np.nanmax(a))) if np.isnan(a).any() else None
    out = {
        ("DatasetIoBench", "Load", "-"): timed(lambda: np.load(path), repeats),
        ("DatasetIoBench", "RawRead", "-"): timed(lambda: open(path, "rb").read(), repeats),
        ("DatasetKernelBench", "Sum", "-"): timed(lambda: a.sum(), repeats),
        ("DatasetKernelBench", "MeanStd", "-"): timed(lambda: a.mean() + a.std(), repeats),
        # np.histogram(a, 100) raises on NaN: such datasets are binned over their finite range (NaN left out).
        ("DatasetKernelBench", "Histogram100", "-"): timed(lambda: np.histogram(a, 100, range=finite_range), repeats),
        ("DatasetKernelBench", "Exp", "-"): timed(lambda: np.exp(a), repeats),
        ("DatasetKernelBench", "Median", "-"): timed(lambda: np.median(a), repeats),
    }
    for mode, run in executors.items():
        out[("DatasetExecutionBench", "SumSin64", mode)] = timed(lambda: sum(run(sum_sin, c64)), repeats)
        out[("DatasetExecutionBench", "StatsMoments", mode)] = timed(lambda: run(moments, c8), repeats)
    return out


def newest_harness_json():
    files = sorted(glob.glob(os.path.join(RESULTS, "harness-*.json")))
    return files[-1] if files else None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", help="comma-separated files under data/ (default: normal_f8.npy and generated/normal_50m_f8.npy when present)")
    p.add_argument("--job", default="short", help="BenchmarkDotNet job for the C# side (dry, short, medium)")
    p.add_argument("--out-of-process", action="store_true",
                   help="let BenchmarkDotNet build and launch a separate benchmark process (default: --inProcess, which "
                        "skips that build: on a loaded 2-core machine the build alone takes minutes)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--skip-dotnet", action="store_true", help="reuse the newest bench/results/harness-*.json")
    p.add_argument("--also-helpers", action="store_true", help="afterwards run the per-area NumPy scripts in bench/numpy/")
    args = p.parse_args()

    datasets = args.datasets.split(",") if args.datasets else ["normal_f8.npy"] + (
        ["generated/normal_50m_f8.npy"] if os.path.exists(os.path.join(ROOT, "data", "generated", "normal_50m_f8.npy")) else [])

    if not args.skip_dotnet:
        before = newest_harness_json()
        cmd = ["dotnet", "run", "-c", "Release", "--project", os.path.join(ROOT, "bench", "ChunkCompute.Bench"), "--",
               "--harness", "--job", args.job, "--datasets", ",".join(datasets)] + ([] if args.out_of_process else ["--inProcess"])
        print("$ " + " ".join(cmd), flush=True)
        rc = subprocess.call(cmd, cwd=ROOT, stdout=subprocess.DEVNULL if os.environ.get("QUIET") else None)
        if rc != 0:
            print(f"error: the C# harness failed with exit code {rc}", file=sys.stderr)
            return 1
        if newest_harness_json() == before:
            print("error: the C# harness wrote no report", file=sys.stderr)
            return 1

    report = newest_harness_json()
    if report is None:
        print("error: no bench/results/harness-*.json; run without --skip-dotnet first", file=sys.stderr)
        return 1
    with open(report) as f:
        harness = json.load(f)
    cs = {(r["Suite"], r["Benchmark"], r["Mode"], r["Dataset"]): r["MeanMs"] for r in harness["rows"]}

    lines = [f"# ChunkCompute vs NumPy {np.__version__} — {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC", "",
             f"C#: {os.path.basename(report)} (BenchmarkDotNet job {harness.get('job')}); NumPy: median of {args.repeats} runs, same session, same files.",
             f"Machine: {os.cpu_count()} logical cores. Ratio = NumPy ms / ChunkCompute ms (> 1: ChunkCompute faster).", ""]
    if harness.get("job") == "dry":
        lines += ["**Dry job: the C# side ran each case once, JIT included — smoke only, not a measurement.**", ""]
    lines += [
             "| dataset | workload | mode | ChunkCompute (ms) | NumPy (ms) | ratio |", "| --- | --- | --- | ---: | ---: | ---: |"]
    with Pool(2) as pool, ThreadPoolExecutor(2) as threads:
        for dataset in datasets:
            for (suite, bench, mode), np_ms in numpy_side(dataset, args.repeats, pool, threads).items():
                c_ms = cs.get((suite, bench, mode, dataset))
                if c_ms is None:
                    continue
                lines.append(f"| {dataset} | {suite}.{bench} | {mode} | {c_ms:.3f} | {np_ms:.3f} | {np_ms / c_ms:.2f}x |")

    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(RESULTS, exist_ok=True)
    out = os.path.join(RESULTS, f"numpy-ratio-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.md")
    with open(out, "w") as f:
        f.write(text)
    print(f"written to {out}")

    if args.also_helpers:
        for script in HELPERS:
            path = os.path.join(os.path.dirname(os.path.abspath(__file__)), script)
            if os.path.exists(path):
                print(f"\n$ /usr/bin/python3 bench/numpy/{script}", flush=True)
                subprocess.call([sys.executable, path], cwd=ROOT)
            else:
                print(f"\n(bench/numpy/{script} not present)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
