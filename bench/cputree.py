"""CPU seconds a command's whole process tree used, by kind of process.

Wall time on a shared machine says how busy the machine was as much as how much work a tool
did; CPU seconds do not, and split by process (the Python or Node driver, Chromium's browser,
renderer and GPU processes) they say which side of the tool the work is on. The tree is
sampled while the command runs; each process counts with its last sample, so a process that
ends between two samples loses at most one interval.
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

INTERVAL_S = 0.25


def kind(proc: Any) -> str:
    try:
        name = proc.name()
        cmdline = " ".join(proc.cmdline())
    except Exception:
        return "other"
    if "chrom" in name or "chrom" in cmdline.split(" ")[0]:
        for t in ("renderer", "gpu-process", "utility", "zygote"):
            if f"--type={t}" in cmdline:
                return f"chromium-{t.split('-')[0]}"
        return "chromium-browser"
    if "node" in name:
        return "node"
    if "python" in name:
        return "python"
    return "other"


def run(cmd: list[str], log: Path, env: dict[str, str] | None = None, timeout: float = 3600) -> tuple[float, int, dict[str, float]]:
    """(wall seconds, exit code, CPU seconds by process kind); no CPU split without psutil."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - the bench then reports wall time only
        psutil = None
    t0 = time.perf_counter()
    last: dict[int, tuple[str, float]] = {}
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        root = psutil.Process(proc.pid) if psutil else None
        while True:
            try:
                rc = proc.wait(timeout=INTERVAL_S)
                break
            except subprocess.TimeoutExpired:
                pass
            if time.perf_counter() - t0 > timeout:
                proc.kill()
                rc = -1
                break
            if root is None:
                continue
            try:
                tree = [root, *root.children(recursive=True)]
            except Exception:
                continue
            for p in tree:
                try:
                    t = p.cpu_times()
                    last[p.pid] = (last[p.pid][0] if p.pid in last else kind(p), t.user + t.system)
                except Exception:
                    continue
    cpu: Counter[str] = Counter()
    for k, seconds in last.values():
        cpu[k] += seconds
    return time.perf_counter() - t0, rc, {k: round(v, 1) for k, v in cpu.most_common()}
