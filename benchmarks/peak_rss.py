"""Run a command and print the peak resident memory of it and all its child processes.

    .venv/bin/python benchmarks/peak_rss.py [--kill-after SECONDS] -- COMMAND ARGS...

RSS is summed over the process tree (the driver and, for a local Dask cluster, its scheduler and
worker processes), sampled every 0.25 s with psutil. ``--kill-after`` sends SIGKILL to the whole
process group after that many seconds (a crash in the middle of a run), to test resuming.
``--trace SECONDS`` also prints, to stderr at that interval, the tree's RSS with the command's
own process apart from its children (which phase of a run holds the memory, and where).
Prints one JSON line: {"peak_rss_mib", "seconds", "returncode", "killed", "peak_parts_mib"}.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time

import psutil


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kill-after", type=float, default=None)
    ap.add_argument("--trace", type=float, default=None, metavar="SECONDS")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = [c for c in args.command if c != "--"] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("give the command to run after --")
    start = time.monotonic()
    child = subprocess.Popen(cmd, start_new_session=True)
    proc = psutil.Process(child.pid)
    peak, killed, parts, traced = 0, False, [0, 0], start
    while child.poll() is None:
        try:
            own = proc.memory_info().rss
            total = tree_rss(proc)
        except psutil.NoSuchProcess:
            break
        if total > peak:
            peak, parts = total, [own, total - own]
        if args.trace and time.monotonic() - traced >= args.trace:
            traced = time.monotonic()
            print(f"{traced - start:8.1f}s  total {total / 2**20:7.1f} MiB  command {own / 2**20:7.1f}  children "
                  f"{(total - own) / 2**20:7.1f}", file=sys.stderr, flush=True)
        if args.kill_after is not None and not killed and time.monotonic() - start > args.kill_after:
            os.killpg(child.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.25)
    rc = child.wait()
    print(json.dumps({"peak_rss_mib": round(peak / 2**20, 1), "seconds": round(time.monotonic() - start, 1),
                      "returncode": rc, "killed": killed,
                      "peak_parts_mib": {"command": round(parts[0] / 2**20, 1), "children": round(parts[1] / 2**20, 1)}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
