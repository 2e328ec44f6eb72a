"""Load on the web service, against the in-process pipeline on the same machine, in one run.

    .venv/bin/python benchmarks/bench_web_load.py [--levels 1,4,16] [--per-client 4] [--stages ...]

1. In-process: the pipeline analyses ARTICLE (about 600 words, our own writing) one call at a
   time (the median is the "in-process analysis time"), then as one ``pipe`` batch (throughput).
2. Server: ``newsprobe serve`` in a subprocess on a free 127.0.0.1 port (loopback only); for
   each concurrency level, that many clients each send ``--per-client`` POST /api/analyze
   requests back to back (a bounded number, so the run stops by itself). Reported: p50 and
   p99 latency, errors (any answer but 200), lost requests (no answer at all), throughput.
   Then ``--pairs`` times: one in-process analysis, one request to the idle server (a paired
   ratio, steadier than comparing runs minutes apart on a shared machine).
3. Before each level and after the last, the in-process pipeline analyses ``--batch`` copies as
   one batch; each level's throughput is compared with the mean of its two neighbours (the
   machine's load changes from minute to minute). Ratios: paired server / in-process time for
   one client (goal <= 1.2); throughput at the highest level / in-process batch throughput, and /
   in-process one-at-a-time throughput from the pairs (goal >= 0.8).

The machine may be shared: compare the ratios, not the seconds. The server is stopped at the end
(and on any error).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = """Valley towns race to fix ageing water mains before winter

Engineers in the Brenner valley have begun replacing the oldest stretch of water mains in the region, a network of cast-iron pipes laid in the 1950s that has burst eleven times since January. The work, which closes two lanes of the main road through Altmoor until the end of October, is expected to cost 14 million euros.

"We are fixing pipes that were designed for half the people who live here now," said Katrin Oyelaran, the utility's chief engineer, at a briefing on Monday. She said crews would work in three shifts so that no household loses water for more than six hours at a time.

Residents have mixed feelings. Tobias Hennequin, who runs a bakery on the main road, said the closures had already cut his morning trade by a third. "Everyone agrees the pipes must be replaced, but nobody asked the shops how long we can survive with a building site outside the door," he said. The town council has promised a small fund for businesses along the route, although the amount has not been set.

According to the regional audit office, about a fifth of the valley's drinking water is lost through leaks before it reaches a tap. The office's report, published in March, warned that the rate could double within a decade if nothing is done, and it criticised the utility for spending too little on maintenance during the years of low interest rates.

The utility disputes part of that account. Its spokesperson, Amadou Lindgren, said the audit counted water used for flushing and firefighting as lost, which in his view overstates the problem. He added that the utility had doubled its maintenance budget since 2021 and that the current project was planned long before the audit appeared.

Environmental groups welcome the repairs but say they are not enough. The Valley Rivers Trust argues that less water drawn from the river would help the trout population recover after two dry summers. "Every litre that leaks is a litre taken from the river for nothing," said Greta Vasquez, the trust's director. The group wants the utility to publish leak figures for each district every month.

Some experts urge caution about quick fixes. Professor Henrik Adeyemi, who studies water networks at the technical university in Steinfeld, said replacing pipes is only part of the answer. Pressure management, he said, can reduce bursts in older networks by as much as forty percent at a fraction of the cost, although it requires sensors that many small utilities cannot afford.

The valley is not alone. Across the country, utilities face the same problem of ageing networks and rising costs, and the national association of water suppliers estimates that pipes worth several billion euros will need replacing in the next twenty years. The government has proposed a loan programme for small utilities, but the plan has stalled in parliament over how the money would be divided between regions.

For now, the people of Altmoor are learning to live with the diggers. The school on Mill Street has moved its bus stop, the weekly market has shifted to the church square, and the council has printed leaflets with the timetable of the works. Oyelaran said the first section should be finished by the end of August, weather permitting, and that the remaining sections would follow in the autumn.

Asked whether bills would rise to pay for the project, she said the utility would present its tariff plan to the council in November and that any increase would be modest. Critics on the council say they will believe that when they see the numbers.
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))
    return ordered[k]


def in_process(stages: str | None, repeats: int, batch: int) -> dict[str, float]:
    from newsprobe.api import load_pipeline
    from newsprobe.ingest import article_from_text
    from newsprobe.settings import load_settings

    settings = load_settings(**({"stages": stages} if stages else {}))
    pipeline = load_pipeline(settings)
    pipeline(article_from_text(ARTICLE))  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        pipeline(article_from_text(ARTICLE))
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    list(pipeline.pipe([article_from_text(ARTICLE) for _ in range(batch)]))
    batch_s = time.perf_counter() - t
    return {"median_s": statistics.median(times), "seq_per_s": 1 / statistics.mean(times), "batch_per_s": batch / batch_s}


def paired(port: int, stages: str | None, pairs: int) -> dict[str, float]:
    """One in-process analysis, then one request to the idle server, ``pairs`` times: on a machine
    whose load changes from minute to minute, the ratio of neighbours is steadier than of runs."""
    import httpx

    from newsprobe.api import load_pipeline
    from newsprobe.ingest import article_from_text
    from newsprobe.settings import load_settings

    pipeline = load_pipeline(load_settings(**({"stages": stages} if stages else {})))
    local: list[float] = []
    remote: list[float] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as c:
        for _ in range(pairs):
            t = time.perf_counter()
            pipeline(article_from_text(ARTICLE))
            local.append(time.perf_counter() - t)
            t = time.perf_counter()
            r = c.post("/api/analyze", json={"text": ARTICLE})
            remote.append(time.perf_counter() - t)
            if r.status_code != 200:
                raise SystemExit(f"the server answered {r.status_code}: {r.text[:500]}")
    ratios = [b / a for a, b in zip(local, remote)]
    return {"in_process_s": statistics.median(local), "server_s": statistics.median(remote),
            "ratio": statistics.median(ratios)}


