#!/usr/bin/env python3
"""Paired thread-CPU comparison of two builds (docs/benchmarks.md §6, "A slow phase").

Runs `Engine.Benchmarks cpu-time WORKLOAD N MODE` from two worktrees at the same time, one
deciding thread pinned to each vCPU (ENGINE_BENCH_CPU), then swaps the vCPUs, and reports the
ratio NEW/OLD per pair and its median. Both sides of a ratio see the same minute of a noisy
machine, which alternating runs on one vCPU do not. Build both first:
    dotnet build bench/Engine.Benchmarks -c Release   (in each worktree)

    bench/cpu-time-pairs.py OLD_TREE NEW_TREE WORKLOAD [--rounds R] [--decisions N] [--mode M ...]

WORKLOAD: seed-mfa, overlap-10x50, overlap-20x100, 10-largest-managed. Modes: fill (default),
fill-pooled, evaluate, fill-only, fill-text. The seed needs ~6,000,000 decisions to settle.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys


def start(tree, cpu, workload, decisions, mode):
    dll = os.path.join(tree, "bench/Engine.Benchmarks/bin/Release/net10.0/Engine.Benchmarks.dll")
    if not os.path.exists(dll):
        sys.exit(f"cpu-time-pairs: {dll} is missing; run `dotnet build bench/Engine.Benchmarks -c Release` in {tree}")
    env = dict(os.environ, ENGINE_BENCH_CPU=str(cpu))
    return subprocess.Popen(["dotnet", dll, "cpu-time", workload, str(decisions), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)


def ns_per_decision(process):
    out = process.communicate()[0]
    match = re.search(r"thread CPU ([0-9.]+)", out)
    if process.returncode != 0 or match is None:
        sys.exit(f"cpu-time-pairs: a run failed (exit {process.returncode}): {out.strip()}")
    return float(match.group(1))


def main():
    parser = argparse.ArgumentParser(description="Paired thread-CPU comparison of two builds.")
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("workload")
    parser.add_argument("--rounds", type=int, default=6, help="pairs per mode (default 6; even, so each build runs as often on each vCPU)")
    parser.add_argument("--decisions", type=int, default=2_000_000)
    parser.add_argument("--mode", action="append", help="repeatable; default fill")
    args = parser.parse_args()
    for mode in args.mode or ["fill"]:
        olds, news, ratios = [], [], []
        for r in range(args.rounds):
            old_cpu, new_cpu = (0, 1) if r % 2 == 0 else (1, 0)
            old = start(args.old, old_cpu, args.workload, args.decisions, mode)
            new = start(args.new, new_cpu, args.workload, args.decisions, mode)
            o, n = ns_per_decision(old), ns_per_decision(new)
            olds.append(o)
            news.append(n)
            ratios.append(n / o)
            print(f"{mode} pair {r + 1}: old on vCPU {old_cpu} {o:.1f} ns, new on vCPU {new_cpu} {n:.1f} ns, new/old {n / o:.3f}", flush=True)
        print(f"{args.workload} {mode}: old median {statistics.median(olds):.1f} ns, new median {statistics.median(news):.1f} ns, "
              f"new/old median {statistics.median(ratios):.3f} ({', '.join(f'{x:.3f}' for x in ratios)})")


if __name__ == "__main__":
    main()
