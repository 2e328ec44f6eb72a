"""One line describing the machine a benchmark ran on (numbers differ a lot between CPUs).

ONNX Runtime picks its int8 kernels by instruction set: with AVX-512 VNNI (or AVX-VNNI) the
int8 MiniLM encoder runs several times faster than with AVX2 alone, so the MiniLM-based layers'
speed depends on it far more than the spaCy parse's does.
"""

from __future__ import annotations

import os
import platform


def describe() -> str:
    """``cpu: <model>; <n> usable cores; int8 dot-product instructions: yes/no; load average``."""
    model, flags = platform.processor() or "unknown CPU", set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name") and model in ("", "unknown CPU", platform.machine()):
                    model = line.split(":", 1)[1].strip()
                elif line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    vnni = "yes" if {"avx512_vnni", "avx_vnni"} & flags else ("no (AVX2 only)" if "avx2" in flags else "unknown")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        load = ", load average %.2f" % os.getloadavg()[0]
    except OSError:
        load = ""
    return f"cpu: {model}; {cores} usable cores; int8 VNNI instructions: {vnni}{load}"