async def load_level(port: int, clients: int, per_client: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    lost = 0
    body = {"text": ARTICLE}

    async def client(c: httpx.AsyncClient) -> None:
        nonlocal lost
        for _ in range(per_client):
            t = time.perf_counter()
            try:
                r = await c.post("/api/analyze", json=body)
            except httpx.HTTPError as e:
                lost += 1
                errors.append(type(e).__name__)
                continue
            latencies.append(time.perf_counter() - t)
            if r.status_code != 200 or r.json().get("text") != ARTICLE:
                errors.append(str(r.status_code))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=600, limits=limits) as c:
        t = time.perf_counter()
        await asyncio.gather(*(client(c) for _ in range(clients)))
        wall = time.perf_counter() - t
    ok = len(latencies) - len([e for e in errors if e.isdigit()])
    return {"clients": clients, "requests": clients * per_client, "ok": ok, "errors": len(errors), "lost": lost,
            "p50_s": percentile(latencies, 0.5), "p99_s": percentile(latencies, 0.99), "per_s": ok / wall, "wall_s": wall}


def start_server(port: int, stages: str | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    if stages:
        env["NEWSPROBE_STAGES"] = stages
    cmd = [sys.executable, "-m", "newsprobe", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(proc: subprocess.Popen[bytes], port: int, limit: float = 300) -> None:
    import httpx

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise SystemExit(f"the server exited with {proc.returncode}:\n{err[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).json().get("models_loaded"):
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer within {limit:g} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", default="1,4,16", help="concurrent clients, comma-separated")
    ap.add_argument("--per-client", type=int, default=4, help="requests each client sends (16 clients: 64 requests)")
    ap.add_argument("--single-requests", type=int, default=8, help="requests at level 1 (for a steadier p50)")
    ap.add_argument("--repeats", type=int, default=8, help="in-process single analyses")
    ap.add_argument("--batch", type=int, default=16, help="articles in the in-process batch")
    ap.add_argument("--pairs", type=int, default=8, help="alternating in-process / server analyses (one client)")
    ap.add_argument("--stages", help="stage list (default: the default pipeline)")
    args = ap.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    print(f"article: {len(ARTICLE.split())} words, {len(ARTICLE)} characters; load average {os.getloadavg()[0]:.1f}",
          flush=True)
    base = in_process(args.stages, args.repeats, args.batch)
    print(f"in-process: median {base['median_s']:.3f} s per article; {base['seq_per_s']:.2f}/s one at a time, "
          f"{base['batch_per_s']:.2f}/s as a batch of {args.batch}", flush=True)
    port = free_port()
    proc = start_server(port, args.stages)
    rows = []
    rates = []  # in-process batch throughput before each level and after the last
    try:
        wait_ready(proc, port)
        asyncio.run(load_level(port, 1, 1))  # warm-up
        pair = paired(port, args.stages, args.pairs)
        print(f"paired, one client: in-process {pair['in_process_s']:.3f} s, server {pair['server_s']:.3f} s (medians); "
              f"median ratio of neighbours {pair['ratio']:.2f}", flush=True)
        for n in levels:
            rates.append(batch_rate(args.stages, args.batch))
            per = args.single_requests if n == 1 else args.per_client
            row = asyncio.run(load_level(port, n, per))
            rows.append(row)
            print(f"{n:>3} clients: {row['requests']} requests, {row['ok']} ok, {row['errors']} errors, {row['lost']} lost; "
                  f"p50 {row['p50_s']:.3f} s, p99 {row['p99_s']:.3f} s; {row['per_s']:.2f}/s "
                  f"(in-process batch just before: {rates[-1]:.2f}/s)", flush=True)
        rates.append(batch_rate(args.stages, args.batch))
        print(f"in-process batch after the last level: {rates[-1]:.2f}/s", flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    for i, row in enumerate(rows):  # against the in-process batch measured just before and just after
        row["in_process_batch_per_s"] = (rates[i] + rates[i + 1]) / 2
        row["over_in_process_batch"] = row["per_s"] / row["in_process_batch_per_s"]
    top = max(rows, key=lambda r: r["clients"])
    summary = {
        "paired_server_over_in_process": pair["ratio"],
        f"throughput_{top['clients']}_over_in_process_batch": top["over_in_process_batch"],
        f"throughput_{top['clients']}_over_in_process_sequential": top["per_s"] * pair["in_process_s"],
        "errors": sum(r["errors"] for r in rows), "lost": sum(r["lost"] for r in rows),
    }
    print("ratios: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in summary.items()))
    print(json.dumps({"in_process": base, "paired": pair, "levels": rows, "summary": summary}))


def batch_rate(stages: str | None, n: int) -> float:
    """Articles per second of the in-process pipeline analysing ``n`` copies as one batch."""
    from newsprobe.api import load_pipeline
    from newsprobe.ingest import article_from_text
    from newsprobe.settings import load_settings

    pipeline = load_pipeline(load_settings(**({"stages": stages} if stages else {})))
    t = time.perf_counter()
    list(pipeline.pipe([article_from_text(ARTICLE) for _ in range(n)]))
    return n / (time.perf_counter() - t)


if __name__ == "__main__":
    main()
