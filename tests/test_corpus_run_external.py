"""``corpus run --scheduler``: a small corpus through a `dask scheduler` and a `dask worker`
started here as subprocesses on 127.0.0.1 (free ports chosen by the scheduler), killed at the end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from .conftest import ROOT
from .test_corpus_run import LIGHT, stored_ids, write_corpus


def _start(args: list[str], env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def _listening(proc: subprocess.Popen) -> set[str]:
    """The addresses the process listens on."""
    import psutil

    return {c.laddr.ip for c in psutil.Process(proc.pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}


def _wait_for_file(path, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            return
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    pytest.fail(f"the dask scheduler did not start (exit {proc.poll()})")


def test_corpus_run_on_an_external_scheduler_and_worker(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    sched_file = tmp_path / "scheduler.json"
    log = open(tmp_path / "dask.log", "wb")
    dask = [sys.executable, "-m", "dask"]
    scheduler = _start(dask + ["scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address", "127.0.0.1:0",
                               "--scheduler-file", str(sched_file)], env, log)
    worker = None
    try:
        _wait_for_file(sched_file, scheduler, 120)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        worker = _start(dask + ["worker", address, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1",
                                "--dashboard-address", "127.0.0.1:0", "--no-nanny"], env, log)
        from distributed import Client

        with Client(address, timeout="60s") as c:
            c.wait_for_workers(1, timeout=120)
        assert _listening(scheduler) | _listening(worker) == {"127.0.0.1"}  # loopback only
        corpus = tmp_path / "c.jsonl"
        good = write_corpus(corpus, 9, bad_every=4)
        store = str(tmp_path / "s.duckdb")
        out = subprocess.run(
            [sys.executable, "-m", "newsprobe", "corpus", "run", str(corpus), "--store", store, "--scheduler", address,
             "--stages", LIGHT, "--batch-size", "2", "--no-clusters", "-q"],
            env=env, capture_output=True, text=True, timeout=600,
        )
        assert out.returncode == 1, out.stderr[-2000:]  # two malformed lines
        assert "with 1 worker(s)" in out.stderr and "analysed 7" in out.stderr, out.stderr[-2000:]
        assert sorted(stored_ids(store)) == sorted(good)
    finally:
        if worker is not None:
            _stop(worker)
        _stop(scheduler)
        log.close()
