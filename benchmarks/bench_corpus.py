"""Corpus runs on Dask: scaling, overhead, flat memory, and kill -9 then resume.

    .venv/bin/python benchmarks/bench_corpus.py speedup [--n 1000] [--stages all] [--rounds 4]
    .venv/bin/python benchmarks/bench_corpus.py memory [--sizes 10000,100000] [--stages parse,furniture,stories]
    .venv/bin/python benchmarks/bench_corpus.py memory --sizes 1000,10000 --stages all [--clusters]
    .venv/bin/python benchmarks/bench_corpus.py resume [--n 2000] [--stages parse,furniture,stories]
    .venv/bin/python benchmarks/bench_corpus.py driver [--n 1000]
    .venv/bin/python benchmarks/bench_corpus.py drivercpu [--n 10000 | --input corpus.jsonl] [--stages ...]

``speedup``: the same N articles (generated here: our own varied, real-length news texts,
500-900 words) analysed into a fresh store (1) in one process by ``newsprobe.run.run`` with a
``StoreSink``, (2) by ``run_corpus`` on a local cluster of 1 worker, (3) of 2 workers. The
clusters are started and their pipelines built before the clock starts (that is a fixed cost,
printed apart). Prints the ratios: 2 workers vs 1 (goal >= 1.8 on 2 free cores) and the Dask
overhead, 1 worker vs one process (goal <= 10%).

``memory``: for each size, a ``run_corpus`` of 2 workers with the RSS of the driver and of all
its child processes (the workers) sampled every 0.2 s (psutil); prints the peak per size and
the ratio largest/smallest (goal: within 10%).

``resume``: ``newsprobe corpus run`` in a subprocess, killed with SIGKILL (its whole process
group) once a third is stored, then run again; prints stored ids vs input ids, duplicates and
missing (goal: equal, 0, 0).

``driver``: how many records per second one driver reads, keys and records in
``corpus_inputs`` (no analysis): the ceiling of one ``corpus run`` however many workers it has.

The machine is shared: ratios measured in one run are what to compare, not absolute rates.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

# One BLAS/OpenMP thread, as the Dask workers have (runner.dask_client): on a shared machine a
# process with more threads gets a larger share of the CPU, which would flatter the baseline.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import describe  # noqa: E402

LIGHT = "parse,furniture,stories"

# --- our own news texts: varied, real length -------------------------------------------------
PLACES = ["Kessling", "Orrin", "Dellmore", "Fenwick", "Marlow", "Tarsby", "Ulvik", "Brennor", "Castor Bay", "Hollin"]
PEOPLE = ["Mara Lindqvist", "Edda Holm", "Tomas Brandt", "Ines Okafor", "Pavel Rusu", "Lena Vogt", "Samir Haddad",
          "Nora Quist", "Jonas Aalto", "Ruth Menon", "Olek Sadowski", "Beatrix Fane"]
ROLES = ["the mayor", "a council spokesperson", "the regional health director", "a union representative",
         "the head of the port authority", "an economist at the university", "the school board chair"]
TOPICS = ["the new tram line", "the harbour repairs", "the hospital budget", "the school closures", "the flood barrier",
          "the rise in rents", "the ferry timetable", "the water tariff", "the wind farm plan", "the library cuts"]
VERBS = ["approved", "rejected", "delayed", "expanded", "questioned", "defended", "postponed", "revised"]
SENTENCES = [
    "The council of {place} {verb} {topic} on {day}, after a debate that lasted more than {n} hours.",
    "\"We cannot keep asking residents to wait,\" said {person}, {role}.",
    "According to figures published by the regional statistics office, costs rose by {n} percent last year.",
    "Critics say {topic} will mostly benefit the larger towns, while smaller villages see little change.",
    "{person} told reporters that the decision was \"a step in the right direction, but only a step\".",
    "The plan may need another vote in {month}, officials said, if the budget is not balanced by then.",
    "Residents of {place} have collected {n}00 signatures against parts of {topic}.",
    "It is not yet clear whether the national government will contribute to {topic}.",
    "A report by the audit office found that earlier estimates were probably too low.",
    "\"The numbers do not add up,\" {person} said in a statement on {day}.",
    "Shops near the town centre reported fewer customers during the works, the chamber of commerce said.",
    "The opposition called for an independent review of {topic} before any further spending.",
    "Work is expected to start in {month} and last about {n} months, weather permitting.",
    "In a letter to the council, {n} local businesses asked for clearer timelines.",
    "{role} said the figures would be checked again before the final decision.",
    "Some experts believe the costs could double, although others call that estimate exaggerated.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["March", "April", "June", "September", "October", "November"]


def article(i: int, seed: int = 0) -> dict[str, str]:
    """One generated article: 9-14 paragraphs of 3-5 sentences (500-900 words)."""
    r = random.Random(seed * 1_000_003 + i)
    place, topic = r.choice(PLACES), r.choice(TOPICS)

    def fill(s: str) -> str:
        return s.format(place=place, topic=topic, verb=r.choice(VERBS), day=r.choice(DAYS), n=r.randint(2, 40),
                        person=r.choice(PEOPLE), role=r.choice(ROLES), month=r.choice(MONTHS))

    title = f"{place} council {r.choice(VERBS)} {topic} (report {i})"
    paras = [" ".join(fill(r.choice(SENTENCES)) for _ in range(r.randint(3, 5))) for _ in range(r.randint(9, 14))]
    return {"id": f"bench-{seed}-{i}", "title": title, "text": title + "\n\n" + "\n\n".join(paras),
            "outlet": f"{r.choice(PLACES)} Courier", "url": f"https://news{i % 7}.example/{seed}/{i}"}


def write_corpus(path: str, n: int, seed: int = 0, offset: int = 0) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(offset, offset + n):
            f.write(json.dumps(article(i, seed)) + "\n")


def _stages(value: str) -> str | None:
    return None if value == "all" else value


# --- speedup and overhead ----------------------------------------------------------------------

def _pair(n: int, stages: str | None, batch_size: int | None) -> float:
    """Two plain one-process runs side by side (no Dask), each on half of the articles: the
    wall time until both are done. One process on all N over this is what 2 cores can give
    this work at best (memory bandwidth and caches are shared), with nothing else running."""
    half = n // 2
    cmd = [sys.executable, __file__, "speedup", "--modes", "process", "--n", str(half), "--stages", stages or "all"]
    if batch_size:
        cmd += ["--batch-size", str(batch_size)]
    t0 = time.perf_counter()
    procs = [subprocess.Popen(cmd + ["--offset", str(off)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
             for off in (0, half)]
    outs = [p.communicate()[0] for p in procs]
    wall = time.perf_counter() - t0
    secs = [float(line.split("TIMED ")[1]) for out in outs for line in out.splitlines() if line.startswith("TIMED ")]
    if len(secs) != 2:
        raise RuntimeError(f"a side-by-side run failed: {outs}")
    print(f"  two plain processes side by side, {half} articles each: {max(secs):.1f}s (each {secs[0]:.1f}s, "
          f"{secs[1]:.1f}s; pipeline loads not timed; {wall:.1f}s with them)")
    return max(secs)


def bench_speedup(n: int, stages: str | None, batch_size: int | None, tmp: str,
                  modes: tuple[str, ...] = ("process", "dask1", "dask2"), offset: int = 0,
                  rounds: int = 1) -> dict[str, float]:
    """Times each mode on the same N articles. With ``rounds`` R > 1 the articles are cut into R
    parts and the modes take turns on each part (process, dask1, dask2, process, ...), the
    clusters staying up between turns, so a change of the machine's load during the benchmark
    falls on every mode alike; each mode's time is the sum over the parts."""
    from contextlib import ExitStack

    from newsprobe.corpus.runner import dask_client, run_corpus
    from newsprobe.ingest import read_documents
    from newsprobe.run import StoreSink, run
    from newsprobe.settings import load_settings

    rounds = max(1, min(rounds, n))
    bounds = [offset + n * r // rounds for r in range(rounds + 1)]
    parts = []
    for r in range(rounds):
        path = os.path.join(tmp, f"speed{r}.jsonl")
        write_corpus(path, bounds[r + 1] - bounds[r], offset=bounds[r])
        parts.append(path)
    warm = os.path.join(tmp, "warm.jsonl")
    write_corpus(warm, 4, seed=99)
    settings = load_settings(stages=stages, batch_size=batch_size, encoder_threads=1)
    words = sum(len(article(i)["text"].split()) for i in range(offset, offset + n))
    print(f"{n} articles, {words / n:.0f} words on average; stages: {stages or 'all'}; {rounds} round(s); {describe()}")
    out: dict[str, float] = {}
    driver_cpu: dict[str, float] = {}
    worker_s: dict[str, float] = {}

    from newsprobe.api import load_pipeline
    from newsprobe.ml.minilm import configure_encoder

    configure_encoder(settings)  # one encoder thread, as each worker has (PipelinePlugin)
    with ExitStack() as stack:
        clients = {}
        if "process" in modes:
            t0 = time.perf_counter()
            load_pipeline(settings)
            print(f"  pipeline load in one process: {time.perf_counter() - t0:.1f}s (not timed below)")
        for workers in [w for w in (1, 2) if f"dask{w}" in modes]:
            t0 = time.perf_counter()
            client = stack.enter_context(dask_client(workers))
            run_corpus([warm], os.path.join(tmp, f"warm{workers}.duckdb"), settings=settings, client=client,
                       clusters=False)
            clients[f"dask{workers}"] = client
            print(f"  dask, {workers} worker(s): cluster start and pipeline load {time.perf_counter() - t0:.1f}s (not timed)")
        for r, part in enumerate(parts):
            size = bounds[r + 1] - bounds[r]
            for mode in [m for m in ("process", "dask1", "dask2") if m in modes]:
                t0 = time.perf_counter()
                cpu0 = time.process_time()
                if mode == "process":
                    summary = run(read_documents([part], settings=settings),
                                  sinks=[StoreSink(os.path.join(tmp, f"p{r}.duckdb"))], settings=settings)
                    assert summary.n_ok == size, summary.failures[:3]
                else:
                    s = run_corpus([part], os.path.join(tmp, f"{mode}-{r}.duckdb"), settings=settings,
                                   client=clients[mode], clusters=False)
                    assert s.analysed == size, s.failures[:3]
                    driver_cpu[mode] = driver_cpu.get(mode, 0.0) + time.process_time() - cpu0
                    worker_s[mode] = worker_s.get(mode, 0.0) + s.worker_seconds
                out[mode] = out.get(mode, 0.0) + time.perf_counter() - t0
            if rounds > 1:
                print(f"  round {r + 1}/{rounds} ({size} articles, load average {os.getloadavg()[0]:.2f}): "
                      + ", ".join(f"{m} {out[m]:.1f}s so far" for m in out))
    if "process" in out:
        print(f"TIMED {out['process']:.3f}")
        print(f"  one process (newsprobe.run.run): {out['process']:.1f}s, {n / out['process']:.2f} articles/s, "
              f"{words / out['process']:.0f} words/s")
    for mode in [m for m in ("dask1", "dask2") if m in out]:
        print(f"  dask, {mode[-1]} worker(s): {out[mode]:.1f}s, {n / out[mode]:.2f} articles/s; driver CPU "
              f"{driver_cpu[mode]:.1f}s ({driver_cpu[mode] / n * 1000:.0f} ms per article), workers' analysis "
              f"{worker_s[mode]:.1f}s")
    if "pair" in modes:
        out["pair"] = _pair(n, stages, batch_size)
        if "process" in out:
            print(f"RATIO two plain processes vs one (the ceiling for 2 workers here): {out['process'] / out['pair']:.2f}x")
    if "dask1" in out and "dask2" in out:
        print(f"RATIO 2 workers vs 1 worker: {out['dask1'] / out['dask2']:.2f}x (goal >= 1.8 on 2 free cores)")
    if "dask1" in out and "process" in out:
        print(f"RATIO Dask overhead, 1 worker vs one process: {(out['dask1'] / out['process'] - 1) * 100:+.1f}% "
              "(goal <= 10%)")
    if "dask1" in out:
        print(f"per-core rate (1 worker): {n / out['dask1']:.2f} articles/s, {words / out['dask1']:.0f} words/s")
    return out


def bench_driver_cpu(n: int, stages: str | None, workers: int, tmp: str, path: str | None = None) -> None:
    """The driver's own CPU per article in a real ``run_corpus`` (this process: reading, keying,
    ``corpus_inputs``, the in-process scheduler, store writes; not the workers): what bounds
    how many workers one driver can feed."""
    from newsprobe.corpus.runner import run_corpus
    from newsprobe.settings import load_settings

    if path is None:
        path = os.path.join(tmp, "drv.jsonl")
        write_corpus(path, n)
    settings = load_settings(stages=stages)
    c0, t0 = time.process_time(), time.perf_counter()
    s = run_corpus([path], os.path.join(tmp, "drv.duckdb"), settings=settings, workers=workers, clusters=False)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    print(f"{s.analysed:,} articles, stages {stages or 'all'}, {workers} workers: {wall:.1f}s wall "
          f"(cluster start included), driver CPU {cpu:.1f}s = {cpu / max(1, s.analysed) * 1000:.2f} ms per article; "
          f"{describe()}")


def bench_driver(n: int, tmp: str) -> None:
    """What one driver can feed: reading and keying records (``iter_corpus``: JSON parse,
    language detection) and recording them in ``corpus_inputs``, without any analysis."""
    from newsprobe.corpus.runner import CorpusSink, _batches
    from newsprobe.corpus.sources import iter_corpus
    from newsprobe.corpus.status import InputRow
    from newsprobe.settings import load_settings

    corpus = os.path.join(tmp, "driver.jsonl")
    write_corpus(corpus, n)
    t0 = time.perf_counter()
    read = sum(1 for _ in iter_corpus([corpus]))
    t_read = time.perf_counter() - t0
    sink = CorpusSink(os.path.join(tmp, "driver.duckdb"), [corpus], n)
    sink.start("corpus run bench", load_settings())
    t0 = time.perf_counter()
    for batch in _batches(iter_corpus([corpus]), 32):
        sink.register([InputRow(k, corpus, d.source, d.line) for k, d in batch], [])
    t_all = time.perf_counter() - t0
    print(f"driver, {read:,} records; {describe()}")
    print(f"  read and key: {read / t_read:.0f} records/s; read, key and record in corpus_inputs (batches of 32): "
          f"{read / t_all:.0f} records/s")


# --- peak memory ------------------------------------------------------------------------------

class PeakRSS:
    """The largest sum of RSS over this process and all its descendants, sampled every 0.2 s."""

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.peak = 0
        self.at_peak = ""  #: the peak's parts: this process (driver, scheduler, nannies), child processes (Dask workers and helpers)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> tuple[int, str]:
        parts: dict[str, list[int]] = {"driver": [], "child processes": []}
        for p in [self.me, *self.me.children(recursive=True)]:
            try:
                rss = p.memory_info().rss
                kind = "driver" if p.pid == self.me.pid else "child processes"
            except Exception:  # a process that just ended
                continue
            parts[kind].append(rss)
        text = ", ".join(f"{k} {' + '.join(f'{v / 2**20:.0f}' for v in vs)}" for k, vs in parts.items() if vs)
        return sum(sum(vs) for vs in parts.values()), text

    def _loop(self) -> None:
        while not self._stop.is_set():
            total, text = self._sample()
            if total > self.peak:
                self.peak, self.at_peak = total, text
            self._stop.wait(0.2)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench_memory(sizes: list[int], stages: str | None, workers: int, batch_size: int | None, tmp: str,
                 clusters: bool = False) -> None:
    from newsprobe.corpus.runner import compute_clusters_if_available, dask_client, run_corpus
    from newsprobe.settings import load_settings

    settings = load_settings(stages=stages, batch_size=batch_size)
    print(f"peak RSS (driver + {workers} workers), stages: {stages or 'all'}; {describe()}")
    peaks: dict[int, int] = {}
    cpeaks: dict[int, int] = {}
    for n in sizes:
        corpus = os.path.join(tmp, f"mem{n}.jsonl")
        write_corpus(corpus, n, seed=n)
        with PeakRSS() as rss:
            t0 = time.perf_counter()
            with dask_client(workers) as client:
                s = run_corpus([corpus], os.path.join(tmp, f"mem{n}.duckdb"), settings=settings, client=client,
                               clusters=False)
            seconds = time.perf_counter() - t0
        assert s.analysed == n, s.failures[:3]
        peaks[n] = rss.peak
        print(f"  {n:>8,} articles: peak {rss.peak / 2**20:,.0f} MiB ({rss.at_peak} MiB) in {seconds:.0f}s "
              f"({n / seconds:.1f} articles/s)")
        if clusters:  # the step `corpus run` ends with: reposts, quotes and claims across the corpus
            with PeakRSS() as crss:
                t0 = time.perf_counter()
                counts, note = compute_clusters_if_available(os.path.join(tmp, f"mem{n}.duckdb"), settings)
                seconds = time.perf_counter() - t0
            cpeaks[n] = crss.peak
            print(f"  {n:>8,} articles, clusters {counts}{' (' + note + ')' if note else ''}: peak {crss.peak / 2**20:,.0f} MiB "
                  f"in {seconds:.0f}s")
        os.remove(corpus)
    small, big = min(sizes), max(sizes)
    print(f"RATIO peak memory {big:,} vs {small:,} articles: {peaks[big] / peaks[small]:.3f} (goal <= 1.10)")
    if clusters:
        print(f"RATIO peak memory of the clusters step {big:,} vs {small:,} articles: {cpeaks[big] / cpeaks[small]:.3f}")


# --- kill -9, then resume ----------------------------------------------------------------------

def _stored_ids(store: str) -> Iterator[str]:
    import duckdb

    con = duckdb.connect(store, read_only=True)
    try:
        yield from (r[0] for r in con.execute("SELECT id FROM articles").fetchall())
    finally:
        con.close()


def bench_resume(n: int, stages: str | None, workers: int, tmp: str) -> None:
    from newsprobe.corpus.status import corpus_status
    from newsprobe.errors import NewsprobeError

    corpus, store = os.path.join(tmp, "resume.jsonl"), os.path.join(tmp, "resume.duckdb")
    write_corpus(corpus, n, seed=7)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    args = [sys.executable, "-m", "newsprobe", "corpus", "run", corpus, "--store", store, "--workers", str(workers),
            "--no-clusters", "-q"] + (["--stages", stages] if stages else [])
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    done = 0
    try:
        while proc.poll() is None and done < n // 3:
            time.sleep(1)
            try:
                done = corpus_status(store).done
            except NewsprobeError:
                pass
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    mid = corpus_status(store)
    print(f"killed (SIGKILL, driver and workers) with {mid.done:,} done, {mid.pending:,} pending of {n:,}")
    t0 = time.perf_counter()
    rc = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    ids = list(_stored_ids(store))
    wanted = {f"bench-7-{i}" for i in range(n)}
    after = corpus_status(store)
    print(f"resumed in {time.perf_counter() - t0:.0f}s (exit {rc}): {len(ids):,} stored ids, {len(set(ids)):,} distinct")
    print(f"RESULT input ids {n:,}, stored {len(set(ids) & wanted):,}, missing {len(wanted - set(ids)):,}, "
          f"duplicated {len(ids) - len(set(ids)):,}, unexpected {len(set(ids) - wanted):,}; "
          f"status done {after.done:,} failed {after.failed:,} pending {after.pending:,}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("part", choices=["speedup", "memory", "resume", "driver", "drivercpu", "generate"])
    ap.add_argument("--input", help="drivercpu: a JSON Lines corpus to run instead of generated texts")
    ap.add_argument("--modes", default="process,dask1,dask2,pair",
                    help="speedup: which of process,dask1,dask2,pair to time (pair: two plain processes side by side)")
    ap.add_argument("--offset", type=int, default=0, help="speedup: first article number (pair uses it)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="speedup: cut the articles into this many parts and let the modes take turns on each")
    ap.add_argument("--n", type=int, default=1000, help="articles (speedup, resume, generate)")
    ap.add_argument("--sizes", default="10000,100000", help="corpus sizes for memory, comma-separated")
    ap.add_argument("--stages", default=None, help="stages (default: all for speedup, parse,furniture,stories otherwise)")
    ap.add_argument("--workers", type=int, default=2, help="workers (memory, resume)")
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--clusters", action="store_true", help="memory: also the clusters step, measured apart")
    ap.add_argument("-o", "--output", help="generate: where to write the JSON Lines corpus")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        if a.part == "speedup":
            bench_speedup(a.n, _stages(a.stages or "all"), a.batch_size, tmp, tuple(a.modes.split(",")), a.offset,
                          a.rounds)
        elif a.part == "driver":
            bench_driver(a.n, tmp)
        elif a.part == "drivercpu":
            bench_driver_cpu(a.n, _stages(a.stages or LIGHT), a.workers, tmp, a.input)
        elif a.part == "memory":
            bench_memory([int(s) for s in a.sizes.split(",")], _stages(a.stages or LIGHT), a.workers, a.batch_size, tmp,
                         a.clusters)
        elif a.part == "resume":
            bench_resume(a.n, _stages(a.stages or LIGHT), a.workers, tmp)
        else:
            write_corpus(a.output or "corpus.jsonl", a.n)


if __name__ == "__main__":
    main()
